// Leader kills under load on a local cluster (three node processes on the local PostgreSQL and Redis):
// hand-offs and customer messages arrive round-robin at every node while the routing leader is SIGKILLed
// again and again. Prints failover time p50/max (kill → successor rebuilt and serving), acknowledged
// hand-offs lost, and the router's CPU per routed message: the leader's CPU per message over a steady window,
// against the same window's CPU per message of a node that does not lead (the same-run baseline). A ratio near
// 1 means routing on one node adds little to what every node spends anyway: one leader is not the bottleneck.
//   npm run bench -- cluster-failover [--kills 10] [--rate 10] [--steady-seconds 10]
import { readFileSync } from 'node:fs';
import pg from 'pg';
import {
  clusterEnv,
  createClusterDatabase,
  currentLeader,
  diagnose,
  handoffLoad,
  DIAGNOSABLE,
  loginTo,
  startNodeProcess,
  type NodeProcess,
} from '../packages/server/src/testing/cluster-harness';
import {
  ADMIN_PASSWORD,
  createUser,
  setUpCampaigns,
  startProviderDouble,
} from '../packages/server/src/testing/started-server';
import { until } from '../packages/server/src/testing/until';
import { positiveInt } from './args';
import { percentile, report, round, sortedCopy } from './stats';

const KILLS = positiveInt('kills', 10, 100);
const RATE = positiveInt('rate', 10, 2000);
const STEADY_S = positiveInt('steady-seconds', 10, 600);
const AGENTS = 40;

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const database = await createClusterDatabase();
const nodes: NodeProcess[] = [];
const provider = await startProviderDouble();
const loads: { stop(): Promise<void> }[] = [];
const stopAll = async () => {
  for (const l of loads) await l.stop();
  for (const n of nodes) if (n.child.exitCode === null) n.child.kill('SIGKILL');
  await provider.close();
  await database.drop();
};
try {
  const env = {
    ...clusterEnv(database.url),
    SWITCHBOARD_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    NODE_OPTIONS: DIAGNOSABLE,
  };
  // The first node migrates; the others join.
  nodes.push(await startNodeProcess({ ...env, LOG_LEVEL: 'info' }));
  nodes.push(
    ...(await Promise.all([
      startNodeProcess({ ...env, LOG_LEVEL: 'info' }),
      startNodeProcess({ ...env, LOG_LEVEL: 'info' }),
    ])),
  );
  const first = nodes[0]!;
  const admin = await loginTo(first, 'admin', ADMIN_PASSWORD);
  const ids: string[] = [];
  for (let i = 0; i < AGENTS; i++) ids.push(await createUser(first, admin, `cf${i}`, 'agent', `agent-password-${i}`));
  const setup = await setUpCampaigns(first, admin, provider.url, [{ name: 'Ventas', skill: 'ventas', memberIds: ids }]);
  const campaigns = (await (await first.call('GET', '/api/campaigns', undefined, { cookie: admin })).json()) as {
    id: string;
  }[];
  await first.call('PATCH', `/api/campaigns/${campaigns[0]!.id}`, { maxInteractionsPerAgent: 100 }, { cookie: admin });
  for (let i = 0; i < AGENTS; i++) {
    const node = nodes[i % nodes.length]!;
    const cookie = await loginTo(node, `cf${i}`, `agent-password-${i}`);
    await node.call('POST', '/api/agent/status', { status: 'available' }, { cookie });
  }

  // Every customer leaves after one message, so agents' capacity keeps freeing up.
  const load = handoffLoad({ nodes, provider: setup, perSecond: RATE, prefix: 'cf', leaves: () => true });
  const acknowledged = load.acknowledged;
  loads.push(load);

  // Steady window: the leader's CPU per message against a follower's.
  const leader = (await until('a leader', () => currentLeader(database.url).then((l) => l ?? undefined), 10_000))!;
  const leadNode = nodes.find((n) => n.nodeId === leader.node)!;
  const follower = nodes.find((n) => n !== leadNode)!;
  await new Promise((r) => setTimeout(r, 2000));
  const before = { sent: load.sent(), lead: cpuSeconds(leadNode.child.pid!), follow: cpuSeconds(follower.child.pid!) };
  await new Promise((r) => setTimeout(r, STEADY_S * 1000));
  const after = { sent: load.sent(), lead: cpuSeconds(leadNode.child.pid!), follow: cpuSeconds(follower.child.pid!) };
  // Every node receives a third of the webhooks; the leader also routes every hand-off of all three.
  const handoffs = after.sent - before.sent;
  const perNodeMessages = (handoffs * 3) / nodes.length;
  const leaderMsPerMessage = ((after.lead - before.lead) * 1000) / perNodeMessages;
  const followerMsPerMessage = ((after.follow - before.follow) * 1000) / perNodeMessages;
  console.log(
    `steady ${STEADY_S}s at ${RATE} hand-offs/s: leader ${round(leaderMsPerMessage)} ms CPU per hand-off (its three webhooks, routing, sends, pushes), follower ${round(followerMsPerMessage)}`,
  );

  const failovers: number[] = [];
  for (let k = 0; k < KILLS; k++) {
    const current = await until('a leader', () => currentLeader(database.url).then((l) => l ?? undefined), 15_000);
    const victim = nodes.find((n) => n.nodeId === current.node)!;
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    const next = await until(
      'the next leader',
      () => currentLeader(database.url).then((l) => (l && l.epoch > current.epoch ? l : undefined)),
      15_000,
    );
    const successor = nodes.find((n) => n.nodeId === next.node)!;
    await until(
      'the successor serving',
      async () =>
        successor.logs.some(
          (l) => l.msg === 'router rebuilt and serving commands from every node' && l.epoch === next.epoch,
        ),
      15_000,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${await diagnose(successor, nodes, database.url)}`);
    });
    failovers.push(Date.now() - killedAt);
    console.log(`kill ${k + 1}: new leader in ${failovers.at(-1)} ms`);
    nodes.push(await startNodeProcess({ ...env, LOG_LEVEL: 'info' }));
  }
  await load.stop();

  // Lost = acknowledged hand-offs the database does not have.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const stored = await until(
    'every acknowledged hand-off stored and none left waiting',
    async () => {
      const { rows } = await client.query<{ c: string; status: string }>(
        `select external_conversation_id as c, status from interactions where external_conversation_id like 'cf-%'`,
      );
      return rows.every((r) => r.status !== 'waiting') && rows;
    },
    30_000,
  ).catch(
    async () =>
      (
        await client.query<{ c: string; status: string }>(
          `select external_conversation_id as c, status from interactions where external_conversation_id like 'cf-%'`,
        )
      ).rows,
  );
  await client.end();
  const known = new Set(stored.map((r) => r.c));
  const lost = [...acknowledged].filter((c) => !known.has(c)).length;
  const sorted = sortedCopy(failovers);
  report({
    bench: 'cluster-failover',
    nodes: 3,
    kills: KILLS,
    handoffsPerSecond: RATE,
    acknowledgedHandoffs: acknowledged.size,
    lostHandoffs: lost,
    leftWaiting: stored.filter((r) => r.status === 'waiting').length,
    failoverMs: { p50: round(percentile(sorted, 50), 0), max: round(sorted[sorted.length - 1]!, 0) },
    routerCpuMsPerHandoff: round(leaderMsPerMessage),
    baseline: { followerCpuMsPerHandoff: round(followerMsPerMessage) },
    ratio: round(leaderMsPerMessage / followerMsPerMessage, 2),
  });
} finally {
  await stopAll();
}
