import { checkLiveEvent, LIVE_EVENT_TYPES, type LiveEventCheck } from '@switchboard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { dialectsUnderTest } from '../storage/test-databases';
import { campaignWithProvider, createHarness, webhook, type Harness } from '../testing/supervision-harness';
import { until } from '../testing/until';

const dialects = await dialectsUnderTest();
const NOW = Date.UTC(2026, 2, 10, 15, 0, 0);

/** A real socket that checks every frame it receives against the live event union. */
function listen(url: string, cookie: string): Promise<{ socket: WebSocket; checked: LiveEventCheck[] }> {
  const socket = new WebSocket(url, { headers: { cookie } });
  const checked: LiveEventCheck[] = [];
  socket.on('message', (raw) => checked.push(checkLiveEvent(JSON.parse(String(raw)))));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, checked }));
    socket.once('error', reject);
  });
}

const typesOf = (checked: LiveEventCheck[]) => new Set(checked.flatMap((c) => (c.ok ? [c.event.type] : [])));

describe.each(dialects)('the live channel on %s', (dialect) => {
  let h: Harness;
  let wsUrl: string;

  beforeAll(async () => {
    h = await createHarness(dialect, NOW);
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    wsUrl = `ws://127.0.0.1:${(h.app.server.address() as { port: number }).port}/ws`;
  });
  afterAll(() => h.close());

  it('sends only messages of the live event union, and a workday exercises every type of it', async () => {
    const admin = await h.sessionFor('administrator');
    const adminSocket = await listen(wsUrl, admin.cookie);
    const { providerId, campaignId } = await campaignWithProvider(h, admin.cookie, {
      name: 'Ventas',
      strategy: 'nocall',
      deliveryMode: 'linear',
      skills: ['ventas'],
      messages: { welcome: '' },
      survey: { enabled: true, question: 'Del 1 al 5, ¿cómo te atendimos?' },
    });
    const supervisor = await h.sessionFor('supervisor', 'Sofía', [campaignId]);
    const ana = await h.sessionFor('agent', 'Ana');
    const anaSocket = await listen(wsUrl, ana.cookie);
    const ok = (status: number) => (res: { statusCode: number; body: string }) =>
      expect(res.statusCode, res.body).toBe(status);

    // campaign.changed
    ok(204)(
      await h.request({
        method: 'POST',
        url: '/api/members',
        payload: { campaignIds: [campaignId], add: [ana.userId] },
        as: admin.cookie,
      }),
    );
    await h.settle();
    // agent.status: presence, then the phone
    ok(200)(
      await h.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'available' }, as: ana.cookie }),
    );
    // (off again before the hand-off: this campaign routes no chats to an agent on a call)
    for (const onCall of [true, false])
      ok(200)(await h.request({ method: 'PUT', url: '/api/agent/phone', payload: { onCall }, as: ana.cookie }));
    // inbox.changed, interaction.changed, message (in)
    ok(200)(
      await webhook(h, providerId, {
        event: 'handoff',
        conversationId: 'c-1',
        contact: { phone: '+59899123123' },
        skill: 'ventas',
        messageId: 'c-1-m',
        text: 'hola',
      }),
    );
    await h.settle();
    const interaction = await h.database.db
      .selectFrom('interactions')
      .select(['id', 'owner_agent_id'])
      .where('external_conversation_id', '=', 'c-1')
      .executeTakeFirstOrThrow();
    expect(interaction.owner_agent_id).toBe(ana.userId);
    const message = await h.database.db
      .selectFrom('messages')
      .select('id')
      .where('interaction_id', '=', interaction.id)
      .executeTakeFirstOrThrow();
    // message.status and message (updated): what the outbox and the media downloader report
    h.services.bus.emit('message.status', {
      interactionId: interaction.id,
      messageId: message.id,
      status: 'failed',
      error: 'rejected',
    });
    h.services.bus.emit('message.updated', { interactionId: interaction.id, messageId: message.id });
    // whisper
    ok(201)(
      await h.request({
        method: 'POST',
        url: `/api/interactions/${interaction.id}/whisper`,
        payload: { text: 'ofrecele el plan anual' },
        as: supervisor.cookie,
      }),
    );
    // interaction.taken_over
    ok(200)(
      await h.request({ method: 'POST', url: `/api/interactions/${interaction.id}/takeover`, as: supervisor.cookie }),
    );

    // satisfaction.answered: the supervisor who took it over closes, and the customer rates the conversation
    ok(204)(
      await h.request({
        method: 'POST',
        url: `/api/interactions/${interaction.id}/close`,
        payload: {},
        as: supervisor.cookie,
      }),
    );
    await h.settle();
    ok(200)(
      await webhook(h, providerId, { event: 'message', conversationId: 'c-1', messageId: 'c-1-rating', text: '4' }),
    );

    const missing = () => {
      const seen = new Set([...typesOf(adminSocket.checked), ...typesOf(anaSocket.checked)]);
      return LIVE_EVENT_TYPES.filter((type) => !seen.has(type));
    };
    // Waits for the last ones to arrive; a type that never does is named by the assertion below.
    await until('every event type on the two sockets', async () => missing().length === 0).catch(() => undefined);
    expect(missing()).toEqual([]);
    adminSocket.socket.close();
    anaSocket.socket.close();
    const rejected = [...adminSocket.checked, ...anaSocket.checked].filter((c) => !c.ok);
    expect(rejected).toEqual([]);
  });
});
