import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../events/domain-events';
import { dialectsUnderTest } from '../../storage/test-databases';
import { startIngestHarness, type IngestHarness } from '../../testing/ingest-harness';

const dialects = await dialectsUnderTest();

describe.each(dialects)('webhook ingest on %s', (dialect) => {
  let h: IngestHarness;
  let events: DomainEvent[];

  beforeEach(async () => {
    h = await startIngestHarness(dialect);
    events = [];
    h.services.bus.onAny((e) => events.push(e));
  });
  afterEach(async () => {
    await h.close();
  });

  const count = async (table: 'interactions' | 'messages' | 'outbox' | 'interaction_events') =>
    Number(
      (
        await h.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const post = (raw: string, headers: Record<string, string>) =>
    fetch(`${h.url}/webhooks/heynow/${h.providerId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: raw,
    });
  const sign = (raw: string) => ({
    'x-heynow-signature': `sha256=${createHmac('sha256', h.partnerToken).update(raw).digest('hex')}`,
  });
  const interactionOf = (conversationId: string) =>
    h.database.db
      .selectFrom('interactions')
      .selectAll()
      .where('external_conversation_id', '=', conversationId)
      .executeTakeFirstOrThrow();
  const handoff = (id: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      event: 'handoff',
      conversationId: id,
      contact: { phone: '+59899000001' },
      skill: 'ventas',
      messageId: `${id}-m1`,
      text: 'hola',
      ...extra,
    });

  it('refuses a wrong signature with 401 and stores nothing', async () => {
    const raw = handoff('c-sig');
    const res = await post(raw, { 'x-heynow-signature': `sha256=${'0'.repeat(64)}` });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toBe('bad_signature');
    expect(await count('interactions')).toBe(0);
    expect(await count('messages')).toBe(0);
  });

  it('refuses a wrong partner token and a missing one with 401', async () => {
    expect((await post(handoff('c-tok'), { 'x-heynow-partner-token': 'nope' })).status).toBe(401);
    expect((await post(handoff('c-tok'), {})).status).toBe(401);
    expect(await count('interactions')).toBe(0);
  });

  it('answers 404 for an unknown provider', async () => {
    const raw = handoff('c-404');
    const res = await fetch(`${h.url}/webhooks/heynow/no-such-provider`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...sign(raw) },
      body: raw,
    });
    expect(res.status).toBe(404);
  });

  it('refuses a malformed body with 400 naming the field and stores nothing', async () => {
    const raw = JSON.stringify({ event: 'handoff', contact: { phone: '+598' }, skill: 'ventas' });
    const res = await post(raw, sign(raw));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string };
    expect(body).toMatchObject({ error: 'validation_failed', field: 'conversationId' });
    expect(body.message).toContain('conversationId');
    const notJson = await post('{"event":', sign('{"event":'));
    expect(notJson.status).toBe(400);
    expect(await count('interactions')).toBe(0);
  });

  it('refuses a body over the limit with 413', async () => {
    const raw = handoff('c-big', { text: 'x'.repeat(6 * 1024 * 1024) });
    const res = await post(raw, sign(raw));
    expect(res.status).toBe(413);
    expect(await count('interactions')).toBe(0);
  });

  it('queues a routed hand-off with its history and first message, sends the welcome, then emits arrived', async () => {
    const ventas = await h.createCampaign({ name: 'Ventas', skills: ['ventas'], messages: { welcome: 'Bienvenido' } });
    const started = await h.mock.startConversation({ number: '+59899111222', name: 'Ana', text: 'Quiero precios' });
    expect(started.delivery.status).toBe(200);
    const row = await interactionOf(started.conversationId);
    expect(row).toMatchObject({
      status: 'waiting',
      campaign_id: ventas.id,
      customer_number: '+59899111222',
      customer_name: 'Ana',
      skill: 'ventas',
    });
    expect(row.entered_at).not.toBeNull();
    const messages = await h.services.conversations.listMessages(h.database.db, row.id);
    expect(messages.map((m) => m.author)).toEqual(['bot', 'customer', 'bot', 'customer', 'system']);
    expect(messages.at(-2)?.body).toBe('Quiero precios');
    expect(events.map((e) => e.type)).toContain('interaction.arrived');
    await h.mock.waitForCall(
      (c) => c.action === 'message' && c.conversationId === started.conversationId && c.status === 201,
    );
    expect(h.mock.received({ action: 'end', conversationId: started.conversationId })).toHaveLength(0);
  });

  it('routes VENTAS, soporte and otro per D3 (scenario 3)', async () => {
    const ventas = await h.createCampaign({
      name: 'Ventas',
      skills: ['ventas', 'compras'],
      messages: { welcome: 'Hola de Ventas' },
    });
    const soporte = await h.createCampaign({
      name: 'Soporte',
      skills: ['soporte'],
      messages: { welcome: '', notAvailable: 'Nadie disponible' },
    });
    const a = await h.mock.startConversation({ number: '+5981', skill: 'VENTAS', text: 'a' });
    const b = await h.mock.startConversation({ number: '+5982', skill: 'soporte', text: 'b' });
    const c = await h.mock.startConversation({ number: '+5983', skill: 'otro', text: 'c' });
    expect([a, b, c].map((x) => x.delivery.status)).toEqual([200, 200, 200]);
    expect(await interactionOf(a.conversationId)).toMatchObject({ status: 'waiting', campaign_id: ventas.id });
    expect(await interactionOf(b.conversationId)).toMatchObject({ status: 'waiting', campaign_id: soporte.id });
    // Stored before the answer; the router closes it right after.
    await h.until(async () => (await interactionOf(c.conversationId)).status === 'closed');
    expect(await interactionOf(c.conversationId)).toMatchObject({
      status: 'closed',
      close_reason: 'unrouted',
      campaign_id: null,
      end_sent: 1,
    });
    await h.mock.waitForCall((x) => x.action === 'end' && x.conversationId === c.conversationId && x.status === 200);
    const toC = h.mock.received({ conversationId: c.conversationId });
    // The provider speaks through its first campaign (by name) when nothing matched: Soporte's text.
    expect(toC.map((x) => [x.action, (x.body as { text?: string }).text ?? null])).toEqual([
      ['message', 'Nadie disponible'],
      ['end', null],
    ]);
    await h.services.outbox.idle();
    expect(h.mock.received({ action: 'end' })).toHaveLength(1);
    expect(h.mock.received({ conversationId: b.conversationId })).toHaveLength(0);
  });

  it('does not queue for a disabled campaign, and queues again once re-enabled (scenario 2)', async () => {
    const c = await h.createCampaign({
      name: 'C',
      skills: ['ventas'],
      enabled: false,
      messages: { notAvailable: 'No disponible' },
    });
    const first = await h.mock.startConversation({ number: '+5984', skill: 'ventas', text: 'hola' });
    await h.until(async () => (await interactionOf(first.conversationId)).status === 'closed');
    expect(await interactionOf(first.conversationId)).toMatchObject({
      status: 'closed',
      close_reason: 'campaign_disabled',
      campaign_id: c.id,
    });
    await h.mock.waitForCall((x) => x.action === 'end' && x.conversationId === first.conversationId);
    expect(
      (h.mock.received({ action: 'message', conversationId: first.conversationId })[0]?.body as { text: string }).text,
    ).toBe('No disponible');
    expect(events.filter((e) => e.type === 'interaction.closed').map((e) => e.payload)).toEqual([
      expect.objectContaining({ reason: 'campaign_disabled', campaignId: c.id }),
    ]);
    await h.updateCampaign(c.id, { enabled: true });
    const second = await h.mock.startConversation({ number: '+5984', skill: 'ventas', text: 'otra vez' });
    expect(await interactionOf(second.conversationId)).toMatchObject({ status: 'waiting', campaign_id: c.id });
    // Past data is kept.
    expect(await interactionOf(first.conversationId)).toMatchObject({ close_reason: 'campaign_disabled' });
  });

  it('sends the out-of-time text and one hand-back outside the schedule', async () => {
    await h.createCampaign({
      name: 'Nunca',
      skills: ['ventas'],
      schedule: { timezone: 'America/Montevideo', ranges: [] },
      messages: { outOfTime: 'Estamos cerrados' },
    });
    const s = await h.mock.startConversation({ number: '+5985', skill: 'ventas', text: 'hola' });
    await h.until(async () => (await interactionOf(s.conversationId)).status === 'closed');
    expect(await interactionOf(s.conversationId)).toMatchObject({ status: 'closed', close_reason: 'out_of_schedule' });
    await h.mock.waitForCall((x) => x.action === 'end' && x.conversationId === s.conversationId);
    await h.services.outbox.idle();
    expect(h.mock.received({ conversationId: s.conversationId }).map((x) => x.action)).toEqual(['message', 'end']);
    expect((h.mock.received({ action: 'message' })[0]?.body as { text: string }).text).toBe('Estamos cerrados');
  });

  it('stores a redelivered message once, also when both deliveries race', async () => {
    await h.createCampaign({ name: 'Ventas', skills: ['ventas'], messages: { welcome: '' } });
    const s = await h.mock.startConversation({ number: '+5986', skill: 'ventas', text: 'hola' });
    const raw = JSON.stringify({
      event: 'message',
      conversationId: s.conversationId,
      messageId: 'dup-1',
      text: 'repetido',
    });
    expect((await post(raw, sign(raw))).status).toBe(200);
    expect((await post(raw, sign(raw))).status).toBe(200);
    const race = JSON.stringify({
      event: 'message',
      conversationId: s.conversationId,
      messageId: 'dup-2',
      text: 'carrera',
    });
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(race, sign(race))));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
    const row = await interactionOf(s.conversationId);
    const bodies = (await h.services.conversations.listMessages(h.database.db, row.id)).map((m) => m.body);
    expect(bodies).toEqual(['hola', 'repetido', 'carrera']);
    expect(events.filter((e) => e.type === 'message.stored')).toHaveLength(2);
    // A redelivered hand-off opens nothing new.
    const again = handoff(s.conversationId, { messageId: 'other-id', skill: 'ventas' });
    expect((await post(again, sign(again))).status).toBe(200);
    expect(await count('interactions')).toBe(1);
  });

  it('opens one interaction when the same hand-off is delivered concurrently', async () => {
    await h.createCampaign({ name: 'Ventas', skills: ['ventas'] });
    const raw = handoff('c-race');
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(raw, sign(raw))));
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(await count('interactions')).toBe(1);
    expect(events.filter((e) => e.type === 'interaction.arrived')).toHaveLength(1);
  });

  it('opens one interaction when an unrouted hand-off without a messageId is delivered twice', async () => {
    await h.createCampaign({ name: 'Ventas', skills: ['ventas'] });
    const raw = JSON.stringify({
      event: 'handoff',
      conversationId: 'c-no-id',
      contact: { phone: '+59899000002' },
      skill: 'nadie-atiende-esto',
      text: 'hola',
    });
    for (let i = 0; i < 2; i++) expect((await post(raw, sign(raw))).status).toBe(200);
    expect(await count('interactions')).toBe(1);
    await h.until(async () => (await interactionOf('c-no-id')).status === 'closed');
    expect(await interactionOf('c-no-id')).toMatchObject({ status: 'closed', close_reason: 'unrouted' });
    // Redelivered after the close: still recognised, nothing reopens.
    expect((await post(raw, sign(raw))).status).toBe(200);
    expect(await count('interactions')).toBe(1);
    // Also with no text at all (nothing to recognise it by but the hand-off itself) and with a timestamp.
    const bare = JSON.stringify({
      event: 'handoff',
      conversationId: 'c-bare',
      contact: { id: 'hn-7' },
      skill: 'nadie-atiende-esto',
      timestamp: '2024-05-01T10:00:05Z',
    });
    for (let i = 0; i < 2; i++) expect((await post(bare, sign(bare))).status).toBe(200);
    expect(await count('interactions')).toBe(2);
    // A later hand-off of the same conversation (another timestamp, after the hand-back) is a new one.
    await h.until(async () => (await interactionOf('c-bare')).status === 'closed');
    const later = bare.replace('10:00:05', '11:30:00');
    expect((await post(later, sign(later))).status).toBe(200);
    expect(await count('interactions')).toBe(3);
  });

  it('acknowledges a message for an unknown conversation and stores nothing', async () => {
    const raw = JSON.stringify({ event: 'message', conversationId: 'nobody', messageId: 'x1', text: 'hola' });
    const res = await post(raw, sign(raw));
    expect(res.status).toBe(200);
    expect(await count('messages')).toBe(0);
    const left = JSON.stringify({ event: 'customer_left', conversationId: 'nobody' });
    expect((await post(left, sign(left))).status).toBe(200);
  });

  it('closes as customer_left without a hand-back when the customer leaves while waiting', async () => {
    await h.createCampaign({ name: 'Ventas', skills: ['ventas'], messages: { welcome: '' } });
    const s = await h.mock.startConversation({ number: '+5987', skill: 'ventas', text: 'hola' });
    expect((await h.mock.customerLeaves(s.conversationId)).status).toBe(200);
    // Recorded before the answer, closed by the router after it.
    await h.until(async () => (await interactionOf(s.conversationId)).status === 'closed');
    const row = await interactionOf(s.conversationId);
    expect(row).toMatchObject({ status: 'closed', close_reason: 'customer_left', end_sent: 1 });
    const timeline = await h.database.db
      .selectFrom('interaction_events')
      .selectAll()
      .where('interaction_id', '=', row.id)
      .where('type', '=', 'closed')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(timeline.detail_json ?? '{}')).toMatchObject({ reason: 'customer_left', abandoned: true });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['customer.left', 'interaction.closed']));
    await h.services.outbox.idle();
    expect(h.mock.received({ action: 'end' })).toHaveLength(0);
  });

  it('records a customer leaving once when HeyNow delivers it several times at once, and the router closes once', async () => {
    await h.createCampaign({ name: 'Ventas', skills: ['ventas'], messages: { welcome: '' } });
    const s = await h.mock.startConversation({ number: '+5990', skill: 'ventas', text: 'hola' });
    const raw = JSON.stringify({ event: 'customer_left', conversationId: s.conversationId, reason: 'customer_closed' });
    const answers = await Promise.all(Array.from({ length: 4 }, () => post(raw, sign(raw))));
    expect(answers.map((r) => r.status)).toEqual(Array(4).fill(200));
    const acks = (await Promise.all(answers.map((r) => r.json()))) as { closed: number; duplicates: number }[];
    expect(acks.reduce((n, a) => n + a.closed, 0)).toBe(1);
    await h.until(async () => (await interactionOf(s.conversationId)).status === 'closed');
    const row = await interactionOf(s.conversationId);
    const timeline = await h.database.db
      .selectFrom('interaction_events')
      .select(['type', 'detail_json'])
      .where('interaction_id', '=', row.id)
      .where('type', 'in', ['customer_left', 'closed'])
      .execute();
    expect(timeline.map((t) => t.type).sort()).toEqual(['closed', 'customer_left']);
    expect(JSON.parse(timeline.find((t) => t.type === 'customer_left')!.detail_json ?? '{}')).toEqual({
      providerReason: 'customer_closed',
    });
    // Redelivered after the close: the conversation is no longer open, nothing is written.
    expect((await (await post(raw, sign(raw))).json()) as object).toMatchObject({ unknown: 1, closed: 0 });
    expect(events.filter((e) => e.type === 'interaction.closed')).toHaveLength(1);
  });

  it('moves an outbound message through sent, delivered and read, never backwards', async () => {
    await h.createCampaign({ name: 'Ventas', skills: ['ventas'], messages: { welcome: 'Bienvenido' } });
    const s = await h.mock.startConversation({ number: '+5988', skill: 'ventas', text: 'hola' });
    const call = await h.mock.waitForCall(
      (x) => x.action === 'message' && x.conversationId === s.conversationId && x.status === 201,
    );
    const row = await interactionOf(s.conversationId);
    const welcome = async () =>
      (await h.services.conversations.listMessages(h.database.db, row.id)).find((m) => m.author === 'system')!;
    await h.until(async () => (await welcome()).status === 'sent');
    expect((await welcome()).provider_message_id).toBe(call.messageId);
    await h.mock.sendStatus(call.messageId!, 'read', s.conversationId);
    expect((await welcome()).status).toBe('read');
    await h.mock.sendStatus(call.messageId!, 'delivered', s.conversationId);
    expect((await welcome()).status).toBe('read');
    expect(
      events.filter((e) => e.type === 'message.status').map((e) => (e.payload as { status: string }).status),
    ).toEqual(['sent', 'read']);
  });

  it('records a failed delivery with its error', async () => {
    await h.createCampaign({ name: 'Ventas', skills: ['ventas'], messages: { welcome: 'Bienvenido' } });
    const s = await h.mock.startConversation({ number: '+5989', skill: 'ventas', text: 'hola' });
    const call = await h.mock.waitForCall(
      (x) => x.action === 'message' && x.conversationId === s.conversationId && x.status === 201,
    );
    const row = await interactionOf(s.conversationId);
    await h.until(async () =>
      (await h.services.conversations.listMessages(h.database.db, row.id)).some((m) => m.status === 'sent'),
    );
    const raw = JSON.stringify({
      event: 'status',
      messageId: call.messageId,
      status: 'failed',
      error: { code: '131026', message: 'undeliverable' },
    });
    expect((await post(raw, sign(raw))).status).toBe(200);
    const failed = (await h.services.conversations.listMessages(h.database.db, row.id)).find(
      (m) => m.author === 'system',
    )!;
    expect(failed).toMatchObject({ status: 'failed', error: '131026: undeliverable' });
  });
});
