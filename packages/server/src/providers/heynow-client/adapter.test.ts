import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockHeyNow, type MockHeyNow } from '../../mock-heynow';
import type { ProviderConfig } from '../provider-adapter';
import { createHeyNowClientAdapter } from './adapter';

const PASSWORD = 'pw-unit-3c9d';
let mock: MockHeyNow;
let config: ProviderConfig;

beforeAll(async () => {
  mock = createMockHeyNow({
    client: { username: 'forms', password: PASSWORD, tokenTtlSeconds: 3600 },
    statusDelaysMs: false,
  });
  const url = await mock.start();
  config = {
    id: 'hc1',
    kind: 'heynow-client',
    channel: 'whatsapp',
    platformId: 'P1',
    domain: url,
    username: 'forms',
    secret: PASSWORD,
  };
});
afterAll(() => mock.stop());
beforeEach(() => {
  mock.clearReceived();
  mock.clearFaults();
});

const text = (to = '+59899111222') => ({
  kind: 'message' as const,
  to,
  content: { type: 'text' as const, text: 'Su turno es mañana' },
});
const logins = () => mock.received({ action: 'login' });

describe('heynow-client', () => {
  it('logs in with {name, password} once and reuses the bearer token', async () => {
    const adapter = createHeyNowClientAdapter(config, { fetch, now: () => 0 });
    expect(await adapter.send(text())).toMatchObject({
      ok: true,
      providerMessageId: expect.stringMatching(/^hn-client-/),
    });
    expect(await adapter.send(text())).toMatchObject({ ok: true });
    expect(logins()).toHaveLength(1);
    expect(logins()[0]!.body).toEqual({ name: 'forms' });
    const sends = mock.received({ action: 'client-send' });
    expect(sends.map((s) => s.body)).toEqual([
      { platformId: 'P1', to: '+59899111222', type: 'text', text: 'Su turno es mañana' },
      { platformId: 'P1', to: '+59899111222', type: 'text', text: 'Su turno es mañana' },
    ]);
    expect(sends[0]!.authorization).toBe(sends[1]!.authorization);
  });

  it('shares one login between concurrent first sends', async () => {
    const adapter = createHeyNowClientAdapter(config, { fetch, now: () => 0 });
    const results = await Promise.all([adapter.send(text('1')), adapter.send(text('2')), adapter.send(text('3'))]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(logins()).toHaveLength(1);
  });

  it('refreshes once on 401 and retries the send once', async () => {
    const adapter = createHeyNowClientAdapter(config, { fetch, now: () => 0 });
    await adapter.send(text());
    mock.revokeClientTokens();
    expect(await adapter.send(text())).toMatchObject({ ok: true });
    expect(logins()).toHaveLength(2);
    expect(mock.received({ action: 'client-send' }).map((c) => c.status)).toEqual([200, 401, 200]);
  });

  it('does not loop when the fresh token is refused too: one refresh, then a permanent unauthorized', async () => {
    let sends = 0;
    let loginCount = 0;
    const f: typeof fetch = async (url) => {
      if (String(url).endsWith('/api/login')) {
        loginCount += 1;
        return new Response(JSON.stringify({ success: true, token: `t${loginCount}` }), { status: 200 });
      }
      sends += 1;
      return new Response(JSON.stringify({ error: 'token rejected' }), { status: 401 });
    };
    const adapter = createHeyNowClientAdapter(config, { fetch: f, now: () => 0 });
    expect(await adapter.send(text())).toMatchObject({ ok: false, retryable: false, code: 'unauthorized' });
    expect([loginCount, sends]).toEqual([2, 2]);
  });

  it('logs in again when the cached token reaches its announced expiry (injected clock)', async () => {
    let t = 0;
    const adapter = createHeyNowClientAdapter(config, { fetch, now: () => t });
    await adapter.send(text());
    t = 3600_000 - 120_000;
    await adapter.send(text());
    expect(logins()).toHaveLength(1);
    t = 3600_000;
    await adapter.send(text());
    expect(logins()).toHaveLength(2);
  });

  it('assumes 24 h when the login answer has no expiry', async () => {
    let t = 0;
    let loginCount = 0;
    const f: typeof fetch = async (url) => {
      if (String(url).endsWith('/api/login')) {
        loginCount += 1;
        return new Response(JSON.stringify({ success: true, token: 'tok' }), { status: 200 });
      }
      return new Response(JSON.stringify({ success: true, messageId: 7 }), { status: 200 });
    };
    const adapter = createHeyNowClientAdapter(config, { fetch: f, now: () => t });
    expect(await adapter.send(text())).toEqual({ ok: true, providerMessageId: '7' });
    t = 23 * 3600_000;
    await adapter.send(text());
    expect(loginCount).toBe(1);
    t = 24 * 3600_000;
    await adapter.send(text());
    expect(loginCount).toBe(2);
  });

  it('reports a refused login as permanent without the password', async () => {
    const adapter = createHeyNowClientAdapter({ ...config, secret: 'wrong-password-xyz' }, { fetch, now: () => 0 });
    const r = await adapter.send(text());
    expect(r).toMatchObject({ ok: false, retryable: false, code: 'unauthorized' });
    expect(JSON.stringify(r)).not.toContain('wrong-password-xyz');
    expect(JSON.stringify(mock.received())).not.toContain('wrong-password-xyz');
  });

  it('reports an unavailable login as retryable, then recovers', async () => {
    const adapter = createHeyNowClientAdapter(config, { fetch, now: () => 0 });
    mock.failNext(503);
    expect(await adapter.send(text())).toMatchObject({ ok: false, retryable: true, code: 'provider_unavailable' });
    expect(await adapter.send(text())).toMatchObject({ ok: true });
  });

  it('sends templates with their parameters', async () => {
    const adapter = createHeyNowClientAdapter(config, { fetch, now: () => 0 });
    await adapter.send({
      kind: 'message',
      to: '+1',
      content: { type: 'template', name: 'turno', language: 'es', params: ['Ana', 'lunes'] },
    });
    expect(mock.received({ action: 'client-send' })[0]!.body).toEqual({
      platformId: 'P1',
      to: '+1',
      type: 'template',
      template: { name: 'turno', language: 'es', params: ['Ana', 'lunes'] },
    });
  });

  it('answers attended and endConversation with not_supported, and refuses inbound', async () => {
    const adapter = createHeyNowClientAdapter(config, { fetch, now: () => 0 });
    expect(await adapter.send({ kind: 'attended', externalConversationId: 'c', agentName: 'A' })).toMatchObject({
      ok: false,
      retryable: false,
      code: 'not_supported',
    });
    expect(adapter.verify({ headers: {}, rawBody: Buffer.alloc(0) })).toEqual({
      ok: false,
      reason: 'heynow-client is send-only: the Client API has no webhook',
    });
    expect(mock.received()).toHaveLength(0);
  });
});
