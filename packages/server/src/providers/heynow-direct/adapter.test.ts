import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createProviderAdapter } from '../create-provider-adapter';
import type { ProviderConfig } from '../provider-adapter';
import { createHeyNowDirectAdapter } from './adapter';

const TOKEN = 'pt-unit-1234';
const config: ProviderConfig = {
  id: 'hn1',
  kind: 'heynow-direct',
  channel: 'whatsapp',
  platformId: 'P1',
  domain: 'https://hn.example/direct/',
  secret: TOKEN,
};
const now = () => 1_000;

interface Seen {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

function fakeFetch(answer: (seen: Seen) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const f: typeof fetch = async (url, init) => {
    const s = {
      url: String(url),
      headers: init?.headers as Record<string, string>,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    seen.push(s);
    return answer(s);
  };
  return { seen, fetch: f };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('heynow-direct verify', () => {
  const adapter = createHeyNowDirectAdapter(config, { fetch, now });
  const body = Buffer.from('{"event":"customer_left","conversationId":"c1"}');
  const sig = (raw: Buffer, key = TOKEN) => `sha256=${createHmac('sha256', key).update(raw).digest('hex')}`;

  it('accepts the partner token header', () => {
    expect(adapter.verify({ headers: { 'x-heynow-partner-token': TOKEN }, rawBody: body })).toEqual({ ok: true });
  });

  it('rejects a wrong partner token, including a prefix of the right one', () => {
    expect(adapter.verify({ headers: { 'x-heynow-partner-token': 'nope' }, rawBody: body }).ok).toBe(false);
    expect(adapter.verify({ headers: { 'x-heynow-partner-token': TOKEN.slice(0, -1) }, rawBody: body }).ok).toBe(false);
  });

  it('checks the signature first: a right token does not rescue a wrong signature', () => {
    const r = adapter.verify({
      headers: { 'x-heynow-signature': sig(body, 'other'), 'x-heynow-partner-token': TOKEN },
      rawBody: body,
    });
    expect(r).toEqual({ ok: false, reason: 'x-heynow-signature does not match the body' });
  });

  it('rejects signatures in another format', () => {
    const hex = createHmac('sha256', TOKEN).update(body).digest('hex');
    for (const value of [hex, `sha1=${hex}`, 'sha256=zz', `sha256=${hex.slice(2)}`]) {
      expect(adapter.verify({ headers: { 'x-heynow-signature': value }, rawBody: body }).ok).toBe(false);
    }
  });

  it('accepts an upper-case hex signature and a repeated header (first value)', () => {
    expect(
      adapter.verify({
        headers: { 'x-heynow-signature': sig(body).toUpperCase().replace('SHA256', 'sha256') },
        rawBody: body,
      }).ok,
    ).toBe(true);
    expect(adapter.verify({ headers: { 'x-heynow-signature': [sig(body), 'sha256=00'] }, rawBody: body }).ok).toBe(
      true,
    );
  });
});

describe('heynow-direct parse', () => {
  const adapter = createHeyNowDirectAdapter(config, { fetch, now });
  const parse = (value: unknown) => adapter.parse(Buffer.from(JSON.stringify(value)));

  it('parses a batch in order', () => {
    const r = parse({
      events: [
        { event: 'message', conversationId: 'c', messageId: 'm1', text: 'a' },
        { event: 'customer_left', conversationId: 'c' },
      ],
    });
    expect(r.ok && r.events.map((e) => e.kind)).toEqual(['message', 'customer_left']);
  });

  it('uses contact.id as the number when there is no phone, and the clock when there is no timestamp', () => {
    const r = parse({ event: 'handoff', conversationId: 'c', contact: { id: 'hn-client-9' }, skill: 'Ventas' });
    expect(r).toEqual({
      ok: true,
      events: [
        {
          kind: 'handoff',
          externalConversationId: 'c',
          platformId: 'P1',
          customer: { number: 'hn-client-9' },
          skill: 'Ventas',
          deliveryKey: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) as string,
          at: 1_000,
        },
      ],
    });
  });

  it('names a hand-off without a messageId by what it says: the same on redelivery, new for a later one', () => {
    const key = (value: unknown, at: number) => {
      const r = createHeyNowDirectAdapter(config, { fetch, now: () => at }).parse(Buffer.from(JSON.stringify(value)));
      return r.ok && r.events[0]?.kind === 'handoff' ? r.events[0].deliveryKey : undefined;
    };
    const bare = { event: 'handoff', conversationId: 'c', contact: { id: 'x' }, skill: 's', text: 'hola' };
    expect(key(bare, 1_000)).toBeDefined();
    // Received again later: the receive time is not part of it.
    expect(key(bare, 9_000)).toBe(key(bare, 1_000));
    expect(key({ ...bare, timestamp: 5 }, 1)).toBe(key({ ...bare, timestamp: 5 }, 2));
    expect(key({ ...bare, timestamp: 6 }, 1)).not.toBe(key({ ...bare, timestamp: 5 }, 1));
    expect(key({ ...bare, conversationId: 'd' }, 1)).not.toBe(key(bare, 1));
    // With a messageId, that id names it.
    expect(key({ ...bare, messageId: 'm' }, 1)).toBeUndefined();
  });

  it('keeps an empty skill (routing applies the no-match rule) and base64 attachments', () => {
    const r = parse({
      event: 'handoff',
      conversationId: 'c',
      contact: { phone: '+598' },
      skill: '',
      attachments: [{ data: 'AAEC', mimeType: 'image/png' }],
    });
    expect(r).toMatchObject({
      ok: true,
      events: [{ skill: '', firstMessage: { attachments: [{ base64: 'AAEC', mimeType: 'image/png' }] } }],
    });
  });

  it('refuses a hand-off for another platform id', () => {
    expect(
      parse({ event: 'handoff', conversationId: 'c', platformId: 'P2', contact: { phone: '1' }, skill: 's' }),
    ).toMatchObject({ ok: false, field: 'platformId' });
  });

  it('refuses a message with neither text nor attachments, and an empty batch', () => {
    expect(parse({ event: 'message', conversationId: 'c', messageId: 'm' })).toMatchObject({
      ok: false,
      field: 'text',
    });
    expect(parse({ events: [] })).toMatchObject({ ok: false, field: 'events' });
  });

  it('keeps a status error', () => {
    expect(
      parse({ event: 'status', messageId: 'o1', status: 'failed', error: { code: '470', message: 'window closed' } }),
    ).toMatchObject({
      ok: true,
      events: [{ kind: 'status', status: 'failed', error: { code: '470', message: 'window closed' } }],
    });
  });
});

describe('heynow-direct send', () => {
  it('posts to {domain}/conversations/{id}/… with the bearer partner token and an encoded id', async () => {
    const f = fakeFetch(() => json(201, { messageId: 'hn-9' }));
    const adapter = createHeyNowDirectAdapter(config, { fetch: f.fetch, now });
    const r = await adapter.send({
      kind: 'message',
      externalConversationId: 'a/b',
      content: { type: 'media', url: 'https://f/x.pdf', mimeType: 'application/pdf', name: 'x.pdf' },
      idempotencyKey: 'out-1',
    });
    expect(r).toEqual({ ok: true, providerMessageId: 'hn-9' });
    expect(f.seen[0]).toMatchObject({
      url: 'https://hn.example/direct/conversations/a%2Fb/messages',
      headers: { authorization: `Bearer ${TOKEN}`, 'idempotency-key': 'out-1', 'content-type': 'application/json' },
      body: {
        platformId: 'P1',
        type: 'media',
        media: { url: 'https://f/x.pdf', mimeType: 'application/pdf', name: 'x.pdf' },
      },
    });
  });

  it('sends attended with the agent name and end with the reason', async () => {
    const f = fakeFetch(() => json(200, {}));
    const adapter = createHeyNowDirectAdapter(config, { fetch: f.fetch, now });
    await adapter.send({ kind: 'attended', externalConversationId: 'c1', agentName: 'Ana' });
    await adapter.send({ kind: 'endConversation', externalConversationId: 'c1', reason: 'resolved' });
    expect(f.seen.map((s) => [s.url, s.body])).toEqual([
      ['https://hn.example/direct/conversations/c1/attended', { platformId: 'P1', agent: { name: 'Ana' } }],
      ['https://hn.example/direct/conversations/c1/end', { platformId: 'P1', reason: 'resolved' }],
    ]);
  });

  it('treats 409 on end as already ended (ok), but not on messages', async () => {
    const f = fakeFetch(() => json(409, { error: 'conversation already ended' }));
    const adapter = createHeyNowDirectAdapter(config, { fetch: f.fetch, now });
    expect(await adapter.send({ kind: 'endConversation', externalConversationId: 'c1' })).toEqual({ ok: true });
    expect(
      await adapter.send({ kind: 'message', externalConversationId: 'c1', content: { type: 'text', text: 'x' } }),
    ).toMatchObject({ ok: false, retryable: false, code: 'rejected' });
  });

  it('classifies 408 and 5xx as retryable with Retry-After, 404 and 401 as permanent', async () => {
    const statuses = [408, 500, 404, 401];
    const f = fakeFetch(() => json(statuses.shift()!, { error: { message: 'nope' } }, { 'retry-after': '7' }));
    const adapter = createHeyNowDirectAdapter(config, { fetch: f.fetch, now });
    const send = () => adapter.send({ kind: 'attended', externalConversationId: 'c', agentName: 'A' });
    expect(await send()).toMatchObject({ retryable: true, code: 'timeout', httpStatus: 408, retryAfterMs: 7000 });
    expect(await send()).toMatchObject({
      retryable: true,
      code: 'provider_unavailable',
      message: 'HeyNow attended: HTTP 500 — nope',
    });
    expect(await send()).toMatchObject({ retryable: false, code: 'rejected', httpStatus: 404 });
    expect(await send()).toMatchObject({ retryable: false, code: 'unauthorized' });
  });

  it('gives up after timeoutMs with a retryable timeout', async () => {
    const hang: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const adapter = createHeyNowDirectAdapter({ ...config, timeoutMs: 30 }, { fetch: hang, now });
    expect(await adapter.send({ kind: 'attended', externalConversationId: 'c', agentName: 'A' })).toMatchObject({
      ok: false,
      retryable: true,
      code: 'timeout',
    });
  });

  it('refuses a message without a conversation', async () => {
    const adapter = createHeyNowDirectAdapter(config, { fetch, now });
    expect(await adapter.send({ kind: 'message', to: '+598', content: { type: 'text', text: 'x' } })).toMatchObject({
      ok: false,
      retryable: false,
      code: 'invalid_command',
    });
  });
});

describe('createProviderAdapter', () => {
  it('builds the adapter of each kind', () => {
    const deps = { fetch, now };
    expect(createProviderAdapter(config, deps).kind).toBe('heynow-direct');
    expect(createProviderAdapter({ ...config, kind: 'heynow-client', username: 'u' }, deps).kind).toBe('heynow-client');
    expect(createProviderAdapter({ ...config, kind: 'whatsapp-cloud' }, deps).kind).toBe('whatsapp-cloud');
  });

  it('refuses a direct provider without a domain, without echoing the secret', () => {
    const { domain: _domain, ...noDomain } = config;
    expect(() => createProviderAdapter(noDomain, { fetch, now })).toThrow(/hn1: heynow-direct needs a domain/);
    try {
      createProviderAdapter(noDomain, { fetch, now });
    } catch (error) {
      expect(String(error)).not.toContain(TOKEN);
    }
  });
});
