import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InboundEvent } from '@switchboard/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHeyNowDirectAdapter } from '../providers/heynow-direct/adapter';
import type { ProviderAdapter } from '../providers/provider-adapter';
import { createMockHeyNow, type MockHeyNow } from './mock-heynow';

const TOKEN = 'pt-mock-test-77';

/** A stand-in for Switchboard's webhook route: verifies and parses with the real adapter. */
async function startWebhookSink(adapterFor: () => ProviderAdapter) {
  const events: InboundEvent[] = [];
  const requests: { path: string; headers: Record<string, string | string[] | undefined> }[] = [];
  let answer = 200;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      requests.push({ path: req.url ?? '', headers: req.headers });
      const adapter = adapterFor();
      if (!adapter.verify({ headers: req.headers, rawBody }).ok) {
        res.writeHead(401).end();
        return;
      }
      const parsed = adapter.parse(rawBody);
      if (!parsed.ok) {
        res.writeHead(400).end(parsed.reason);
        return;
      }
      events.push(...parsed.events);
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    events,
    requests,
    setAnswer: (status: number) => (answer = status),
    waitFor: async (predicate: (e: InboundEvent[]) => boolean, ms = 3000) => {
      const until = Date.now() + ms;
      while (!predicate(events)) {
        if (Date.now() > until) throw new Error('webhook sink: timed out');
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let sink: Awaited<ReturnType<typeof startWebhookSink>>;
let mock: MockHeyNow;
let adapter: ProviderAdapter;

beforeAll(async () => {
  sink = await startWebhookSink(() => adapter);
  mock = createMockHeyNow({
    target: { baseUrl: sink.url, providerId: 'hn1', partnerToken: TOKEN },
    platformId: 'P1',
    statusDelaysMs: [1, 2, 3],
  });
  const url = await mock.start();
  adapter = createHeyNowDirectAdapter(
    { id: 'hn1', kind: 'heynow-direct', channel: 'whatsapp', platformId: 'P1', domain: url, secret: TOKEN },
    { fetch, now: Date.now },
  );
});
afterAll(async () => {
  await mock.stop();
  await sink.close();
});
afterEach(() => {
  sink.events.length = 0;
  sink.requests.length = 0;
  sink.setAnswer(200);
  mock.clearReceived();
  mock.clearFaults();
});

describe('mock HeyNow as the bot and the customers', () => {
  it('binds 127.0.0.1 by default', () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('hands off a customer with a skill through a signed webhook the Direct adapter accepts', async () => {
    const started = await mock.startConversation({
      number: '+59899111222',
      name: 'Ana',
      skill: 'ventas',
      text: 'hola 👋',
    });
    expect(started.delivery.status).toBe(200);
    expect(sink.requests[0]!.path).toBe('/webhooks/heynow/hn1');
    expect(sink.requests[0]!.headers['x-heynow-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(sink.events).toMatchObject([
      {
        kind: 'handoff',
        externalConversationId: started.conversationId,
        platformId: 'P1',
        customer: { number: '+59899111222', name: 'Ana' },
        skill: 'ventas',
        firstMessage: { text: 'hola 👋' },
        providerMessageId: started.messageId,
      },
    ]);
  });

  it('plays the bot menu: the chosen option decides the skill and the menu is in the history', async () => {
    await mock.startConversation({ number: '+1', choice: '2' });
    const handoff = sink.events[0];
    expect(handoff).toMatchObject({ kind: 'handoff', skill: 'soporte' });
    if (handoff?.kind !== 'handoff') return;
    expect(handoff.history?.map((h) => h.author)).toEqual(['bot', 'customer', 'bot']);
    expect(handoff.history?.[0]?.text).toContain('2. Soporte');
    expect(handoff.history?.[1]?.text).toBe('2');
  });

  it('sends images with a URL the mock itself serves', async () => {
    await mock.startConversation({ number: '+1', skill: 'ventas', image: true });
    const handoff = sink.events[0];
    if (handoff?.kind !== 'handoff') throw new Error('expected a handoff');
    const url = handoff.firstMessage?.attachments?.[0]?.url;
    expect(url).toMatch(new RegExp(`^${mock.url}/mock/files/`));
    const res = await fetch(url!);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it('sends customer messages and the customer leaving', async () => {
    const { conversationId } = await mock.startConversation({ number: '+1', skill: 'ventas' });
    const said = await mock.customerSays(conversationId, 'sigo acá');
    await mock.customerSays(conversationId, {
      text: 'mirá',
      image: { url: 'https://files.example/a.jpg', mimeType: 'image/jpeg' },
    });
    await mock.customerLeaves(conversationId);
    expect(sink.events.slice(1)).toMatchObject([
      { kind: 'message', externalConversationId: conversationId, providerMessageId: said.messageId, text: 'sigo acá' },
      { kind: 'message', text: 'mirá', attachments: [{ url: 'https://files.example/a.jpg', mimeType: 'image/jpeg' }] },
      { kind: 'customer_left', externalConversationId: conversationId },
    ]);
    expect(mock.conversation(conversationId)?.state).toBe('left');
  });

  it('can authenticate with the bare partner token instead of a signature', async () => {
    const tokenMock = createMockHeyNow({
      target: { baseUrl: sink.url, providerId: 'hn1', partnerToken: TOKEN, auth: 'token' },
      platformId: 'P1',
    });
    await tokenMock.startConversation({ number: '+1', skill: 's' });
    expect(sink.requests[0]!.headers['x-heynow-partner-token']).toBe(TOKEN);
    expect(sink.events).toHaveLength(1);
  });

  it('delivers raw bodies for negative tests and reports what Switchboard answered', async () => {
    expect(
      (await mock.deliverRaw('{"event":"customer_left","conversationId":"c"}', { 'x-heynow-signature': 'sha256=00' }))
        .status,
    ).toBe(401);
    expect((await mock.deliverRaw('{"event":"customer_left"}')).status).toBe(400);
    sink.setAnswer(503);
    expect((await mock.deliverRaw('{"event":"customer_left","conversationId":"c"}')).status).toBe(503);
  });

  it('reports an unreachable target as status 0 instead of throwing', async () => {
    const lost = createMockHeyNow({ target: { baseUrl: 'http://127.0.0.1:9', providerId: 'x', partnerToken: TOKEN } });
    const started = await lost.startConversation({ number: '+1', skill: 's' });
    expect(started.delivery).toMatchObject({ status: 0 });
    expect(started.delivery.error).toBeTruthy();
  });
});

describe('mock HeyNow receiving our calls', () => {
  it('records attended, messages and end, and moves the conversation through its states', async () => {
    const { conversationId } = await mock.startConversation({ number: '+1', skill: 'ventas' });
    await adapter.send({ kind: 'attended', externalConversationId: conversationId, agentName: 'Ana' });
    expect(mock.conversation(conversationId)).toMatchObject({ state: 'attended', attendedBy: 'Ana' });
    const sent = await adapter.send({
      kind: 'message',
      externalConversationId: conversationId,
      content: { type: 'text', text: 'Hola, soy Ana' },
    });
    expect(sent).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/^hn-out-/) });
    await adapter.send({ kind: 'endConversation', externalConversationId: conversationId });
    expect(mock.conversation(conversationId)?.state).toBe('ended');
    expect(mock.received({ conversationId }).map((c) => [c.action, c.status])).toEqual([
      ['attended', 200],
      ['message', 201],
      ['end', 200],
    ]);
    expect(mock.conversation(conversationId)?.transcript.at(-1)).toMatchObject({
      from: 'agent',
      text: 'Hola, soy Ana',
    });
  });

  it('emits sent → delivered → read callbacks for our message', async () => {
    const sent = await adapter.send({
      kind: 'message',
      externalConversationId: 'c-status',
      content: { type: 'text', text: 'x' },
    });
    if (!sent.ok) throw new Error('send failed');
    const ours = () => sink.events.filter((e) => e.kind === 'status' && e.providerMessageId === sent.providerMessageId);
    await sink.waitFor(() => ours().length === 3);
    expect(ours().map((e) => (e.kind === 'status' ? [e.providerMessageId, e.status] : []))).toEqual([
      [sent.providerMessageId, 'sent'],
      [sent.providerMessageId, 'delivered'],
      [sent.providerMessageId, 'read'],
    ]);
  });

  it('answers a retried message with the same id when the Idempotency-Key repeats', async () => {
    const command = {
      kind: 'message' as const,
      externalConversationId: 'c',
      content: { type: 'text' as const, text: 'x' },
      idempotencyKey: 'out-77',
    };
    const a = await adapter.send(command);
    const b = await adapter.send(command);
    expect(a).toEqual(b);
    expect(mock.received({ action: 'message' }).map((c) => c.duplicate ?? false)).toEqual([false, true]);
  });

  it('answers a second end with 409, which the adapter treats as done', async () => {
    const { conversationId } = await mock.startConversation({ number: '+1', skill: 's' });
    await adapter.send({ kind: 'endConversation', externalConversationId: conversationId });
    expect(await adapter.send({ kind: 'endConversation', externalConversationId: conversationId })).toEqual({
      ok: true,
    });
    expect(mock.received({ action: 'end' }).map((c) => c.status)).toEqual([200, 409]);
  });

  it('refuses a wrong partner token with 401', async () => {
    const intruder = createHeyNowDirectAdapter(
      { id: 'x', kind: 'heynow-direct', channel: 'whatsapp', platformId: 'P1', domain: mock.url, secret: 'guess' },
      { fetch, now: Date.now },
    );
    expect(await intruder.send({ kind: 'attended', externalConversationId: 'c', agentName: 'A' })).toMatchObject({
      ok: false,
      code: 'unauthorized',
    });
    expect(mock.received()[0]).toMatchObject({ action: 'attended', status: 401 });
  });

  it('refuses a message body that does not match the Direct wire format with 400', async () => {
    const send = (body: unknown) =>
      fetch(`${mock.url}/conversations/c-wire/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    // No platformId, and media without its url: what an adapter drifting from wire.ts would send.
    expect((await send({ type: 'text', text: 'x' })).status).toBe(400);
    expect((await send({ platformId: 'P1', type: 'media', media: { mimeType: 'image/png' } })).status).toBe(400);
    expect((await send({ platformId: 'P1', type: 'text', text: 'x' })).status).toBe(201);
  });

  it('fails on request: POST /mock/faults fails the next N calls, then recovers', async () => {
    await fetch(`${mock.url}/mock/faults`, { method: 'POST', body: JSON.stringify({ status: 503, count: 2 }) });
    const send = () => adapter.send({ kind: 'attended', externalConversationId: 'c', agentName: 'A' });
    expect(await send()).toMatchObject({ ok: false, retryable: true, httpStatus: 503, retryAfterMs: 1000 });
    expect(await send()).toMatchObject({ ok: false, retryable: true });
    expect(await send()).toEqual({ ok: true });
    const listed = (await (await fetch(`${mock.url}/mock/received`)).json()) as { calls: { status: number }[] };
    expect(listed.calls.map((c) => c.status)).toEqual([503, 503, 200]);
  });

  it('has an outage switch on the mock clock', async () => {
    let t = 1_000;
    const clocked = createMockHeyNow({ partnerToken: TOKEN, now: () => t });
    const url = await clocked.start();
    try {
      const a = createHeyNowDirectAdapter(
        { id: 'hn1', kind: 'heynow-direct', channel: 'whatsapp', platformId: 'P1', domain: url, secret: TOKEN },
        { fetch, now: () => t },
      );
      await fetch(`${url}/mock/outage`, { method: 'POST', body: JSON.stringify({ durationMs: 60_000 }) });
      expect(await a.send({ kind: 'attended', externalConversationId: 'c', agentName: 'A' })).toMatchObject({
        ok: false,
        retryable: true,
      });
      t += 60_000;
      expect(await a.send({ kind: 'attended', externalConversationId: 'c', agentName: 'A' })).toEqual({ ok: true });
    } finally {
      await clocked.stop();
    }
  });

  it('lets a test wait for a call', async () => {
    const waiting = mock.waitForCall((c) => c.action === 'end' && c.conversationId === 'c-wait', 2000);
    await adapter.send({ kind: 'endConversation', externalConversationId: 'c-wait' });
    expect((await waiting).status).toBe(200);
    await expect(mock.waitForCall(() => false, 20)).rejects.toThrow(/no matching call/);
  });
});

describe('mock HeyNow control API and scripted customers', () => {
  it('starts a conversation, a message and a leave over HTTP', async () => {
    const started = (await (
      await fetch(`${mock.url}/mock/conversations`, {
        method: 'POST',
        body: JSON.stringify({ number: '+1', skill: 'ventas', text: 'hola' }),
      })
    ).json()) as {
      conversationId: string;
    };
    await fetch(`${mock.url}/mock/conversations/${started.conversationId}/messages`, {
      method: 'POST',
      body: JSON.stringify({ text: 'otra' }),
    });
    await fetch(`${mock.url}/mock/conversations/${started.conversationId}/leave`, { method: 'POST' });
    expect(sink.events.map((e) => e.kind)).toEqual(['handoff', 'message', 'customer_left']);
    const listed = (await (await fetch(`${mock.url}/mock/conversations`)).json()) as {
      conversations: { conversationId: string }[];
    };
    expect(listed.conversations.some((c) => c.conversationId === started.conversationId)).toBe(true);
  });

  it('answers 409 to conversation control calls when it has no target', async () => {
    const receiveOnly = createMockHeyNow({ partnerToken: TOKEN });
    const url = await receiveOnly.start();
    try {
      const res = await fetch(`${url}/mock/conversations`, { method: 'POST', body: JSON.stringify({ number: '+1' }) });
      expect(res.status).toBe(409);
      await expect(receiveOnly.startConversation({ number: '+1' })).rejects.toThrow(/no target/);
    } finally {
      await receiveOnly.stop();
    }
  });

  it('runs a bounded number of scripted customers at the given rate', async () => {
    const summary = await mock.scriptedCustomers({
      ratePerSecond: 100,
      durationMs: 50,
      messagesPerCustomer: 2,
      messageIntervalMs: 5,
      leave: true,
      skills: ['ventas'],
    });
    expect(summary).toMatchObject({ customers: 5, webhooks: 15, failures: 0 });
    expect(sink.events.filter((e) => e.kind === 'handoff')).toHaveLength(5);
    expect(sink.events.filter((e) => e.kind === 'customer_left')).toHaveLength(5);
    expect(summary.latencyMs.max).toBeGreaterThan(0);
  });

  it('refuses to run scripted customers against a non-loopback target or beyond its bounds', async () => {
    const remote = createMockHeyNow({
      target: { baseUrl: 'https://switchboard.example.com', providerId: 'x', partnerToken: TOKEN },
    });
    await expect(remote.scriptedCustomers({ ratePerSecond: 1, durationMs: 1000 })).rejects.toThrow(/loopback/);
    await expect(mock.scriptedCustomers({ ratePerSecond: 10_000, durationMs: 1000 })).rejects.toThrow(/ratePerSecond/);
    await expect(mock.scriptedCustomers({ ratePerSecond: 1, durationMs: 3_600_000 })).rejects.toThrow(/durationMs/);
    expect(sink.requests).toHaveLength(0);
  });

  it('stops scripted customers on abort', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const summary = await mock.scriptedCustomers({
      ratePerSecond: 10,
      durationMs: 10_000,
      skills: ['s'],
      signal: controller.signal,
    });
    expect(summary.customers).toBeLessThan(5);
  });
});
