import { RoutingEngine, mulberry32 } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRoutingSnapshot } from '../routing/routing-snapshot';
import { dialectsUnderTest } from '../storage/test-databases';
import { campaignWithProvider, createHarness, webhook, type Harness } from '../testing/supervision-harness';

const dialects = await dialectsUnderTest();
const NOW = Date.UTC(2026, 2, 10, 15, 0, 0);

/*
 * One campaign, cap 1: Ana answers; Bruno is a paused member (so nothing reaches him unless a supervisor
 * chooses him); Carla is an agent outside the campaign. The steps build on each other, in order.
 */
describe.each(dialects)('a supervisor takes over, releases, assigns and moves interactions on %s', (dialect) => {
  let h: Harness;
  let admin: { cookie: string; userId: string };
  let supervisor: { cookie: string; userId: string };
  let outsider: { cookie: string; userId: string };
  let ana: { cookie: string; userId: string };
  let bruno: { cookie: string; userId: string };
  let carla: { cookie: string; userId: string };
  let providerId: string;
  let campaignId: string;
  let first: string;
  let second: string;

  const row = (id: string) =>
    h.database.db
      .selectFrom('interactions')
      .select(['status', 'owner_agent_id', 'taken_over_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const idOf = async (conversationId: string) =>
    (
      await h.database.db
        .selectFrom('interactions')
        .select('id')
        .where('external_conversation_id', '=', conversationId)
        .executeTakeFirstOrThrow()
    ).id;
  const post = (path: string, as: string, payload?: object) =>
    h.request({ method: 'POST', url: path, as, ...(payload ? { payload } : {}) });
  const audit = async (action: string) => {
    const page = (await h.request({ method: 'GET', url: '/api/audit?pageSize=200', as: admin.cookie })).json();
    return (page.rows as { action: string; userId: string; target: string; detail: string | null }[]).filter(
      (e) => e.action === action,
    );
  };
  /** How the audit log shows an agent mentioned in a detail: by name as it is now. */
  const named = async (agentId: string) => {
    const u = await h.services.users.get(agentId);
    return `${u.displayName} (${u.username})`;
  };
  const held = (agentId: string) => h.services.router.views.agentView(agentId)?.held ?? 0;

  beforeAll(async () => {
    h = await createHarness(dialect, NOW);
    admin = await h.sessionFor('administrator');
    ({ providerId, campaignId } = await campaignWithProvider(h, admin.cookie, {
      name: 'Soporte',
      strategy: 'nocall',
      deliveryMode: 'linear',
      maxInteractionsPerAgent: 1,
      skills: ['soporte'],
      messages: { welcome: '' },
    }));
    supervisor = await h.sessionFor('supervisor', 'Sofía', [campaignId]);
    outsider = await h.sessionFor('supervisor', 'Otro', []);
    ana = await h.sessionFor('agent', 'Ana');
    bruno = await h.sessionFor('agent', 'Bruno');
    carla = await h.sessionFor('agent', 'Carla');
    await post('/api/members', admin.cookie, { campaignIds: [campaignId], add: [ana.userId, bruno.userId] });
    await h.settle();
    await post('/api/agent/status', ana.cookie, { status: 'available' });
    await post('/api/agent/status', carla.cookie, { status: 'available' });
    const reasons = (await h.request({ method: 'GET', url: '/api/agent/inbox', as: bruno.cookie })).json()
      .pauseReasons as string[];
    await post('/api/agent/status', bruno.cookie, { status: 'paused', reason: reasons[0] });
    for (const n of [1, 2]) {
      await webhook(h, providerId, {
        event: 'handoff',
        conversationId: `s-${n}`,
        contact: { phone: `+5989900000${n}` },
        skill: 'soporte',
        messageId: `s-${n}-m`,
        text: 'hola',
      });
      await h.settle();
    }
    first = await idOf('s-1');
    second = await idOf('s-2');
  });
  afterAll(() => h.close());

  it('take-over counts toward nobody’s cap: the former agent gets capacity back and the waiting one reaches them', async () => {
    expect(await row(first)).toMatchObject({ status: 'active', owner_agent_id: ana.userId });
    expect(await row(second)).toMatchObject({ status: 'waiting', owner_agent_id: null });

    const res = await post(`/api/interactions/${first}/takeover`, supervisor.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'active', ownerAgentId: supervisor.userId });
    await h.settle();

    expect(h.services.router.views.interaction(first)).toMatchObject({
      state: 'taken_over',
      staffId: supervisor.userId,
      agentId: null,
    });
    // Ana's one slot held the first; now it holds the second, routed to her because the take-over freed it.
    expect(await row(second)).toMatchObject({ status: 'active', owner_agent_id: ana.userId });
    expect(held(ana.userId)).toBe(1);
    expect(await row(first)).toMatchObject({ status: 'active', owner_agent_id: supervisor.userId });
    expect((await row(first)).taken_over_at).not.toBeNull();
    expect(await audit('interaction.taken_over')).toEqual([
      expect.objectContaining({
        userId: supervisor.userId,
        target: first,
        detail: `from agent ${await named(ana.userId)}`,
      }),
    ]);
  });

  it('rebuilds the taken-over state from the database after a restart', async () => {
    const campaigns = await h.services.campaigns.list();
    const snapshot = await loadRoutingSnapshot(h.database.db, campaigns);
    expect(snapshot.interactions.find((i) => i.id === first)).toMatchObject({
      state: 'taken_over',
      staffId: supervisor.userId,
      agentId: null,
    });
    const restored = RoutingEngine.restore(snapshot, { rng: mulberry32(1) }, h.clock.now);
    expect(restored.apply({ type: 'tick' }, h.clock.now).filter((d) => d.type !== 'queued')).toEqual([]);
    expect(restored.interaction(first)).toMatchObject({ state: 'taken_over', staffId: supervisor.userId });
    expect(restored.agentView(ana.userId)?.held).toBe(1);
  });

  it('refuses a release by anyone but the holder, and releases back to the queue at its place', async () => {
    expect((await post(`/api/interactions/${first}/release`, outsider.cookie, {})).statusCode).toBe(404);
    expect((await post(`/api/interactions/${first}/release`, ana.cookie, {})).statusCode).toBe(403);
    const admins = await post(`/api/interactions/${first}/release`, admin.cookie, {});
    expect(admins.statusCode).toBe(409);

    const res = await post(`/api/interactions/${first}/release`, supervisor.cookie, {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'waiting', ownerAgentId: null });
    await h.settle();
    // Ana is at her cap (the second) and Bruno is paused: it waits.
    expect(await row(first)).toMatchObject({ status: 'waiting', owner_agent_id: null, taken_over_at: null });
    expect(h.services.router.views.interaction(first)).toMatchObject({ state: 'waiting', staffId: null });
    expect(await audit('interaction.released')).toEqual([
      expect.objectContaining({ userId: supervisor.userId, target: first, detail: 'to the queue' }),
    ]);
  });

  it('assigns a waiting interaction to a chosen member within their cap, audited; refuses over cap or a non-member', async () => {
    const overCap = await post(`/api/interactions/${first}/assign`, supervisor.cookie, { agentId: ana.userId });
    expect(overCap.statusCode).toBe(409);
    expect(overCap.json()).toMatchObject({ error: 'at_capacity' });
    const stranger = await post(`/api/interactions/${first}/assign`, supervisor.cookie, { agentId: carla.userId });
    expect(stranger.statusCode).toBe(409);
    expect(stranger.json().message).toMatch(/not a member/);
    expect(
      (await post(`/api/interactions/${first}/assign`, outsider.cookie, { agentId: bruno.userId })).statusCode,
    ).toBe(404);
    expect((await post(`/api/interactions/${first}/assign`, ana.cookie, { agentId: ana.userId })).statusCode).toBe(403);
    expect(await row(first)).toMatchObject({ status: 'waiting', owner_agent_id: null });

    // A supervisor may choose a paused member on purpose.
    const res = await post(`/api/interactions/${first}/assign`, supervisor.cookie, { agentId: bruno.userId });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'active', ownerAgentId: bruno.userId });
    expect(await row(first)).toMatchObject({ status: 'active', owner_agent_id: bruno.userId });
    expect(held(bruno.userId)).toBe(1);
    // Refused when it is not waiting any more.
    const again = await post(`/api/interactions/${first}/assign`, supervisor.cookie, { agentId: bruno.userId });
    expect(again.statusCode).toBe(409);
    expect(await audit('interaction.assigned_by_supervisor')).toEqual([
      expect.objectContaining({
        userId: supervisor.userId,
        target: first,
        detail: `to agent ${await named(bruno.userId)}`,
      }),
    ]);
  });

  it('moves an active interaction to another member within their cap, audited', async () => {
    const full = await post(`/api/interactions/${first}/move`, supervisor.cookie, { agentId: ana.userId });
    expect(full.statusCode).toBe(409);
    expect(full.json()).toMatchObject({ error: 'at_capacity' });
    expect(
      (await post(`/api/interactions/${first}/move`, supervisor.cookie, { agentId: bruno.userId })).statusCode,
    ).toBe(409);
    // Ana closes the second: her slot is free (nothing waits, so it stays free).
    expect((await post(`/api/interactions/${second}/close`, ana.cookie, {})).statusCode).toBe(204);
    await h.settle();
    expect(held(ana.userId)).toBe(0);

    const res = await post(`/api/interactions/${first}/move`, admin.cookie, { agentId: ana.userId });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'active', ownerAgentId: ana.userId });
    expect(await row(first)).toMatchObject({ status: 'active', owner_agent_id: ana.userId });
    expect(held(ana.userId)).toBe(1);
    expect(held(bruno.userId)).toBe(0);
    expect(await audit('interaction.moved')).toEqual([
      expect.objectContaining({
        userId: admin.userId,
        target: first,
        detail: `from agent ${await named(bruno.userId)} to agent ${await named(ana.userId)}`,
      }),
    ]);
  });

  it('lets the supervisor who took one over close it through the engine, freeing no agent twice', async () => {
    expect((await post(`/api/interactions/${first}/takeover`, supervisor.cookie)).statusCode).toBe(200);
    expect(held(ana.userId)).toBe(0);
    expect((await post(`/api/interactions/${first}/close`, supervisor.cookie, {})).statusCode).toBe(204);
    expect(await row(first)).toMatchObject({ status: 'closed' });
    expect(h.services.router.views.interaction(first)).toBeUndefined();
    expect(held(ana.userId)).toBe(0);
    expect(await audit('interaction.closed')).toEqual(
      expect.arrayContaining([expect.objectContaining({ userId: supervisor.userId, target: first })]),
    );
  });
});
