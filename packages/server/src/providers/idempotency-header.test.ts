import type { OutboundCommand } from '@switchboard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockHeyNow, type MockHeyNow } from '../mock-heynow';
import { IDEMPOTENCY_WINDOW_MS } from '../mock-heynow/contract-endpoints';
import { createTestApp, type TestApp } from '../testing/test-app';
import { createHeyNowDirectAdapter } from './heynow-direct/adapter';
import type { ProviderConfig } from './provider-adapter';
import { createWhatsAppCloudAdapter } from './whatsapp-cloud/adapter';

/** A fetch that answers 200 and keeps each request's headers. */
function capture() {
  const headers: Record<string, string>[] = [];
  const fetch = (async (_url: string, init?: RequestInit) => {
    headers.push({ ...(init?.headers as Record<string, string>) });
    return new Response('{"messages":[{"id":"wamid.1"}]}', { status: 200 });
  }) as typeof globalThis.fetch;
  return { fetch, headers };
}

const base: ProviderConfig = {
  id: 'p1',
  kind: 'heynow-direct',
  channel: 'whatsapp',
  platformId: '598',
  domain: 'https://hn.example',
  secret: 'partner-token-123',
};

describe('Idempotency-Key on every outbound call', () => {
  it('is sent by the Direct adapter on attended, message and end alike', async () => {
    const { fetch, headers } = capture();
    const adapter = createHeyNowDirectAdapter(base, { fetch, now: () => 0 });
    const commands: OutboundCommand[] = [
      { kind: 'attended', externalConversationId: 'c', agentName: 'Ana', idempotencyKey: 'k-att' },
      { kind: 'message', externalConversationId: 'c', content: { type: 'text', text: 'x' }, idempotencyKey: 'k-msg' },
      { kind: 'endConversation', externalConversationId: 'c', idempotencyKey: 'k-end' },
    ];
    for (const c of commands) await adapter.send(c);
    expect(headers.map((h) => h['idempotency-key'])).toEqual(['k-att', 'k-msg', 'k-end']);
  });

  it('is sent by the WhatsApp Cloud adapter too (harmless to Meta)', async () => {
    const { fetch, headers } = capture();
    const adapter = createWhatsAppCloudAdapter(
      { ...base, kind: 'whatsapp-cloud', domain: 'https://graph.example/v21.0', accessToken: 'tok-abc' },
      { fetch, now: () => 0 },
    );
    await adapter.send({ kind: 'message', to: '598', content: { type: 'text', text: 'x' }, idempotencyKey: 'k-wa' });
    expect(headers[0]?.['idempotency-key']).toBe('k-wa');
  });
});

describe('the mock HeyNow honours Idempotency-Key', () => {
  let clock = 1_000_000;
  const token = 'mock-partner-token';
  let mock: MockHeyNow;
  beforeAll(async () => {
    mock = createMockHeyNow({ partnerToken: token, now: () => clock, statusDelaysMs: false });
    await mock.start();
  });
  afterAll(() => mock.stop());

  const call = (path: string, key: string, body: object = { platformId: '598' }) =>
    fetch(`${mock.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });

  it('answers a repeated end as the first time and acts once; a new key is a new request', async () => {
    const first = await call('/conversations/conv-e/end', 'end-1');
    const again = await call('/conversations/conv-e/end', 'end-1');
    const other = await call('/conversations/conv-e/end', 'end-2');
    expect([first.status, again.status, other.status]).toEqual([200, 200, 200]);
    const ends = mock.received({ action: 'end', conversationId: 'conv-e' });
    expect(ends.map((c) => [c.idempotencyKey, c.duplicate ?? false])).toEqual([
      ['end-1', false],
      ['end-1', true],
      ['end-2', false],
    ]);
  });

  it('refuses a key reused for another request, and forgets keys after 24 hours', async () => {
    await call('/conversations/conv-a/attended', 'att-1', { agent: { name: 'Ana' } });
    expect((await call('/conversations/conv-b/attended', 'att-1', { agent: { name: 'Ana' } })).status).toBe(422);
    clock += IDEMPOTENCY_WINDOW_MS;
    await call('/conversations/conv-a/attended', 'att-1', { agent: { name: 'Ana' } });
    expect(mock.received({ action: 'attended', conversationId: 'conv-a' }).map((c) => c.duplicate ?? false)).toEqual([
      false,
      false,
    ]);
  });
});

describe('one-off sends carry a key', () => {
  const client = { username: 'forms', password: 'forms-password' };
  let t: TestApp;
  let mock: MockHeyNow;
  let admin: string;
  let id: string;
  beforeAll(async () => {
    mock = createMockHeyNow({ client });
    await mock.start();
    t = await createTestApp('sqlite');
    admin = (await t.sessionFor('administrator')).cookie;
    const res = await t.request({
      method: 'POST',
      url: '/api/providers',
      payload: { kind: 'heynow-client', name: 'forms', platformId: '598', domain: mock.url, ...client },
      as: admin,
    });
    id = res.json().id;
  });
  afterAll(async () => {
    await t.close();
    await mock.stop();
  });

  const send = (headers: Record<string, string> = {}) =>
    t.request({
      method: 'POST',
      url: `/api/providers/${id}/send`,
      payload: { to: '+59899123456', text: 'hola' },
      headers,
      as: admin,
    });

  it('a fresh one per send, or the caller’s own so a form submitted twice sends once', async () => {
    await send();
    await send();
    await send({ 'idempotency-key': 'form-42' });
    await send({ 'idempotency-key': 'form-42' });
    const calls = mock.received({ action: 'client-send' });
    expect(calls.map((c) => c.idempotencyKey?.startsWith('one-shot-'))).toEqual([true, true, true, true]);
    expect(new Set(calls.slice(0, 2).map((c) => c.idempotencyKey)).size).toBe(2);
    expect(calls.slice(2).map((c) => [c.idempotencyKey, c.duplicate ?? false])).toEqual([
      ['one-shot-form-42', false],
      ['one-shot-form-42', true],
    ]);
    expect((await send({ 'idempotency-key': 'bad key with spaces' })).statusCode).toBe(400);
  });
});
