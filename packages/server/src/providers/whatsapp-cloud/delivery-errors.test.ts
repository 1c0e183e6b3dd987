// Meta's error codes become a state and a sentence an agent can act on, whether they come back with the send
// (HTTP answer) or later (statuses[].errors[] of the webhook); statuses arriving out of order never move a
// message back; and a burst of replies is paced to the number's budget instead of being refused.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SendBudget } from '@switchboard/core';
import type { InteractionDetail } from '@switchboard/protocol';
import { dialectsUnderTest } from '../../storage/test-databases';
import { createHarness, type Harness } from '../../testing/supervision-harness';
import { startFakeGraphApi } from './fake-graph-api';
import { FIXTURE_PHONE_ID, notification } from './notification-fixture';

const dialects = await dialectsUnderTest();
const NOW = Date.UTC(2026, 2, 11, 10, 0, 0);
const APP_SECRET = 'delivery-errors-app-secret';
const ACCESS_TOKEN = 'EAAG-delivery-errors-token';
const BURST_PHONE_ID = '200000000000777';

/** Every code the adapter knows with a permanent failure, and what the agent reads. */
const PERMANENT: [number, string][] = [
  [131047, 'window closed: send a template'],
  [131026, 'undeliverable: the number may not use WhatsApp, or the customer must accept new terms or update the app'],
  [131048, 'Meta is limiting this number for spam (too many customers blocked or reported it)'],
  [131049, 'not delivered by Meta to keep customer engagement healthy; try again later or another way'],
  [132000, 'the template got a different number of parameters than it has'],
  [132001, 'the template does not exist in this language or is not approved'],
];

describe.each(dialects)('WhatsApp Cloud errors, statuses and pacing on %s', (dialect) => {
  let h: Harness;
  let graph: Awaited<ReturnType<typeof startFakeGraphApi>>;
  let providerId: string;
  let burstProviderId: string;
  let n = 0;

  beforeAll(async () => {
    graph = await startFakeGraphApi(ACCESS_TOKEN, { now: () => h.clock.now });
    h = await createHarness(
      dialect,
      NOW,
      {},
      {
        outbox: { policy: { baseMs: 1000, capMs: 4000, maxAttempts: 5 }, budget: new SendBudget() },
        random: () => 0.5,
      },
    );
    const admin = await h.sessionFor('administrator');
    const create = async (name: string, platformId: string, extra: Record<string, unknown>) => {
      const res = await h.request({
        method: 'POST',
        url: '/api/providers',
        payload: {
          kind: 'whatsapp-cloud',
          name,
          platformId,
          domain: graph.base,
          appSecret: APP_SECRET,
          accessToken: ACCESS_TOKEN,
          verifyToken: `verify-${name}`,
          ...extra,
        },
        as: admin.cookie,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; messagesPerSecond?: number };
    };
    providerId = (await create('wa', FIXTURE_PHONE_ID, {})).id;
    const burst = await create('wa-burst', BURST_PHONE_ID, { messagesPerSecond: 50 });
    expect(burst.messagesPerSecond).toBe(50);
    burstProviderId = burst.id;
    const campaign = await h.request({
      method: 'POST',
      url: '/api/campaigns',
      payload: {
        name: 'Errors',
        strategy: 'nocall',
        skills: ['default'],
        providerIds: [providerId, burstProviderId],
        messages: { welcome: '' },
      },
      as: admin.cookie,
    });
    expect(campaign.statusCode, campaign.body).toBe(201);
    h.services.outbox.start();
  });
  afterAll(async () => {
    await h.close();
    await graph.close();
  });
  beforeEach(() => graph.reset());

  async function webhook(providerKey: string, value: Record<string, unknown>, phoneId = FIXTURE_PHONE_ID) {
    const body = JSON.stringify(notification(value, phoneId));
    const res = await h.request({
      method: 'POST',
      url: `/webhooks/whatsapp-cloud/${providerKey}`,
      payload: body,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
  }

  /** A new customer writes; returns the interaction row. */
  async function customer(onBurst = false) {
    const waId = `5989800${String(++n).padStart(4, '0')}`;
    const [key, phone] = onBurst ? [burstProviderId, BURST_PHONE_ID] : [providerId, FIXTURE_PHONE_ID];
    await webhook(
      key,
      {
        contacts: [{ profile: { name: `Cliente ${n}` }, wa_id: waId }],
        messages: [
          {
            from: waId,
            id: `wamid.in-${dialect}-${n}`,
            timestamp: String(Math.floor(h.clock.now / 1000)),
            type: 'text',
            text: { body: 'hola' },
          },
        ],
      },
      phone,
    );
    return h.database.db
      .selectFrom('interactions')
      .selectAll()
      .where('provider_id', '=', key)
      .where('external_conversation_id', '=', waId)
      .executeTakeFirstOrThrow();
  }

  type Interaction = Awaited<ReturnType<typeof customer>>;

  /** Agent replies, written like the agent routes write them, then the outbox is woken. */
  async function reply(interaction: Interaction, ...texts: string[]) {
    const ids: string[] = [];
    await h.database.db.transaction().execute(async (trx) => {
      for (const text of texts) ids.push((await h.services.conversations.sendText(trx, interaction, text, 'agent')).id);
    });
    h.services.outbox.notify();
    return ids;
  }

  const message = (id: string) =>
    h.database.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** Moves the fake clock and lets the outbox send what became due. */
  async function advance(ms: number) {
    await h.services.outbox.idle();
    h.clock.now += ms;
    h.services.outbox.notify();
    await h.services.outbox.idle();
  }

  async function status(interaction: Interaction, wamid: string, state: string, atSeconds: number, errors?: unknown) {
    await webhook(interaction.provider_id, {
      statuses: [
        {
          id: wamid,
          status: state,
          timestamp: String(atSeconds),
          recipient_id: interaction.external_conversation_id,
          ...(errors ? { errors } : {}),
        },
      ],
    });
  }

  async function sentMessage(interaction: Interaction, text: string) {
    const [id] = await reply(interaction, text);
    await expect.poll(async () => (await message(id!)).status, { timeout: 5000 }).toBe('sent');
    const row = await message(id!);
    return { id: id!, wamid: row.provider_message_id! };
  }

  it.each(PERMANENT)('maps %i in the send answer to failed with the agent-readable reason', async (code, reason) => {
    const c = await customer();
    graph.failNext(400, 1, code, 'Some Meta title');
    const [id] = await reply(c, `to fail ${code}`);
    await expect.poll(async () => (await message(id!)).status, { timeout: 5000 }).toBe('failed');
    expect((await message(id!)).error).toBe(reason);
    expect(graph.calls.filter((x) => x.path.endsWith('/messages'))).toHaveLength(1);
  });

  it.each(PERMANENT)('maps %i in a status webhook to failed with the same reason', async (code, reason) => {
    const c = await customer();
    const sent = await sentMessage(c, `async ${code}`);
    const at = Math.floor(h.clock.now / 1000) + 1;
    await status(c, sent.wamid, 'failed', at, [
      { code, title: 'Some Meta title', message: 'Some Meta title', error_data: { details: 'internal' } },
    ]);
    const row = await message(sent.id);
    expect(row.status).toBe('failed');
    expect(row.error).toBe(reason);
  });

  it('tells an unknown code by its number and Meta title only, never the rest of the body', async () => {
    const c = await customer();
    graph.failNext(400, 1, 135000, 'Generic user error');
    const [id] = await reply(c, 'unknown code');
    await expect.poll(async () => (await message(id!)).status, { timeout: 5000 }).toBe('failed');
    const error = (await message(id!)).error!;
    expect(error).toBe('WhatsApp error 135000: Generic user error');
    expect(error).not.toContain('fake details');
    expect(error).not.toContain('fbtrace');

    const later = await sentMessage(c, 'unknown async');
    await status(c, later.wamid, 'failed', Math.floor(h.clock.now / 1000) + 1, [
      { code: 135001, title: 'Odd thing', message: 'Odd thing', error_data: { details: 'secret internals' } },
    ]);
    expect((await message(later.id)).error).toBe('WhatsApp error 135001: Odd thing');
  });

  it('after a 131047 the conversation view says the window is closed, so the composer offers templates', async () => {
    const c = await customer();
    const admin = await h.sessionFor('administrator');
    const view = async () =>
      (
        await h.request({ method: 'GET', url: `/api/interactions/${c.id}`, as: admin.cookie })
      ).json() as InteractionDetail;
    expect((await view()).window.open).toBe(true);
    graph.failNext(400, 1, 131047, 'Re-engagement message');
    const [id] = await reply(c, 'too late');
    await expect.poll(async () => (await message(id!)).status, { timeout: 5000 }).toBe('failed');
    const detail = await view();
    expect(detail.window.open).toBe(false);
    expect(detail.messages.find((m) => m.id === id)).toMatchObject({
      status: 'failed',
      error: 'window closed: send a template',
    });
  });

  it.each([130429, 131056])(
    'retries %i in the send answer with backoff, then the message is delivered',
    async (code) => {
      const c = await customer();
      graph.failNext(400, 1, code, 'Rate limit hit');
      const [id] = await reply(c, `throttled ${code}`);
      await expect.poll(async () => graph.calls.filter((x) => x.path.endsWith('/messages')).length).toBe(1);
      await h.services.outbox.idle();
      expect((await message(id!)).status).toBe('pending');
      await advance(5000);
      await expect.poll(async () => (await message(id!)).status, { timeout: 5000 }).toBe('sent');
      expect(graph.calls.filter((x) => x.path.endsWith('/messages')).map((x) => x.status)).toEqual([400, 200]);
      const wamid = (await message(id!)).provider_message_id!;
      await status(c, wamid, 'delivered', Math.floor(h.clock.now / 1000));
      expect((await message(id!)).status).toBe('delivered');
    },
  );

  it.each([130429, 131056])('sends again after %i in a status webhook instead of failing', async (code) => {
    const c = await customer();
    const first = await sentMessage(c, `accepted then throttled ${code}`);
    await status(c, first.wamid, 'failed', Math.floor(h.clock.now / 1000), [{ code, title: 'Rate limit hit' }]);
    expect((await message(first.id)).status).toBe('pending');
    await advance(5000);
    await expect.poll(async () => (await message(first.id)).status, { timeout: 5000 }).toBe('sent');
    const again = await message(first.id);
    expect(again.provider_message_id).not.toBe(first.wamid);
    // A redelivered copy of the throttling status finds nothing to fail.
    await status(c, first.wamid, 'failed', Math.floor(h.clock.now / 1000), [{ code, title: 'Rate limit hit' }]);
    await status(c, again.provider_message_id!, 'delivered', Math.floor(h.clock.now / 1000));
    expect((await message(first.id)).status).toBe('delivered');
  });

  it('orders statuses by their timestamps: read before delivered, delivered after read, failed older than delivered', async () => {
    const c = await customer();
    const t = Math.floor(h.clock.now / 1000);
    const a = await sentMessage(c, 'read first');
    await status(c, a.wamid, 'read', t + 20);
    expect((await message(a.id)).status).toBe('read');
    await status(c, a.wamid, 'delivered', t + 10);
    expect((await message(a.id)).status).toBe('read');

    const b = await sentMessage(c, 'failed older');
    await status(c, b.wamid, 'delivered', t + 20);
    await status(c, b.wamid, 'failed', t + 10, [{ code: 131026, title: 'Message undeliverable' }]);
    expect((await message(b.id)).status).toBe('delivered');

    const d = await sentMessage(c, 'failed then newer delivered');
    await status(c, d.wamid, 'failed', t + 10, [{ code: 131026, title: 'Message undeliverable' }]);
    expect((await message(d.id)).status).toBe('failed');
    await status(c, d.wamid, 'delivered', t + 20);
    expect((await message(d.id)).status).toBe('delivered');

    const e = await sentMessage(c, 'failed latest');
    await status(c, e.wamid, 'delivered', t + 10);
    await status(c, e.wamid, 'failed', t + 20, [{ code: 131026, title: 'Message undeliverable' }]);
    await status(c, e.wamid, 'read', t + 15);
    expect((await message(e.id)).status).toBe('failed');
  });

  it('paces a burst of 200 replies to 50 per second on one number, in per-conversation order', async () => {
    const customers: Interaction[] = [];
    for (let i = 0; i < 10; i++) customers.push(await customer(true));
    await h.services.outbox.idle();
    graph.reset();
    // Interleaved writes, as several agents answering at once would produce.
    await h.database.db.transaction().execute(async (trx) => {
      for (let k = 0; k < 20; k++)
        for (const c of customers) await h.services.conversations.sendText(trx, c, `burst ${k}`, 'agent');
    });
    h.services.outbox.notify();
    for (let step = 0; step < 200 && graph.sent(BURST_PHONE_ID).length < 200; step++) await advance(100);
    const sent = graph.sent(BURST_PHONE_ID);
    expect(sent).toHaveLength(200);
    const times = sent.map((s) => s.at);
    for (const start of times)
      expect(times.filter((x) => x >= start && x < start + 1000).length).toBeLessThanOrEqual(50);
    // Paced, not refused: it took the budget's time, about 4 s for 200 at 50/s.
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(3000);
    for (const c of customers) {
      const texts = sent
        .filter((s) => (s.body as { to?: string }).to === c.external_conversation_id)
        .map((s) => (s.body as { text: { body: string } }).text.body);
      expect(texts).toEqual(Array.from({ length: 20 }, (_, k) => `burst ${k}`));
    }
  });
});
