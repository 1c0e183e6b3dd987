// Three nodes on one PostgreSQL database and one Redis, in this process: hand-offs and messages posted to any
// node reach the agents' sockets on every node, and concurrent takes of one item from different nodes leave
// exactly one owner.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { servicesOrSkip } from '../storage/test-databases';
import {
  clusterEnv,
  clusterServicesReachable,
  createClusterDatabase,
  type ClusterDatabase,
} from '../testing/cluster-harness';
import {
  ADMIN_PASSWORD,
  createUser,
  heynowWebhook,
  setUpCampaigns,
  startProviderDouble,
  startTestServer,
  type StartedServer,
} from '../testing/started-server';
import { until } from '../testing/until';

const reachable = servicesOrSkip(await clusterServicesReachable(), 'PostgreSQL and Redis are', 'several-nodes tests');

describe.skipIf(!reachable)('several nodes on PostgreSQL and Redis', () => {
  let database: ClusterDatabase;
  let nodes: StartedServer[] = [];
  let provider: Awaited<ReturnType<typeof startProviderDouble>>;
  let admin: string;
  let setup: { providerId: string; partnerToken: string };
  const agents: { id: string; name: string; cookie: string; node: StartedServer; socket: WebSocket; seen: string[] }[] =
    [];

  beforeAll(async () => {
    database = await createClusterDatabase();
    const env = clusterEnv(database.url);
    nodes.push(await startTestServer(env));
    nodes.push(...(await Promise.all([startTestServer(env), startTestServer(env)])));
    provider = await startProviderDouble();
    admin = (await nodes[0]!.login('admin', ADMIN_PASSWORD)).cookie;
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push(await createUser(nodes[0]!, admin, `agent${i}`, 'agent', `agent-password-${i}`));
    setup = await setUpCampaigns(nodes[0]!, admin, provider.url, [{ name: 'Ventas', skill: 'ventas', memberIds: ids }]);
    for (let i = 0; i < 3; i++) {
      // Each agent signs in, listens and works on a different node.
      const node = nodes[i]!;
      const { cookie, id } = await node.login(`agent${i}`, `agent-password-${i}`);
      const socket = await node.socket(cookie);
      const agent = { id, name: `agent${i}`, cookie, node, socket, seen: [] as string[] };
      socket.on('message', (data: Buffer) => agent.seen.push(data.toString()));
      agents.push(agent);
      const res = await node.call('POST', '/api/agent/status', { status: 'available' }, { cookie });
      expect(res.status, await res.clone().text()).toBe(200);
    }
  }, 60_000);

  afterAll(async () => {
    for (const n of nodes.reverse()) await n.close().catch(() => undefined);
    nodes = [];
    await provider?.close();
    await database?.drop();
  }, 30_000);

  it('exactly one node leads routing, under one epoch', async () => {
    const leading = nodes.filter((n) => n.server.services.router.leading);
    expect(leading).toHaveLength(1);
  });

  it('routes hand-offs posted round-robin to all nodes, and every assignment and message reaches its agent', async () => {
    const conversations = Array.from({ length: 12 }, (_, i) => `rr-${i}`);
    for (const [i, c] of conversations.entries()) {
      const res = await heynowWebhook(nodes[i % 3]!, setup.providerId, setup.partnerToken, {
        event: 'handoff',
        conversationId: c,
        contact: { phone: `+59899000${String(i).padStart(3, '0')}` },
        skill: 'ventas',
        messageId: `${c}-m0`,
        text: 'hola',
      });
      expect(res.status).toBe(200);
    }
    const db = nodes[0]!.server.database.db;
    const rows = await until(
      'every hand-off assigned',
      async () => {
        const r = await db
          .selectFrom('interactions')
          .select(['id', 'owner_agent_id', 'status', 'external_conversation_id'])
          .where('external_conversation_id', 'like', 'rr-%')
          .execute();
        return r.length === conversations.length && r.every((x) => x.status === 'active') && r;
      },
      15_000,
    );
    // Each agent's own node pushed it every assignment, whichever node received the hand-off.
    for (const row of rows) {
      const owner = agents.find((a) => a.id === row.owner_agent_id)!;
      await until(`assignment of ${row.id} on ${owner.name}'s socket`, async () =>
        owner.seen.some((m) => m.includes(row.id)),
      );
    }
    // Never above the cap (10), spread by rrmemory.
    const load = new Map<string, number>();
    for (const r of rows) load.set(r.owner_agent_id!, (load.get(r.owner_agent_id!) ?? 0) + 1);
    expect(Math.max(...load.values())).toBeLessThanOrEqual(10);

    // A customer's message posted to another node reaches the owner's socket.
    for (const [i, row] of rows.entries()) {
      const res = await heynowWebhook(nodes[(i + 1) % 3]!, setup.providerId, setup.partnerToken, {
        event: 'message',
        conversationId: row.external_conversation_id,
        messageId: `${row.external_conversation_id}-m1`,
        text: 'sigo aquí',
      });
      expect(res.status).toBe(200);
    }
    for (const row of rows) {
      const owner = agents.find((a) => a.id === row.owner_agent_id)!;
      await until(`message of ${row.id} on ${owner.name}'s socket`, async () =>
        owner.seen.some((m) => m.includes('"type":"message"') && m.includes(row.id)),
      );
    }
  }, 60_000);

  it("sends every agent's reply exactly once, whichever node's outbox claims it, in each conversation's order", async () => {
    const db = nodes[0]!.server.database.db;
    const rows = await db
      .selectFrom('interactions')
      .select(['id', 'owner_agent_id'])
      .where('external_conversation_id', 'like', 'rr-%')
      .where('status', '=', 'active')
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    // Each agent sends three replies in each of its conversations, through its own node; every node's outbox runs.
    const texts: string[] = [];
    await Promise.all(
      rows.map(async (row) => {
        const owner = agents.find((a) => a.id === row.owner_agent_id)!;
        for (let k = 0; k < 3; k++) {
          const text = `reply ${k} in ${row.id}`;
          texts.push(text);
          const res = await owner.node.call(
            'POST',
            `/api/interactions/${row.id}/messages`,
            { text },
            { cookie: owner.cookie },
          );
          expect(res.status, await res.clone().text()).toBe(201);
        }
      }),
    );
    const sentTexts = () => provider.received.flatMap((body) => texts.filter((t) => body.includes(`"${t}"`)));
    await until('every reply sent', async () => texts.every((t) => sentTexts().includes(t)), 15_000);
    const sent = sentTexts();
    // Exactly once each, and within a conversation in the order the agent wrote them.
    expect(sent.length).toBe(texts.length);
    for (const row of rows) {
      const order = sent.filter((t) => t.endsWith(`in ${row.id}`));
      expect(order).toEqual([0, 1, 2].map((k) => `reply ${k} in ${row.id}`));
    }
  }, 60_000);

  it('concurrent takes of one ringall item from agents on different nodes leave exactly one owner, never above the cap', async () => {
    const res = await nodes[1]!.call(
      'POST',
      '/api/campaigns',
      {
        name: 'Soporte',
        strategy: 'ringallmultiple',
        deliveryMode: 'rrmemory',
        skills: ['soporte'],
        providerIds: [setup.providerId],
        maxInteractionsPerAgent: 2,
      },
      { cookie: admin },
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const campaign = (await res.json()) as { id: string };
    await nodes[2]!.call(
      'POST',
      '/api/members',
      { campaignIds: [campaign.id], add: agents.map((a) => a.id) },
      {
        cookie: admin,
      },
    );
    const db = nodes[0]!.server.database.db;
    let conversation = 0;
    // Random interleavings (fixed seed): which agents race for each item, and through which node each asks.
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            racers: fc.subarray([0, 1, 2], { minLength: 2 }),
            via: fc.array(fc.nat(2), { minLength: 3, maxLength: 3 }),
          }),
          {
            minLength: 2,
            maxLength: 4,
          },
        ),
        async (rounds) => {
          for (const round of rounds) {
            const c = `race-${conversation++}`;
            const arrived = await heynowWebhook(nodes[conversation % 3]!, setup.providerId, setup.partnerToken, {
              event: 'handoff',
              conversationId: c,
              contact: { phone: `+59898${String(conversation).padStart(6, '0')}` },
              skill: 'soporte',
              messageId: `${c}-m0`,
              text: 'ayuda',
            });
            expect(arrived.status).toBe(200);
            const row = await until(`${c} waiting`, async () =>
              db
                .selectFrom('interactions')
                .select(['id', 'status'])
                .where('external_conversation_id', '=', c)
                .where('status', '=', 'waiting')
                .executeTakeFirst(),
            );
            const answers = await Promise.all(
              round.racers.map((i) =>
                nodes[round.via[i]!]!.call(
                  'POST',
                  `/api/interactions/${row.id}/take`,
                  {},
                  { cookie: agents[i]!.cookie },
                ),
              ),
            );
            const statuses = answers.map((a) => a.status);
            const winners = statuses.filter((s) => s === 200).length;
            // Whoever lost was refused (already taken, or at the cap); nobody got a server error.
            expect(
              statuses.every((s) => s === 200 || s === 409),
              String(statuses),
            ).toBe(true);
            const owner = await db
              .selectFrom('interactions')
              .select(['owner_agent_id'])
              .where('id', '=', row.id)
              .executeTakeFirstOrThrow();
            // Everyone is free and under the cap at each round's start: someone must win, and only one.
            expect(winners, String(statuses)).toBe(1);
            expect(round.racers.map((i) => agents[i]!.id)).toContain(owner.owner_agent_id);
          }
          // Nobody above the campaign's cap of 2, counted in the database itself.
          const load = await db
            .selectFrom('interactions')
            .select(['owner_agent_id', (eb) => eb.fn.countAll<number>().as('n')])
            .where('campaign_id', '=', campaign.id)
            .where('status', 'in', ['offered', 'active'])
            .groupBy('owner_agent_id')
            .execute();
          for (const l of load) expect(Number(l.n), `load of ${l.owner_agent_id}`).toBeLessThanOrEqual(2);
          // Free everyone for the next run: close what they hold in this campaign.
          const held = await db
            .selectFrom('interactions')
            .select(['id', 'owner_agent_id'])
            .where('campaign_id', '=', campaign.id)
            .where('status', '=', 'active')
            .execute();
          for (const h of held) {
            const a = agents.find((x) => x.id === h.owner_agent_id)!;
            const closed = await a.node.call('POST', `/api/interactions/${h.id}/close`, {}, { cookie: a.cookie });
            expect(closed.status, await closed.clone().text()).toBe(204);
          }
          for (const a of agents)
            await a.node.call('POST', '/api/agent/status', { status: 'available' }, { cookie: a.cookie });
        },
      ),
      { seed: 20261207, numRuns: 4 },
    );
  }, 120_000);
});
