// Campaign-wide fan-out to many live sockets: N agent WebSockets (default 10,000, all on 127.0.0.1) are open
// on the real server (SQLite, own process) for the agents of one ringall campaign; a signed HeyNow hand-off
// webhook then opens a waiting interaction, whose `inbox.changed` every member's socket receives. Measured per
// event: the time from writing the webhook request until ALL N sockets got the event (p50/p99/max over
// --events), the server's CPU per event (its user + system time during the measured events ÷ their number: the
// figure to compare on a loaded machine, where the latency is mostly waiting for a core), the benchmark
// process's own CPU per event (`clientCpuMsPerEvent`: reading N frames), and the server's RSS per socket
// ((RSS with N sockets open − RSS before) ÷ N).
//
// The N client sockets live in this process and are read by a lean client (bench/sockets/lean-socket.ts: the
// WebSocket handshake and frame parsing over `node:net`, one shared read buffer, the event found by a byte
// search rather than a JSON.parse per frame), used for both sides. With the `ws` client library, reading the
// frames cost this process about as much CPU as the server spent sending them, and on two cores that put the
// client on the critical path.
//
// The gateway caps sockets per user (SWITCHBOARD_WS_PER_USER, at most 1,000): the server runs with that cap at
// 1,000 and the sockets are spread over ceil(N / 1,000) agents.
//
// Same-run baseline, after Switchboard is stopped (so the client never holds both fleets' descriptors): a bare
// `ws` server broadcasting a message of the same size to N sockets on `POST /broadcast`.
//
//   npm run bench -- sockets [--sockets 10000] [--events 20] [--cpu-prof <dir>]   (V8 profile of the server)
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { percentile, report, round, sortedCopy } from './stats';
import { cpuSeconds, quiesce } from './webhook-to-agent/load';
import { spawnServer, startProviderStub, switchboardEnv, type Child } from './webhook-to-agent/servers';
import { Api, pool } from './webhook-to-agent/setup';
import { flag, positiveInt } from './args';
import { Fanout } from './sockets/fanout';

const here = dirname(fileURLToPath(import.meta.url));
const PER_USER = 1000;
const SKILL = 'bench';
const PLATFORM_ID = '59800000000';
const AGENT_PASSWORD = 'bench-agent-password';

const sockets = positiveInt('sockets', 10_000, 50_000);
const events = positiveInt('events', 20, 1000);
const cpuProfDir = flag('cpu-prof');
const log = (line: string) => console.log(line);

/** Resident set size of a process, in bytes (VmRSS of /proc/<pid>/status). */
function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : Number.NaN;
}
const load = () => round(loadavg()[0]!, 2);

/** Server and client CPU seconds used while `trigger`'s event fans out; see `Fanout.measure`. */
async function measureEvent(fleet: Fanout, serverPid: number, trigger: () => Promise<void>) {
  const cpuBefore = cpuSeconds(serverPid);
  const clientBefore = process.cpuUsage();
  const r = await fleet.measure(trigger);
  const client = process.cpuUsage(clientBefore);
  return { ...r, cpu: cpuSeconds(serverPid) - cpuBefore, clientCpu: (client.user + client.system) / 1e6 };
}

/** Opens `n` sockets with a bounded number of handshakes in flight; explains descriptor limits on EMFILE. */
async function openAll(fleet: Fanout, n: number, url: string, headersOf: (i: number) => Record<string, string>) {
  const started = performance.now();
  try {
    await pool(
      Array.from({ length: n }, (_, i) => i),
      64,
      (i) => fleet.open(url, headersOf(i)),
    );
  } catch (error) {
    if (/EMFILE|ENFILE|EADDRNOTAVAIL/.test(String(error)))
      log(
        `opening ${n} sockets failed (${String(error)}): each side needs one descriptor per socket; raise the limit ` +
          `with \`ulimit -n ${n * 2 + 1024}\` (or fewer --sockets) and run again`,
      );
    throw error;
  }
  return round((performance.now() - started) / 1000, 1);
}

type Side = {
  sockets: number;
  openSeconds: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  events: number;
  incomplete: number;
  /** Server CPU (user + system) per measured event, in ms: request handling plus the fan-out to N sockets. */
  cpuMsPerEvent: number;
  /** The benchmark process's CPU per measured event: the client reading N frames (and sending the trigger). */
  clientCpuMsPerEvent: number;
  messageBytes: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  rssPerSocketKiB: number;
  loadAvg: number;
};

function summarise(
  times: number[],
  cpuSeconds: number,
  clientCpuSeconds: number,
  incomplete: number,
  rssBefore: number,
  rssAfter: number,
  rest: Pick<Side, 'sockets' | 'openSeconds' | 'messageBytes' | 'loadAvg'>,
): Side {
  const sorted = sortedCopy(times);
  return {
    sockets: rest.sockets,
    openSeconds: rest.openSeconds,
    p50Ms: round(percentile(sorted, 50), 2),
    p99Ms: round(percentile(sorted, 99), 2),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN, 2),
    events: times.length,
    incomplete,
    cpuMsPerEvent: round((cpuSeconds * 1000) / Math.max(1, times.length + incomplete), 2),
    clientCpuMsPerEvent: round((clientCpuSeconds * 1000) / Math.max(1, times.length + incomplete), 2),
    messageBytes: rest.messageBytes,
    rssBeforeMiB: round(rssBefore / 2 ** 20, 1),
    rssAfterMiB: round(rssAfter / 2 ** 20, 1),
    rssPerSocketKiB: round((rssAfter - rssBefore) / rest.sockets / 1024, 2),
    loadAvg: rest.loadAvg,
  };
}

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanup(): Promise<void> {
  for (const c of cleanups.splice(0).reverse())
    await Promise.resolve(c()).catch((e: unknown) => console.error('cleanup:', e));
}

async function measureSwitchboard(): Promise<Side> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-sockets-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const stub = await startProviderStub();
  cleanups.push(() => stub.close());
  const adminPassword = randomBytes(12).toString('base64url');
  const server: Child = await spawnServer(
    'switchboard',
    join(here, 'webhook-to-agent', 'switchboard-server.ts'),
    [],
    cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [],
    switchboardEnv(dir, adminPassword, { SWITCHBOARD_WS_PER_USER: String(PER_USER) }),
  );
  cleanups.push(() => server.stop());

  const api = new Api(server.url);
  const admin = await api.login('admin', adminPassword);
  const partnerToken = randomBytes(24).toString('base64url');
  const { body: provider } = await api.call<{ id: string }>(
    'POST',
    '/api/providers',
    { kind: 'heynow-direct', name: 'Bench HeyNow', domain: stub.url, platformId: PLATFORM_ID, partnerToken },
    admin.cookie,
  );
  // ringall: a hand-off stays waiting in the queue, and the queue change goes to every member.
  const { body: campaign } = await api.call<{ id: string }>(
    'POST',
    '/api/campaigns',
    { name: 'Sockets', strategy: 'ringall', deliveryMode: 'rrmemory', skills: [SKILL], providerIds: [provider.id] },
    admin.cookie,
  );
  const userCount = Math.ceil(sockets / PER_USER);
  const users = await pool(
    Array.from({ length: userCount }, (_, i) => i),
    4,
    async (i) =>
      (
        await api.call<{ id: string; username: string }>(
          'POST',
          '/api/users',
          { username: `sockets.agent${i}`, displayName: `Sockets agent ${i}`, role: 'agent', password: AGENT_PASSWORD },
          admin.cookie,
        )
      ).body,
  );
  await api.call('POST', '/api/members', { campaignIds: [campaign.id], add: users.map((u) => u.id) }, admin.cookie);
  const sessions = await pool(users, 4, (u) => api.login(u.username, AGENT_PASSWORD));
  log(`switchboard: ${userCount} agents of one campaign signed in; opening ${sockets} sockets`);

  await quiesce([server.pid]);
  const rssBefore = rssBytes(server.pid);
  const fleet = new Fanout();
  cleanups.push(() => fleet.close());
  const wsUrl = `${server.url.replace(/^http/, 'ws')}/ws`;
  const openSeconds = await openAll(fleet, sockets, wsUrl, (i) => ({ cookie: sessions[i % userCount]!.cookie }));
  await quiesce([server.pid]);
  const rssAfter = rssBytes(server.pid);
  log(
    `switchboard: ${sockets} sockets open in ${openSeconds} s; RSS ${round(rssBefore / 2 ** 20, 1)} → ${round(rssAfter / 2 ** 20, 1)} MiB`,
  );

  const times: number[] = [];
  let cpu = 0;
  let clientCpu = 0;
  let incomplete = 0;
  const loadAvg = load();
  for (let k = 0; k < events + 1; k++) {
    const r = await measureEvent(fleet, server.pid, async () => {
      await api.call(
        'POST',
        `/webhooks/heynow/${provider.id}`,
        {
          event: 'handoff',
          conversationId: `sockets-conv-${k}`,
          platformId: PLATFORM_ID,
          contact: { id: `sockets-client-${k}`, name: `Customer ${k}`, phone: `+59899${String(k).padStart(6, '0')}` },
          skill: SKILL,
          messageId: `sockets-handoff-${k}`,
          text: 'hola',
        },
        undefined,
        { 'x-heynow-partner-token': partnerToken },
      );
    });
    // The first event warms the path up (JIT, prepared statements) and is not reported.
    if (k === 0) continue;
    cpu += r.cpu;
    clientCpu += r.clientCpu;
    if (r.received < sockets) incomplete++;
    else times.push(r.ms);
    log(`switchboard event ${k}: ${r.received}/${sockets} sockets in ${round(r.ms, 1)} ms`);
    await quiesce([server.pid], 0.05, 5000);
  }
  const side = summarise(times, cpu, clientCpu, incomplete, rssBefore, rssAfter, {
    sockets,
    openSeconds,
    messageBytes: fleet.messageBytes,
    loadAvg,
  });
  await cleanup();
  return side;
}

async function measureBaseline(messageBytes: number): Promise<Side> {
  const server = await spawnServer('baseline', join(here, 'sockets', 'baseline-server.ts'), [], [], {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
  });
  cleanups.push(() => server.stop());
  await quiesce([server.pid]);
  const rssBefore = rssBytes(server.pid);
  const fleet = new Fanout();
  cleanups.push(() => fleet.close());
  const openSeconds = await openAll(fleet, sockets, `${server.url.replace(/^http/, 'ws')}/ws`, () => ({}));
  await quiesce([server.pid]);
  const rssAfter = rssBytes(server.pid);
  log(
    `baseline: ${sockets} sockets open in ${openSeconds} s; RSS ${round(rssBefore / 2 ** 20, 1)} → ${round(rssAfter / 2 ** 20, 1)} MiB`,
  );
  const times: number[] = [];
  let cpu = 0;
  let clientCpu = 0;
  let incomplete = 0;
  const loadAvg = load();
  for (let k = 0; k < events + 1; k++) {
    const r = await measureEvent(fleet, server.pid, async () => {
      const res = await fetch(`${server.url}/broadcast?bytes=${messageBytes}`, { method: 'POST' });
      await res.text();
    });
    if (k === 0) continue;
    cpu += r.cpu;
    clientCpu += r.clientCpu;
    if (r.received < sockets) incomplete++;
    else times.push(r.ms);
    await quiesce([server.pid], 0.05, 5000);
  }
  const side = summarise(times, cpu, clientCpu, incomplete, rssBefore, rssAfter, {
    sockets,
    openSeconds,
    messageBytes: fleet.messageBytes,
    loadAvg,
  });
  await cleanup();
  return side;
}

async function main(): Promise<void> {
  log(`sockets: ${sockets} sockets, ${events} events each side; descriptor limit ${descriptorLimit()}; load ${load()}`);
  const switchboard = await measureSwitchboard();
  log(
    `switchboard: all ${sockets} sockets reached in p50 ${switchboard.p50Ms} ms, p99 ${switchboard.p99Ms} ms (max ${switchboard.maxMs}); ${switchboard.cpuMsPerEvent} ms CPU per event; ${switchboard.rssPerSocketKiB} KiB RSS per socket; load ${switchboard.loadAvg}`,
  );
  const baseline = await measureBaseline(switchboard.messageBytes);
  log(
    `baseline:    all ${sockets} sockets reached in p50 ${baseline.p50Ms} ms, p99 ${baseline.p99Ms} ms (max ${baseline.maxMs}); ${baseline.cpuMsPerEvent} ms CPU per event; ${baseline.rssPerSocketKiB} KiB RSS per socket; load ${baseline.loadAvg}`,
  );
  report({
    bench: 'sockets',
    storage: 'sqlite',
    ...switchboard,
    baseline,
    ratio: round(switchboard.p99Ms / baseline.p99Ms, 3),
  });
}

function descriptorLimit(): string {
  const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  return m ? m[1]! : 'unknown';
}

main().catch(async (error: unknown) => {
  console.error(error);
  await cleanup();
  process.exit(1);
});
