// How big the SQLite WAL gets under a steady webhook load against the REAL server, end to end: Switchboard in
// its own process on SQLite in a temp data dir (router, outbox, live gateway, full-text index all running),
// a HeyNow Direct provider pointing at the mock HeyNow (so the outbox really sends attended, replies and
// endConversation, and the mock calls back with delivery statuses), two campaigns (one routed on arrival,
// one taken from the queue) with signed-in agents, live sockets for half of them, and the agents taking,
// replying to and closing conversations while signed HeyNow webhooks arrive over keep-alive HTTP at --rate
// for --seconds: a hand-off every 20th, a customer leaving every 100th, otherwise a customer message in an
// open conversation. A thread samples the -wal file's size every 10 ms (target: peak under 64 MiB during
// 10 minutes at 300/s).
//
// Same-run baseline, measured first: the same webhooks at the same rate against a bare node:http server that
// inserts each one into a bare better-sqlite3 WAL database with SQLite's default autocheckpoint. `ratio` is
// Switchboard's peak WAL over the baseline's. The last line is the JSON summary.
//
//   npm run bench -- wal-growth [--rate 300] [--seconds 60] [--baseline-seconds <seconds>] [--agents 20]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMockHeyNow, type MockTarget } from '../packages/server/src/mock-heynow';
import { report, round } from './stats';
import { Conversations, PLATFORM_ID, runLoad, type LoadResult, type Mix } from './wal-growth/traffic';
import { createProviderAndCampaigns, openSockets, signInAgents, SKILLS, startAgents } from './wal-growth/switchboard';
import { sampleWal } from './wal-growth/wal-sampler';
import { Api } from './webhook-to-agent/setup';
import { spawnServer, switchboardEnv, type Child } from './webhook-to-agent/servers';
import { positive } from './args';

const here = dirname(fileURLToPath(import.meta.url));

const rate = positive('rate', 300, 5000);
const seconds = positive('seconds', 60, 3600);
const baselineSeconds = positive('baseline-seconds', seconds, 3600);
const agents = Math.round(positive('agents', 20, 500));
const MAX_PER_AGENT = 10;
const MiB = 1024 * 1024;
const mib = (bytes: number) => round(bytes / MiB, 2);
const log = (line: string) => console.log(line);

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanup(): Promise<void> {
  for (const c of cleanups.splice(0).reverse())
    await Promise.resolve(c()).catch((e: unknown) => console.error('cleanup:', e));
}

function sizeOrZero(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Bytes the process has sent to storage so far (/proc/<pid>/io write_bytes: WAL appends and checkpoints). */
function storageWrites(pid: number): number {
  try {
    const m = /^write_bytes: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
    return m ? Number(m[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

interface Figures extends LoadResult {
  peakWalMiB: number;
  endWalMiB: number;
  /** the WAL's peak in each minute of the run */
  perMinutePeakWalMiB: number[];
  /** the server process's writes to storage per second of the run (WAL appends plus checkpoint copies) */
  diskWriteMiBPerSecond: number;
  loadAvgStart: number;
  loadAvgEnd: number;
}

/** Runs the load against one server while sampling its WAL; `endWal` is read before the server stops. */
async function measure(name: string, walFile: string, pid: number, run: () => Promise<LoadResult>): Promise<Figures> {
  const loadAvgStart = round(loadavg()[0]!, 2);
  const writesBefore = storageWrites(pid);
  const wallBefore = Date.now();
  const sampler = sampleWal(walFile, Math.ceil(Math.max(seconds, baselineSeconds) / 60) + 2);
  const result = await run();
  const endWal = sizeOrZero(walFile);
  const writes = storageWrites(pid) - writesBefore;
  const wall = (Date.now() - wallBefore) / 1000;
  const peaks = await sampler.stop();
  const figures: Figures = {
    ...result,
    peakWalMiB: mib(peaks.peakBytes),
    endWalMiB: mib(endWal),
    perMinutePeakWalMiB: peaks.perMinuteBytes.map(mib),
    diskWriteMiBPerSecond: round(writes / MiB / wall, 2),
    loadAvgStart,
    loadAvgEnd: round(loadavg()[0]!, 2),
  };
  log(
    `${name.padEnd(11)} ${figures.sent} webhooks at ${rate}/s for ${figures.seconds} s → achieved ${figures.achieved}/s, ` +
      `p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, max ${figures.maxMs} ms, errors ${figures.errors}, ` +
      `send lag p99 ${figures.sendLagP99Ms} ms; WAL peak ${figures.peakWalMiB} MiB, at end ${figures.endWalMiB} MiB, ` +
      `per minute [${figures.perMinutePeakWalMiB.join(', ')}] MiB; disk writes ${figures.diskWriteMiBPerSecond} MiB/s; load ${loadAvgStart} → ${figures.loadAvgEnd}`,
  );
  return figures;
}

async function runBaseline(mix: Mix): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-wal-base-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'baseline.sqlite');
  const server = await spawnServer('baseline', join(here, 'wal-growth', 'baseline-server.ts'), [file], [], {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
  });
  try {
    const traffic = new Conversations({ ...mix, runId: `${mix.runId}b` });
    return await measure('baseline', `${file}-wal`, server.pid, () =>
      runLoad({ webhook: new URL(`${server.url}/webhooks/heynow/baseline`), partnerToken: 'baseline' }, traffic, {
        rate,
        seconds: baselineSeconds,
      }),
    );
  } finally {
    await server.stop();
  }
}

async function runSwitchboard(mix: Mix) {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-wal-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const partnerToken = randomBytes(24).toString('base64url');
  // Filled in once Switchboard listens and the provider exists; the mock reads it when it calls back.
  const target: MockTarget = { baseUrl: '', providerId: '', partnerToken };
  const mock = createMockHeyNow({ target, partnerToken, platformId: PLATFORM_ID });
  const mockUrl = await mock.start();
  cleanups.push(() => mock.stop());

  const adminPassword = randomBytes(12).toString('base64url');
  const server: Child = await spawnServer(
    'switchboard',
    join(here, 'webhook-to-agent', 'switchboard-server.ts'),
    [],
    [],
    switchboardEnv(dir, adminPassword),
  );
  cleanups.push(() => server.stop());

  const api = new Api(server.url);
  const admin = await api.login('admin', adminPassword);
  const { providerId, campaignIds } = await createProviderAndCampaigns(api, admin.cookie, {
    providerDomain: mockUrl,
    partnerToken,
    platformId: PLATFORM_ID,
    maxPerAgent: MAX_PER_AGENT,
  });
  target.baseUrl = server.url;
  target.providerId = providerId;
  const sessions = await signInAgents(api, admin.cookie, { agents, campaignIds, runId: mix.runId });
  const fleet = await openSockets(
    server.url,
    sessions.filter((_, i) => i % 2 === 0),
  );
  cleanups.push(() => fleet.close());
  log(`switchboard: ${agents} agents signed in, ${fleet.sockets.length} live sockets, provider → mock HeyNow`);

  const traffic = new Conversations(mix);
  const work = startAgents(api, sessions, traffic, {
    tickMs: 1000,
    replyChance: 0.3,
    holdMs: 8000,
    maxPerAgent: MAX_PER_AGENT,
  });
  const figures = await measure('switchboard', join(dir, 'switchboard.sqlite-wal'), server.pid, async () => {
    try {
      return await runLoad({ webhook: new URL(`${server.url}/webhooks/heynow/${providerId}`), partnerToken }, traffic, {
        rate,
        seconds,
      });
    } finally {
      await work.stop();
    }
  });
  const calls = mock.received();
  const count = (action: string) => calls.filter((c) => c.action === action).length;
  const activity = {
    conversations: traffic.createdCount,
    stillOpen: traffic.openCount,
    agentPolls: work.polls,
    takes: work.takes,
    lostTakes: work.lostTakes,
    replies: work.replies,
    closes: work.closes,
    agentErrors: work.errors,
    outboxToMock: { attended: count('attended'), messages: count('message'), ends: count('end') },
  };
  log(`switchboard activity: ${JSON.stringify(activity)}`);
  return { ...figures, activity };
}

async function main(): Promise<void> {
  const mix: Mix = { runId: randomBytes(3).toString('hex'), skills: SKILLS, handoffEvery: 20, leaveEvery: 100 };
  log(
    `wal-growth: ${rate} webhooks/s for ${seconds} s against the real server (baseline ${baselineSeconds} s first); ` +
      `${agents} agents; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  const baseline = await runBaseline(mix);
  const switchboard = await runSwitchboard(mix);
  await cleanup();
  report({
    bench: 'wal-growth',
    storage: 'sqlite',
    mode: 'server',
    agents,
    ...switchboard,
    baseline: { storage: 'bare better-sqlite3, default autocheckpoint', ...baseline },
    ratio: round(switchboard.peakWalMiB / baseline.peakWalMiB, 3),
  });
}

main().catch(async (error: unknown) => {
  console.error(error);
  await cleanup();
  process.exit(1);
});
