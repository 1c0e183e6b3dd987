import type { LiveEvent } from '@switchboard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRoutingSnapshot } from '../../routing/routing-snapshot';
import { dialectsUnderTest } from '../../storage/test-databases';
import { createTestApp, type TestApp } from '../../testing/test-app';

const dialects = await dialectsUnderTest();
const PARTNER = 'partner-token-for-phone';

interface Agent {
  cookie: string;
  userId: string;
  username: string;
}

/**
 * Phone-system presence end to end over HTTP: a phone system's service token (or the agent's own toggle)
 * sets `onCall`, and the router follows docs/routing.md — incall and omni phase 1 exclude agents on a call,
 * nocall ignores calls.
 */
describe.each(dialects)('phone-system presence routes chats on %s', (dialect) => {
  let t: TestApp;
  let admin: string;
  let providerId: string;
  let phoneToken: string;
  let pauseReason: string;
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await t.services.monitor.start();
    admin = (await t.sessionFor('administrator')).cookie;
    providerId = (
      await t.request({
        method: 'POST',
        url: '/api/providers',
        payload: {
          kind: 'heynow-direct',
          name: 'hn',
          domain: 'http://127.0.0.1:9',
          platformId: '598000',
          partnerToken: PARTNER,
        },
        as: admin,
      })
    ).json().id;
    phoneToken = (
      await t.request({
        method: 'POST',
        url: '/api/service-tokens',
        payload: { name: 'PBX', scopes: ['presence:write'] },
        as: admin,
      })
    ).json().token;
    pauseReason = (await t.services.settings.pauseReasons())[0]!;
  });
  afterAll(async () => {
    t.services.monitor.stop();
    await t.close();
  });

  const ok = <T>(res: { statusCode: number; body: string; json(): T }, status = 200): T => {
    expect(res.statusCode, res.body).toBe(status);
    return status === 204 ? (undefined as T) : res.json();
  };

  /** A campaign of its own skill with fresh agents, members in the order given (linear delivery). */
  async function setUp(strategy: string, agentCount: number) {
    const skill = `skill${++n}`;
    const campaignId = ok<{ id: string }>(
      await t.request({
        method: 'POST',
        url: '/api/campaigns',
        payload: { name: `C${n}`, strategy, deliveryMode: 'linear', skills: [skill], providerIds: [providerId] },
        as: admin,
      }),
      201,
    ).id;
    const agents: Agent[] = [];
    for (let i = 0; i < agentCount; i++) {
      const session = await t.sessionFor('agent');
      agents.push({ ...session, username: (await t.services.users.get(session.userId)).username });
    }
    ok(
      await t.request({
        method: 'POST',
        url: '/api/members',
        payload: { campaignIds: [campaignId], add: agents.map((a) => a.userId) },
        as: admin,
      }),
      204,
    );
    return { campaignId, skill, agents };
  }

  const status = async (agent: Agent, body: object) =>
    ok(await t.request({ method: 'POST', url: '/api/agent/status', payload: body, as: agent.cookie }));
  const phone = async (agent: Agent, onCall: boolean) =>
    ok<{ onCall: boolean }>(
      await t.app.inject({
        method: 'PUT',
        url: `/api/agents/${agent.userId}/phone`,
        payload: { onCall },
        headers: { authorization: `Bearer ${phoneToken}` },
      }),
    );
  const handOff = async (skill: string) => {
    const conversation = `conv-${++n}`;
    ok(
      await t.request({
        method: 'POST',
        url: `/webhooks/heynow/${providerId}`,
        payload: {
          event: 'handoff',
          conversationId: conversation,
          contact: { name: 'Cliente', phone: `+5989900${String(n).padStart(4, '0')}` },
          skill,
          messageId: `m-${conversation}`,
          text: 'hola',
        },
        headers: { 'x-heynow-partner-token': PARTNER },
      }),
    );
  };
  const activeOf = async (agent: Agent): Promise<string[]> =>
    ok<{ active: { id: string }[] }>(
      await t.request({ method: 'GET', url: '/api/agent/inbox', as: agent.cookie }),
    ).active.map((i) => i.id);
  const waiting = (campaignId: string) => t.services.router.views.campaignQueue(campaignId).length;

  it('incall (scenario 5): the free agent gets the first chat and is auto-paused; the second waits for them, not for the agent on a call', async () => {
    const { campaignId, skill, agents } = await setUp('incall', 3);
    const [a, b, c] = agents as [Agent, Agent, Agent];
    for (const agent of agents) await status(agent, { status: 'available' });
    expect(await phone(b, true)).toMatchObject({ onCall: true });
    await status(c, { status: 'paused', reason: pauseReason });

    await handOff(skill);
    await expect.poll(() => activeOf(a)).toHaveLength(1);
    const [first] = await activeOf(a);
    // Auto-paused for routing, without a break record: the agent's own status stays available.
    expect(t.services.router.views.agentView(a.userId)?.autoPaused).toBe(true);
    expect((await t.services.agentWork.presence(a.userId)).status).toBe('available');

    await handOff(skill);
    await expect.poll(() => waiting(campaignId)).toBe(1);
    expect(await activeOf(b)).toEqual([]);
    expect(await activeOf(c)).toEqual([]);

    ok(await t.request({ method: 'POST', url: `/api/interactions/${first}/close`, payload: {}, as: a.cookie }), 204);
    await expect.poll(async () => (await activeOf(a)).filter((id) => id !== first)).toHaveLength(1);
    expect(waiting(campaignId)).toBe(0);
    expect(await activeOf(b)).toEqual([]);
  });

  it('incall: a chat waits while its only agent is on a call and goes to them as soon as the call ends', async () => {
    const { campaignId, skill, agents } = await setUp('incall', 1);
    const [b] = agents as [Agent];
    await status(b, { status: 'available' });
    await phone(b, true);
    await handOff(skill);
    await expect.poll(() => waiting(campaignId)).toBe(1);
    expect(await activeOf(b)).toEqual([]);

    // Phone systems that know logins, not ids.
    const ended = await t.app.inject({
      method: 'PUT',
      url: `/api/agents/by-username/${b.username.toUpperCase()}/phone`,
      payload: { onCall: false },
      headers: { authorization: `Bearer ${phoneToken}` },
    });
    expect(ok<{ onCall: boolean }>(ended).onCall).toBe(false);
    await expect.poll(() => activeOf(b)).toHaveLength(1);
    expect(waiting(campaignId)).toBe(0);
  });

  it('nocall: calls are ignored, so the first agent in order gets the chat while on a call', async () => {
    const { skill, agents } = await setUp('nocall', 2);
    const [a, b] = agents as [Agent, Agent];
    for (const agent of agents) await status(agent, { status: 'available' });
    await phone(a, true);
    await handOff(skill);
    await expect.poll(() => activeOf(a)).toHaveLength(1);
    expect(await activeOf(b)).toEqual([]);
  });

  it('omni: phase 1 skips the agent on a call; phase 2 gives them the next chat while the free one is busy', async () => {
    const { skill, agents } = await setUp('omni', 2);
    const [a, b] = agents as [Agent, Agent];
    for (const agent of agents) await status(agent, { status: 'available' });
    await phone(a, true);
    await handOff(skill);
    await expect.poll(() => activeOf(b)).toHaveLength(1);
    expect(await activeOf(a)).toEqual([]);

    await handOff(skill);
    await expect.poll(() => activeOf(a)).toHaveLength(1);
    expect(await activeOf(b)).toHaveLength(1);
  });

  it("lets agents toggle their own call; it is stored, shown in monitoring and pushed live to the campaign's supervisor", async () => {
    const { campaignId, agents } = await setUp('incall', 1);
    const [a] = agents as [Agent];
    const supervisor = await t.sessionFor('supervisor');
    await t.services.users.update(supervisor.userId, { campaignIds: [campaignId] });
    await status(a, { status: 'available' });
    const since = t.services.live.feed.lastSeq;

    const mine = ok<{ onCall: boolean; status: string }>(
      await t.request({ method: 'PUT', url: '/api/agent/phone', payload: { onCall: true }, as: a.cookie }),
    );
    expect(mine).toMatchObject({ onCall: true, status: 'available' });
    const inbox = ok<{ me: { onCall: boolean } }>(
      await t.request({ method: 'GET', url: '/api/agent/inbox', as: a.cookie }),
    );
    expect(inbox.me.onCall).toBe(true);

    const monitorRow = async () => {
      const detail = ok<{ agents: { agentId: string; onCall: boolean }[] }>(
        await t.request({ method: 'GET', url: `/api/monitoring/${campaignId}`, as: supervisor.cookie }),
      );
      return detail.agents.find((r) => r.agentId === a.userId)?.onCall;
    };
    await expect.poll(monitorRow).toBe(true);

    const viewer = { id: supervisor.userId, role: 'supervisor' as const, scope: new Set([campaignId]) };
    const pushed = (t.services.live.feed.replay(viewer, since) ?? []).filter(
      (e: LiveEvent) => e.type === 'agent.status' && e.data.agentId === a.userId,
    );
    expect(pushed.map((e) => e.data)).toMatchObject([{ onCall: true }]);

    // Kept across a restart: the presence row holds it and the router's rebuild reads it back.
    const row = await t.database.db
      .selectFrom('agent_presence')
      .select('on_call')
      .where('agent_id', '=', a.userId)
      .executeTakeFirstOrThrow();
    expect(row.on_call).toBe(1);
    const snapshot = await loadRoutingSnapshot(t.database.db, await t.services.campaigns.list());
    expect(snapshot.agents.find((x) => x.id === a.userId)?.onCall).toBe(true);

    ok(await t.request({ method: 'PUT', url: '/api/agent/phone', payload: { onCall: false }, as: a.cookie }));
    await expect.poll(monitorRow).toBe(false);
  });

  it('finds the agent by a username with dots and @, as phone systems often have them', async () => {
    const user = await t.services.users.create({
      username: `ana.perez${++n}@pbx`,
      displayName: 'Ana Pérez',
      role: 'agent',
      password: 'correct-horse-battery',
    });
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/agents/by-username/${encodeURIComponent(user.username)}/phone`,
      payload: { onCall: true },
      headers: { authorization: `Bearer ${phoneToken}` },
    });
    expect(ok<{ agentId: string; onCall: boolean }>(res)).toMatchObject({ agentId: user.id, onCall: true });
  });

  it('lets administrators set it too, and answers 404 for anyone who is not an agent', async () => {
    const { agents } = await setUp('omni', 1);
    const [a] = agents as [Agent];
    const byAdmin = await t.request({
      method: 'PUT',
      url: `/api/agents/${a.userId}/phone`,
      payload: { onCall: true },
      as: admin,
    });
    expect(ok<{ onCall: boolean }>(byAdmin).onCall).toBe(true);
    const supervisor = await t.sessionFor('supervisor');
    for (const url of [
      `/api/agents/${supervisor.userId}/phone`,
      '/api/agents/nobody/phone',
      '/api/agents/by-username/nobody/phone',
    ]) {
      const res = await t.request({ method: 'PUT', url, payload: { onCall: true }, as: admin });
      expect(res.statusCode, url).toBe(404);
    }
    const bySupervisor = await t.request({
      method: 'PUT',
      url: `/api/agents/${a.userId}/phone`,
      payload: { onCall: false },
      as: supervisor.cookie,
    });
    expect(bySupervisor.statusCode).toBe(403);
    const notBoolean = await t.request({
      method: 'PUT',
      url: `/api/agents/${a.userId}/phone`,
      payload: { onCall: 'yes' },
      as: admin,
    });
    expect(notBoolean.statusCode).toBe(400);
  });
});
