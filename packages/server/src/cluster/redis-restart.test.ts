// A Redis restart in the middle of the work: webhooks keep being acknowledged and routed, the agents' sockets
// are told to resync (they refetch), and afterwards events flow again — an agent misses nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { postgresReachable, servicesOrSkip } from '../storage/test-databases';
import { clusterEnv, createClusterDatabase, redisReachable, type ClusterDatabase } from '../testing/cluster-harness';
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

/** A Redis of this test's own on a free port, so it can be killed and started again without touching others. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

function startRedis(port: number): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
}

const port = await freePort();
let redis: ChildProcess | null = startRedis(port);
redis.on('error', () => undefined);
const url = `redis://127.0.0.1:${port}`;
const reachable = servicesOrSkip(
  (await postgresReachable()) &&
    (await until('redis-server answers', () => redisReachable(url), 5000).catch(() => false)),
  'PostgreSQL and redis-server are',
  'Redis restart test',
);

describe.skipIf(!reachable)('a Redis restart under load', () => {
  let database: ClusterDatabase;
  const nodes: StartedServer[] = [];
  let provider: Awaited<ReturnType<typeof startProviderDouble>>;
  afterAll(async () => {
    for (const n of nodes) await n.close().catch(() => undefined);
    redis?.kill('SIGKILL');
    await provider?.close();
    await database?.drop();
  }, 30_000);

  it('loses no event for a connected agent: resync after the restart, then events again', async () => {
    database = await createClusterDatabase();
    const env = clusterEnv(database.url, url);
    nodes.push(await startTestServer(env));
    nodes.push(await startTestServer(env));
    const [a, b] = nodes as [StartedServer, StartedServer];
    provider = await startProviderDouble();
    const admin = (await a.login('admin', ADMIN_PASSWORD)).cookie;
    const agentId = await createUser(a, admin, 'rr-agent', 'agent', 'agent-password-1');
    const setup = await setUpCampaigns(a, admin, provider.url, [
      { name: 'Ventas', skill: 'ventas', memberIds: [agentId] },
    ]);
    // The agent works on the node that does not receive the webhooks.
    const { cookie } = await b.login('rr-agent', 'agent-password-1');
    const seen: string[] = [];
    const socket: WebSocket = await b.socket(cookie);
    socket.on('message', (data: Buffer) => seen.push(data.toString()));
    expect((await b.call('POST', '/api/agent/status', { status: 'available' }, { cookie })).status).toBe(200);

    let n = 0;
    const handOff = async () => {
      const c = `rs-${n++}`;
      const res = await heynowWebhook(a, setup.providerId, setup.partnerToken, {
        event: 'handoff',
        conversationId: c,
        contact: { phone: `+59897${String(n).padStart(6, '0')}` },
        skill: 'ventas',
        messageId: `${c}-m0`,
        text: 'hola',
      });
      expect(res.status).toBe(200);
      return c;
    };
    const db = a.server.database.db;
    const assigned = async (conversations: string[]) =>
      until(
        `${conversations.length} assigned`,
        async () => {
          const rows = await db
            .selectFrom('interactions')
            .select(['id', 'status'])
            .where('external_conversation_id', 'in', conversations)
            .execute();
          return rows.length === conversations.length && rows.every((r) => r.status === 'active') && rows;
        },
        15_000,
      );

    const before = await Promise.all([handOff(), handOff(), handOff()]);
    for (const row of await assigned(before))
      await until(`${row.id} pushed`, async () => seen.some((m) => m.includes(row.id)));

    // Redis dies; webhooks still arrive (and are acknowledged: ingest needs only PostgreSQL).
    redis!.kill('SIGKILL');
    await new Promise<void>((r) => redis!.once('exit', () => r()));
    const resyncsBefore = seen.filter((m) => m.includes('"type":"resync"')).length;
    const during = await Promise.all([handOff(), handOff()]);
    redis = startRedis(port);
    await until('redis back', () => redisReachable(url), 10_000);

    // The agent's socket is told to refetch, and what it refetches holds every assignment.
    await until(
      'a resync on the agent socket',
      async () => seen.filter((m) => m.includes('"type":"resync"')).length > resyncsBefore,
      10_000,
    );
    const duringRows = await assigned(during);
    const inbox = await (await b.call('GET', '/api/agent/inbox', undefined, { cookie })).text();
    for (const row of duringRows) expect(inbox).toContain(row.id);

    // And events flow again through the new Redis.
    const after = await Promise.all([handOff(), handOff(), handOff()]);
    for (const row of await assigned(after))
      await until(`${row.id} pushed after the restart`, async () => seen.some((m) => m.includes(row.id)), 10_000);
  }, 90_000);
});
