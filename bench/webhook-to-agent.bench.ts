// End to end: a HeyNow `message` webhook in → stored → pushed to the owning agent's socket, at fixed rates
// (default 100, 500 and 1,000 messages/s for 20 s each) against 200 signed-in agents with live sockets.
// Latency is from writing the webhook request to the agent's socket receiving the `message` event.
//
// Same-run baseline: a bare node:http server doing one SQLite insert (WAL, synchronous=NORMAL) and one `ws`
// push per request to one of 200 sockets, driven by the same open-loop generator at the same rates. Both
// servers run in their own processes (the generator never shares their event loop); baseline and Switchboard
// runs alternate so machine drift hits both alike. The last line is the JSON summary.
//
//   npm run bench -- webhook-to-agent [--rates 100,500,1000] [--seconds 20] [--agents 200]
//                                     [--miss-ms 5000] [--warmup-seconds 3] [--database-url postgres://…]
//                                     [--cpu-prof <dir>]   (V8 CPU profile of the Switchboard process)
//
//   --find-max: each side climbs the rates (default 250,…,4000,6000,8000,10000; --seconds 5 and
//   --miss-ms 1000 by default in this mode) until p99 exceeds 50 ms or anything is missed (a message the
//   generator could not send within 2 s of its time counts as missed) in --attempts runs of a step (default
//   2: one pause of the machine does not end the climb), then bisects twice
//   between the last sustained and the first failed rate; reports each
//   side's highest sustained rate, its CPU per message there, and ratio = Switchboard ÷ baseline maximum.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flag, hasFlag, positive, positiveInt, postgresUrl } from './args';
import { temporaryPostgres } from './postgres';
import { report } from './stats';
import { climb, DEFAULT_LADDER, P99_LIMIT_MS } from './webhook-to-agent/find-max';
import { quiesce, runLoad, type RunResult, type Target } from './webhook-to-agent/load';
import { spawnServer, startProviderStub, switchboardEnv, type Child } from './webhook-to-agent/servers';
import { setupBaseline, setupSwitchboard } from './webhook-to-agent/setup';

const here = dirname(fileURLToPath(import.meta.url));

const findMax = hasFlag('find-max');
const rates = (flag('rates') ?? (findMax ? DEFAULT_LADDER.join(',') : '100,500,1000'))
  .split(',')
  .map((r) => Number(r.trim()));
if (rates.some((r) => !Number.isFinite(r) || r <= 0 || r > 20_000))
  throw new Error('--rates: comma-separated messages/s, each in (0, 20000]');
// Short steps when searching for the maximum: the whole climb stays within a few minutes.
const seconds = positive('seconds', findMax ? 5 : 20, 120);
const agents = Math.round(positive('agents', 200, 1000));
const missMs = positive('miss-ms', findMax ? 1000 : 5000, 60_000);
const warmupSeconds = positive('warmup-seconds', 3, 60);
const databaseUrl = postgresUrl();
const cpuProfDir = flag('cpu-prof');
const attempts = positiveInt('attempts', 2, 5);

const log = (line: string) => console.log(line);

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanup(): Promise<void> {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch((e: unknown) => console.error('cleanup:', e));
}

async function main(): Promise<void> {
  const sbDir = mkdtempSync(join(tmpdir(), 'sb-bench-e2e-'));
  const baseDir = mkdtempSync(join(tmpdir(), 'sb-bench-base-'));
  cleanups.push(
    () => rmSync(sbDir, { recursive: true, force: true }),
    () => rmSync(baseDir, { recursive: true, force: true }),
  );
  const stub = await startProviderStub();
  cleanups.push(() => stub.close());
  const pgDb = databaseUrl ? await temporaryPostgres(databaseUrl) : null;
  if (pgDb) cleanups.push(() => pgDb.drop());
  // With PostgreSQL, a bare PostgreSQL baseline runs beside the bare SQLite one, in a database of its own.
  const pgBaseDb = databaseUrl ? await temporaryPostgres(databaseUrl) : null;
  if (pgBaseDb) cleanups.push(() => pgBaseDb.drop());
  const bareServer = (name: string, args: string[]) =>
    spawnServer(name, join(here, 'webhook-to-agent', 'baseline-server.ts'), args, [], {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
    });

  const adminPassword = randomBytes(12).toString('base64url');
  const [switchboard, baseline, baselinePg]: (Child | undefined)[] = await Promise.all([
    spawnServer(
      'switchboard',
      join(here, 'webhook-to-agent', 'switchboard-server.ts'),
      [],
      cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [],
      switchboardEnv(sbDir, adminPassword, pgDb ? { DATABASE_URL: pgDb.url } : {}),
    ),
    bareServer('baseline', [baseDir]),
    pgBaseDb ? bareServer('baseline-pg', [baseDir, pgBaseDb.url]) : Promise.resolve(undefined),
  ]).then((children) => {
    for (const c of children) if (c) cleanups.push(() => c.stop());
    return children;
  });

  const started = Date.now();
  const sbTarget = await setupSwitchboard(switchboard!, {
    agents,
    adminUsername: 'admin',
    adminPassword,
    providerDomain: stub.url,
    log,
  });
  cleanups.push(() => sbTarget.fleet.close());
  const baseTarget = await setupBaseline(baseline!, { agents });
  cleanups.push(() => baseTarget.fleet.close());
  const basePgTarget = baselinePg ? await setupBaseline(baselinePg, { agents, name: 'baseline-pg' }) : null;
  if (basePgTarget) cleanups.push(() => basePgTarget.fleet.close());
  const pids = [switchboard!.pid, baseline!.pid, ...(baselinePg ? [baselinePg.pid] : [])];
  log(
    `setup done in ${((Date.now() - started) / 1000).toFixed(1)} s; storage ${pgDb ? 'postgres' : 'sqlite'}; ${agents} agents; rates ${rates.join(', ')} for ${seconds} s each`,
  );

  let run = 0;
  const runId = () => `${Date.now().toString(36)}-${run++}`;
  const once = async (target: Target, rate: number, secs: number): Promise<RunResult> => {
    (globalThis as { gc?: () => void }).gc?.();
    const waited = await quiesce(pids);
    if (waited > 1500)
      log(`(waited ${(waited / 1000).toFixed(1)} s for the servers to finish the previous run's backlog)`);
    return runLoad(target, { rate, seconds: secs, missMs, runId: runId() });
  };

  const targets = [baseTarget, sbTarget, ...(basePgTarget ? [basePgTarget] : [])];
  // Warm-up, not reported: JIT, prepared statements, socket pools.
  for (const target of targets) {
    const w = await once(target, Math.min(...rates), warmupSeconds);
    log(`warm-up ${target.name}: ${w.delivered}/${w.sent} delivered, p99 ${w.p99Ms} ms`);
  }

  const line = (name: string, r: RunResult) =>
    log(
      `${name.padEnd(11)} ${String(r.rate).padStart(5)}/s → achieved ${String(r.achieved).padStart(5)}/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  max ${r.maxMs} ms  delivered ${r.delivered}/${r.sent}  missed ${r.missed} (late ${r.late}, http errors ${r.httpErrors})  send lag p99 ${r.sendLagP99Ms} ms  server cpu ${r.serverCpu} (${r.cpuMsPerMessage} ms/msg)  load ${r.loadAvg}`,
    );
  if (findMax) return reportMax(targets, once, line, pids);

  const runs = new Map<Target, RunResult[]>(targets.map((t) => [t, []]));
  for (const [k, rate] of rates.entries()) {
    // Rotate which side goes first, so a slow drift favours none.
    const order = targets.map((_, n) => targets[(n + k) % targets.length]!);
    for (const target of order) {
      const r = await once(target, rate, seconds);
      runs.get(target)!.push(r);
      line(target.name, r);
    }
  }

  const sbRuns = runs.get(sbTarget)!;
  const baseRuns = runs.get(baseTarget)!;
  const at = (list: RunResult[], rate: number) => list.find((r) => r.rate === rate) ?? list[list.length - 1]!;
  const top = rates.includes(1000) ? 1000 : Math.max(...rates);
  await quiesce(pids);
  await cleanup();
  report({
    bench: 'webhook-to-agent',
    storage: pgDb ? 'postgres' : 'sqlite',
    agents,
    seconds,
    runs: sbRuns.map(pick),
    baseline: {
      storage: 'sqlite',
      runs: baseRuns.map(pick),
      ...(basePgTarget ? { postgres: { storage: 'postgres', runs: runs.get(basePgTarget)!.map(pick) } } : {}),
    },
    ratio: Math.round((at(sbRuns, top).achieved / at(baseRuns, top).achieved) * 1000) / 1000,
    [`p99At${top}Ms`]: at(sbRuns, top).p99Ms,
  });
}

const pick = ({ rate, achieved, p50Ms, p99Ms, delivered, missed, ...more }: RunResult) => ({
  rate,
  achieved,
  p50Ms,
  p99Ms,
  delivered,
  missed,
  ...more,
});

/**
 * --find-max: every side climbs the rates; the summary names each one's highest sustained rate. The ratio is
 * always against the bare SQLite baseline; the bare PostgreSQL one (with --database-url) is reported beside it.
 */
async function reportMax(
  targets: Target[],
  once: (target: Target, rate: number, secs: number) => Promise<RunResult>,
  line: (name: string, r: RunResult) => void,
  pids: number[],
): Promise<void> {
  const byName = new Map(targets.map((t) => [t.name, t]));
  const result = await climb(
    targets.map((t) => t.name),
    rates,
    async (side, rate) => {
      const r = await once(byName.get(side)!, rate, seconds);
      line(side, r);
      return r;
    },
    { attempts },
  );
  const sb = result.switchboard!;
  const base = result.baseline!;
  const basePg = result['baseline-pg'];
  const top = rates[rates.length - 1]!;
  for (const [name, c] of Object.entries(result))
    log(
      `${name}: max sustained ${c.maxSustainedPerSec}/s${c.maxSustainedPerSec === top ? ' (the top of the ladder: raise --rates to find its limit)' : ''}, ${c.cpuMsPerMessage} ms CPU/msg`,
    );
  await quiesce(pids);
  await cleanup();
  report({
    bench: 'webhook-to-agent',
    mode: 'find-max',
    storage: databaseUrl ? 'postgres' : 'sqlite',
    agents,
    seconds,
    attempts,
    p99LimitMs: P99_LIMIT_MS,
    maxSustainedPerSec: {
      switchboard: sb.maxSustainedPerSec,
      baseline: base.maxSustainedPerSec,
      ...(basePg ? { baselinePostgres: basePg.maxSustainedPerSec } : {}),
    },
    cpuMsPerMessage: {
      switchboard: sb.cpuMsPerMessage,
      baseline: base.cpuMsPerMessage,
      ...(basePg ? { baselinePostgres: basePg.cpuMsPerMessage } : {}),
    },
    runs: sb.runs.map(pick),
    baseline: {
      storage: 'sqlite',
      runs: base.runs.map(pick),
      ...(basePg ? { postgres: { storage: 'postgres', runs: basePg.runs.map(pick) } } : {}),
    },
    ratio:
      base.maxSustainedPerSec > 0 ? Math.round((sb.maxSustainedPerSec / base.maxSustainedPerSec) * 1000) / 1000 : 0,
  });
}

main().catch(async (error: unknown) => {
  console.error(error);
  await cleanup();
  process.exit(1);
});
