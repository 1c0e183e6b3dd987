import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dialectsUnderTest } from '../storage/test-databases';
import { campaignWithProvider, createHarness, webhook, type Harness } from '../testing/supervision-harness';

const dialects = await dialectsUnderTest();
const T0 = Date.UTC(2026, 2, 10, 12, 0, 0);
const S = 1000;

async function interactionOf(h: Harness, conversationId: string): Promise<string> {
  const row = await h.database.db
    .selectFrom('interactions')
    .select('id')
    .where('external_conversation_id', '=', conversationId)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe.each(dialects)('campaign monitoring on %s', (dialect) => {
  let h: Harness;
  let admin: string;
  let providerId: string;
  let campaignId: string;
  let agent: { cookie: string; userId: string };

  const at = async (ms: number) => {
    h.clock.now = T0 + ms;
    await h.settle();
  };
  const handoff = (conv: string) =>
    webhook(h, providerId, {
      event: 'handoff',
      conversationId: conv,
      contact: { phone: `+5989900${conv.slice(-4)}` },
      skill: 'figures',
      messageId: `m-${conv}`,
      text: 'hola',
    });
  const take = async (conv: string) => {
    const res = await h.request({
      method: 'POST',
      url: `/api/interactions/${await interactionOf(h, conv)}/take`,
      as: agent.cookie,
    });
    expect(res.statusCode).toBe(200);
  };
  // The router closes right after the answer: settled before the clock moves on, so it closes at this time.
  const leave = async (conv: string) => {
    const res = await webhook(h, providerId, { event: 'customer_left', conversationId: conv });
    await h.settle();
    return res;
  };
  const close = async (conv: string) => {
    const res = await h.request({
      method: 'POST',
      url: `/api/interactions/${await interactionOf(h, conv)}/close`,
      payload: {},
      as: agent.cookie,
    });
    expect(res.statusCode).toBe(204);
  };
  const row = async () => {
    const res = await h.request({ method: 'GET', url: '/api/monitoring', as: admin });
    expect(res.statusCode).toBe(200);
    return (res.json() as { campaignId: string }[]).find((c) => c.campaignId === campaignId) as Record<string, unknown>;
  };

  beforeAll(async () => {
    h = await createHarness(dialect, T0);
    admin = (await h.sessionFor('administrator')).cookie;
    ({ providerId, campaignId } = await campaignWithProvider(h, admin, {
      name: 'Figures',
      strategy: 'ringallmultiple',
      skills: ['figures'],
      maxInteractionsPerAgent: 10,
      thresholds: { serviceLevel: 20, shortAbandon: 5, chatTime: 600, acd: 3, maxQueued: 0, queueTimeout: 0 },
      messages: { welcome: '' },
    }));
    agent = await h.sessionFor('agent', 'Ana');
    await h.request({
      method: 'POST',
      url: '/api/members',
      payload: { campaignIds: [campaignId], add: [agent.userId] },
      as: admin,
    });
    await h.settle();
    await h.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'available' }, as: agent.cookie });
  });
  afterAll(() => h.close());

  it('shows "—" (null) for every ratio before anything was answered or abandoned', async () => {
    expect(await row()).toMatchObject({
      attendedToday: 0,
      abandonedToday: 0,
      serviceLevelPercent: null,
      serviceLevelWithAbandonedPercent: null,
      abandonPercent: null,
      averageWaitMs: null,
      averageHandleMs: null,
    });
  });

  it('computes SL, SL with abandoned, abandon % and averages as counted by hand, short abandons left out', async () => {
    for (const conv of ['c-0001', 'c-0002', 'c-0003', 'c-0004', 'c-0005', 'c-0006'])
      expect((await handoff(conv)).statusCode).toBe(200);
    await at(0);
    await at(3 * S);
    await leave('c-0003'); // 3 s: a short abandon, excluded from every SL figure
    await at(5 * S);
    await take('c-0006'); // answered in 5 s (within 20 s)
    await at(10 * S);
    await take('c-0001'); // 10 s (within)
    await at(15 * S);
    await leave('c-0004'); // abandoned after 15 s (within 20 s)
    await at(30 * S);
    await take('c-0002'); // 30 s (late)
    await at(40 * S);
    await leave('c-0005'); // abandoned after 40 s (late)
    await at(70 * S);
    await close('c-0001'); // handled 60 s
    await at(130 * S);
    await close('c-0002'); // handled 100 s
    await at(130 * S);

    const r = await row();
    // answered 3 (2 within T); abandoned 2 (1 within T); 1 short abandon excluded
    expect(r).toMatchObject({ attendedToday: 3, abandonedToday: 2, waiting: 0, active: 1 });
    expect(r.serviceLevelPercent).toBeCloseTo((2 / 3) * 100, 6);
    expect(r.serviceLevelWithAbandonedPercent).toBeCloseTo(((2 + 1) / (3 + 2)) * 100, 6);
    expect(r.abandonPercent).toBeCloseTo((2 / 5) * 100, 6);
    expect(r.averageWaitMs).toBe(15_000); // (5 + 10 + 30) / 3
    expect(r.averageHandleMs).toBe(80_000); // (60 + 100) / 2

    const detail = (await h.request({ method: 'GET', url: `/api/monitoring/${campaignId}`, as: admin })).json();
    expect(detail.agents).toEqual([
      expect.objectContaining({
        displayName: 'Ana',
        attendedToday: 3,
        active: 1,
        max: 10,
        busy: true,
        status: 'available',
        // The chat still open, with its customer and since when the agent has it.
        chats: [{ interactionId: await interactionOf(h, 'c-0006'), customer: '+59899000006', takenAt: T0 + 5 * S }],
      }),
    ]);
    const points = detail.chart as { arrivals: number; answered: number; abandoned: number }[];
    expect(points).toHaveLength(16);
    expect(points.reduce((s, p) => s + p.arrivals, 0)).toBe(6);
    expect(points.reduce((s, p) => s + p.answered, 0)).toBe(3);
    expect(points.reduce((s, p) => s + p.abandoned, 0)).toBe(2);
  });

  it('re-counts today when the service-level threshold changes', async () => {
    const patched = await h.request({
      method: 'PATCH',
      url: `/api/campaigns/${campaignId}`,
      payload: {
        thresholds: { serviceLevel: 40, shortAbandon: 5, chatTime: 600, acd: 3, maxQueued: 0, queueTimeout: 0 },
      },
      as: admin,
    });
    expect(patched.statusCode).toBe(200);
    await h.settle();
    const r = await row();
    expect(r.serviceLevelPercent).toBe(100); // 5, 10 and 30 s are all within 40 s
    expect(r.serviceLevelWithAbandonedPercent).toBe(100);
  });

  it('answers a refresh from memory: no query touches interactions', async () => {
    const spy = vi.spyOn(h.database.db, 'selectFrom');
    await row();
    const tables = spy.mock.calls.map((c) => String(c[0]));
    spy.mockRestore();
    expect(tables).not.toContain('interactions');
  });

  it('lets a supervisor see only the campaigns they are scoped to', async () => {
    const supervisor = await h.sessionFor('supervisor');
    const list = (await h.request({ method: 'GET', url: '/api/monitoring', as: supervisor.cookie })).json();
    expect(list).toEqual([]);
    expect(
      (await h.request({ method: 'GET', url: `/api/monitoring/${campaignId}`, as: supervisor.cookie })).statusCode,
    ).toBe(404);
    expect((await h.request({ method: 'GET', url: '/api/monitoring', as: agent.cookie })).statusCode).toBe(403);
  });
});
