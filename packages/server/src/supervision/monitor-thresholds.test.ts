import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignWithProvider, createHarness, webhook, type Harness } from '../testing/supervision-harness';

const S = 1000;
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from: '00:00', to: '23:59' }));

async function interactionOf(h: Harness, conversationId: string): Promise<string> {
  return (
    await h.database.db
      .selectFrom('interactions')
      .select('id')
      .where('external_conversation_id', '=', conversationId)
      .executeTakeFirstOrThrow()
  ).id;
}

async function world(start: number, campaign: Record<string, unknown>) {
  const h = await createHarness('sqlite', start);
  const admin = (await h.sessionFor('administrator')).cookie;
  const { providerId, campaignId } = await campaignWithProvider(h, admin, {
    name: 'Colours',
    strategy: 'ringallmultiple',
    skills: ['colours'],
    maxInteractionsPerAgent: 5,
    messages: { welcome: '' },
    ...campaign,
  });
  const agent = await h.sessionFor('agent', 'Bea');
  await h.request({
    method: 'POST',
    url: '/api/members',
    payload: { campaignIds: [campaignId], add: [agent.userId] },
    as: admin,
  });
  await h.settle();
  await h.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'available' }, as: agent.cookie });
  const handoff = (conv: string) =>
    webhook(h, providerId, {
      event: 'handoff',
      conversationId: conv,
      contact: { phone: '+59899000001' },
      skill: 'colours',
      messageId: `m-${conv}`,
      text: 'hola',
    });
  const take = async (conv: string) =>
    expect(
      (
        await h.request({
          method: 'POST',
          url: `/api/interactions/${await interactionOf(h, conv)}/take`,
          as: agent.cookie,
        })
      ).statusCode,
    ).toBe(200);
  const detail = async () =>
    (await h.request({ method: 'GET', url: `/api/monitoring/${campaignId}`, as: admin })).json();
  return { h, handoff, take, detail };
}

describe('threshold colours (scenario 16)', () => {
  const T0 = Date.UTC(2026, 2, 10, 15, 0, 0);
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world(T0, {
      thresholds: { serviceLevel: 20, shortAbandon: 5, chatTime: 600, acd: 3, maxQueued: 0, queueTimeout: 0 },
    });
  });
  afterAll(() => w.h.close());

  it('turns a waiting item amber once it waited longer than the service level, the row amber below ACD', async () => {
    await w.handoff('s16-active');
    await w.h.settle();
    await w.take('s16-active');
    await w.handoff('s16-a');
    w.h.clock.now = T0 + 21 * S;
    await w.h.settle();
    const d = await w.detail();
    expect(d.waitingItems).toEqual([expect.objectContaining({ colour: 'amber' })]);
    expect(d.campaign).toMatchObject({ waiting: 1, waitingColour: 'amber', longestWaitMs: 21 * S });
  });

  it('turns the campaign red with 3 waiting (ACD = 3) and flags the agent whose chat is older than chatTime', async () => {
    w.h.clock.now = T0 + 601 * S;
    await w.handoff('s16-b');
    await w.handoff('s16-c');
    await w.h.settle();
    const d = await w.detail();
    expect(d.campaign).toMatchObject({ waiting: 3, waitingColour: 'red', active: 1 });
    expect(d.waitingItems.map((i: { colour: string }) => i.colour)).toEqual(['amber', 'none', 'none']);
    expect(d.agents).toEqual([
      expect.objectContaining({ displayName: 'Bea', active: 1, oldestActiveMs: 601 * S, oldestActiveColour: 'red' }),
    ]);
    expect(d.activeItems).toEqual([expect.objectContaining({ colour: 'red', customerNumber: '+59899000001' })]);
  });

  it('keeps the item colours normal below the limits', async () => {
    w.h.clock.now = T0 + 601 * S + 5 * S;
    const d = await w.detail();
    expect(d.waitingItems.map((i: { colour: string }) => i.colour)).toEqual(['amber', 'none', 'none']);
  });
});

describe('"today" in the campaign time zone', () => {
  // Montevideo is UTC-3: 02:30 UTC on the 11th is 23:30 on the 10th there.
  const YESTERDAY_2330 = Date.UTC(2026, 2, 11, 2, 30, 0);
  const TODAY_1000 = Date.UTC(2026, 2, 11, 13, 0, 0);
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world(YESTERDAY_2330, { schedule: { timezone: 'America/Montevideo', ranges: EVERY_DAY } });
  });
  afterAll(() => w.h.close());

  it('does not count an interaction answered at 23:30 local yesterday as today, though it is the same UTC day', async () => {
    await w.handoff('tz-1');
    await w.h.settle();
    await w.take('tz-1');
    await w.h.settle();
    expect((await w.detail()).campaign.attendedToday).toBe(1);
    w.h.clock.now = TODAY_1000;
    const d = await w.detail();
    expect(d.campaign.attendedToday).toBe(0);
    expect(d.agents[0].attendedToday).toBe(0);
  });

  it('rebuilds the same figures from the database after a restart, once', async () => {
    const { CampaignMonitorService } = await import('./monitor-service');
    const s = w.h.services;
    w.h.clock.now = YESTERDAY_2330 + 60 * S;
    const fresh = new CampaignMonitorService({
      db: w.h.database.db,
      bus: s.bus,
      router: s.router,
      campaigns: s.campaigns,
      now: () => w.h.clock.now,
    });
    await fresh.start();
    expect(fresh.list()[0]).toMatchObject({ attendedToday: 1, active: 1, averageWaitMs: 0 });
    fresh.stop();
  });
});

describe('events that race the database', () => {
  const T0 = Date.UTC(2026, 2, 10, 15, 0, 0);
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world(T0, {});
  });
  afterAll(() => w.h.close());

  it('counts an answer whose row is already closed when the monitor reads it', async () => {
    const { h } = w;
    const campaignId = (await h.services.campaigns.list())[0]!.id;
    const { db } = h.database;
    const { interaction } = await h.services.conversations.createInteraction(db, {
      providerId: 'p',
      externalConversationId: 'race-1',
      campaignId,
      customerNumber: '+1',
      skill: 'colours',
      status: 'waiting',
      enteredAt: T0,
    });
    await db
      .updateTable('interactions')
      .set({ status: 'closed', close_reason: 'agent', taken_at: T0 + 4000, closed_at: T0 + 9000 })
      .where('id', '=', interaction.id)
      .execute();
    h.clock.now = T0 + 9000;
    // The three events arrive together; the monitor reads the row (for taken_at) only after it closed.
    h.services.bus.emit('interaction.arrived', { interactionId: interaction.id, campaignId, enteredAt: T0 });
    h.services.bus.emit('interaction.updated', {
      interactionId: interaction.id,
      campaignId,
      status: 'active',
      ownerAgentId: 'someone',
    });
    h.services.bus.emit('interaction.closed', {
      interactionId: interaction.id,
      campaignId,
      reason: 'agent',
      ownerAgentId: 'someone',
    });
    await h.services.monitor.settled();
    expect(h.services.monitor.list()[0]).toMatchObject({
      attendedToday: 1,
      averageWaitMs: 4000,
      averageHandleMs: 5000,
      abandonedToday: 0,
    });
  });
});
