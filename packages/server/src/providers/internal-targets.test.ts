// Provider calls must not become a way into the machine or its network (SSRF): refused when saved, refused
// again when sent (on the address the name resolves to), and never redirected elsewhere.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dialectsUnderTest } from '../storage/test-databases';
import { createTestApp, type TestApp } from '../testing/test-app';
import type { Resolve } from './outbound-guard';

const dialects = await dialectsUnderTest();

interface Recorder {
  url: string;
  hits: { method: string; path: string; body: string }[];
  close(): Promise<void>;
}

/** A local HTTP server that records every request and answers with `answer`. */
async function recorder(
  answer: (req: IncomingMessage) => { status: number; headers?: Record<string, string>; body: string },
): Promise<Recorder> {
  const hits: Recorder['hits'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ method: req.method ?? '', path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
      const a = answer(req);
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const direct = (name: string, domain: string) => ({
  kind: 'heynow-direct' as const,
  name,
  domain,
  platformId: '598',
  partnerToken: 'pt-internal-targets',
});

describe.each(dialects)('provider domains pointing inside, when saved (%s)', (dialect) => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    // No allow-list: what a production server without SWITCHBOARD_OUTBOUND_ALLOWLIST does.
    t = await createTestApp(dialect, { outboundAllowlist: [] });
    admin = (await t.sessionFor('administrator')).cookie;
  });
  afterAll(() => t.close());

  it.each([
    ['http://127.0.0.1:3001', 'loopback'],
    ['http://localhost:3001', 'a name for this machine'],
    ['http://[::1]:3001', 'loopback'],
    ['http://0.0.0.0:3001', 'unspecified'],
    ['http://169.254.169.254/latest', 'link-local'],
    ['http://10.0.0.7', 'private'],
    ['http://metadata.google.internal', 'cloud metadata'],
    ['http://2130706433:3001', 'loopback'],
    ['https://user:secret@api.heynow.example', 'user:pass@'],
  ])('refuses %s with a 400 naming the domain and the reason (%s)', async (domain, reason) => {
    const res = await t.request({
      method: 'POST',
      url: '/api/providers',
      payload: direct(`p-${domain}`, domain),
      as: admin,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'validation_failed', field: 'domain' });
    expect(res.json().message).toMatch(/^domain: /);
    expect(res.json().message).toContain(reason);
    expect(res.body).not.toContain('secret@');
  });

  it('refuses the same when an edit moves a provider inside', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/providers',
      payload: direct('outside', 'https://api.heynow.example'),
      as: admin,
    });
    expect(created.statusCode).toBe(201);
    const res = await t.request({
      method: 'PATCH',
      url: `/api/providers/${created.json().id}`,
      payload: { domain: 'http://169.254.169.254' },
      as: admin,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'domain' });
    expect(res.json().message).toContain('link-local');
    expect((await t.services.providers.get(created.json().id)).domain).toBe('https://api.heynow.example');
  });
});

describe('provider calls, when sent', () => {
  const apps: TestApp[] = [];
  const servers: Recorder[] = [];
  afterEach(async () => {
    while (apps.length > 0) await apps.pop()!.close();
    while (servers.length > 0) await servers.pop()!.close();
  });
  // DNS rebinding in one line: a public-looking name whose answer is this machine.
  const toLoopback: Resolve = async () => [{ address: '127.0.0.1', family: 4 }];
  const message = {
    kind: 'message' as const,
    externalConversationId: 'c-1',
    content: { type: 'text' as const, text: 'hola' },
  };

  it('refuses a saved public-looking name that resolves to 127.0.0.1, and reaches nothing', async () => {
    const target = await recorder(() => ({ status: 201, body: '{"messageId":"x"}' }));
    servers.push(target);
    const t = await createTestApp('sqlite', { outboundAllowlist: [], extras: { resolve: toLoopback } });
    apps.push(t);
    const port = new URL(target.url).port;
    const provider = await t.services.providers.create(direct('rebinding', `http://heynow.example.com:${port}`));
    const adapter = await t.services.providerAdapters.get(provider.id);
    const result = await adapter!.send(message);
    expect(result).toMatchObject({ ok: false, retryable: false, code: 'rejected' });
    expect(!result.ok && result.message).toContain('heynow.example.com: it resolves to 127.0.0.1, a loopback address');
    expect(target.hits).toHaveLength(0);
  });

  it('connects to the very address the resolver gave once the name is allow-listed (the control)', async () => {
    const target = await recorder(() => ({ status: 201, body: '{"messageId":"hn-1"}' }));
    servers.push(target);
    const t = await createTestApp('sqlite', {
      outboundAllowlist: ['heynow.example.com'],
      extras: { resolve: toLoopback },
    });
    apps.push(t);
    const port = new URL(target.url).port;
    const provider = await t.services.providers.create(direct('gateway', `http://heynow.example.com:${port}`));
    const result = await (await t.services.providerAdapters.get(provider.id))!.send(message);
    expect(result).toEqual({ ok: true, providerMessageId: 'hn-1' });
    expect(target.hits.map((h) => h.path)).toEqual(['/conversations/c-1/messages']);
  });

  it('refuses at send time a provider stored pointing inside before the check existed', async () => {
    const target = await recorder(() => ({ status: 201, body: '{}' }));
    servers.push(target);
    const t = await createTestApp('sqlite', { outboundAllowlist: [] });
    apps.push(t);
    const provider = await t.services.providers.create(direct('old', 'https://api.heynow.example'));
    await t.database.db.updateTable('providers').set({ domain: target.url }).where('id', '=', provider.id).execute();
    t.services.providerAdapters.invalidate(provider.id);
    const result = await (await t.services.providerAdapters.get(provider.id))!.send(message);
    expect(result).toMatchObject({ ok: false, retryable: false, code: 'rejected' });
    expect(!result.ok && result.message).toContain('127.0.0.1, a loopback address');
    expect(target.hits).toHaveLength(0);
  });

  it('does not follow a redirect: the Client API login body (with the password) goes nowhere else', async () => {
    const elsewhere = await recorder(() => ({ status: 200, body: '{"success":true,"token":"stolen"}' }));
    const redirecting = await recorder(() => ({
      status: 307,
      headers: { location: `${elsewhere.url}/api/login` },
      body: '{"error":"moved: internal detail"}',
    }));
    servers.push(elsewhere, redirecting);
    const t = await createTestApp('sqlite');
    apps.push(t);
    const provider = await t.services.providers.create({
      kind: 'heynow-client',
      name: 'forms',
      username: 'forms',
      password: 'forms-password-123',
      platformId: '598',
      domain: redirecting.url,
    });
    const result = await (await t.services.providerAdapters.get(provider.id))!.send({
      kind: 'message',
      to: '+59899123456',
      content: { type: 'text', text: 'hola' },
    });
    expect(result).toMatchObject({ ok: false, retryable: false, code: 'rejected', httpStatus: 307 });
    expect(!result.ok && result.message).toContain('HTTP 307 redirect refused');
    expect(!result.ok && result.message).not.toContain('internal detail');
    expect(redirecting.hits.map((h) => h.path)).toEqual(['/api/login']);
    expect(elsewhere.hits).toHaveLength(0);
  });
});
