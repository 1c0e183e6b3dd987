// Soak: a steady customer-message rate for many minutes (default 500/s for 10 minutes) through the same
// webhook → store → agent socket path as webhook-to-agent, watching what only time reveals: memory that keeps
// growing, a WAL that is never checkpointed back, latency that creeps up. One sample per minute: the p99 of
// that minute's messages, the server's RSS at its end, and the WAL (SQLite: the -wal file's size;
// PostgreSQL: WAL bytes written during the minute).
//
// Same-run baseline: the bare node:http + one SQLite insert + ws push server of webhook-to-agent, soaked the
// same way for --baseline-minutes (default 2: its figures settle fast). ratio = Switchboard's last-minute p99 ÷
// the baseline's last-minute p99. Targets: RSS growth under 10 % and p99 flat (p99Drift near 1).
//
//   npm run bench -- soak [--rate 500] [--minutes 10] [--baseline-minutes 2] [--agents 200]
//                         [--database-url postgres://…]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { positive, positiveInt, postgresUrl } from './args';
import { temporaryPostgres, walPosition } from './postgres';
import { summarise, type MinuteSample } from './soak/summary';
import { report, round } from './stats';
import { quiesce, runLoad, type Target } from './webhook-to-agent/load';
import { spawnServer, startProviderStub, switchboardEnv } from './webhook-to-agent/servers';
import { setupBaseline, setupSwitchboard } from './webhook-to-agent/setup';

const here = dirname(fileURLToPath(import.meta.url));
const rate = positive('rate', 500, 5000);
const minutes = positiveInt('minutes', 10, 240);
const baselineMinutes = positiveInt('baseline-minutes', 2, 240);
const agents = positiveInt('agents', 200, 1000);
const databaseUrl = postgresUrl();
const MISS_MS = 5000;
const MiB = 1024 * 1024;
const log = (line: string) => console.log(line);

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb[1]) / 1024;
}

function fileMiB(path: string): number {
  try {
    return statSync(path).size / MiB;
  } catch {
    return 0;
  }
}

/** How the WAL is read for one side: a file's size, or the PostgreSQL bytes written since the last reading. */
type WalReader = () => Promise<number>;

function postgresWal(url: string): WalReader {
  let last: bigint | null = null;
  return async () => {
    const now = await walPosition(url);
    const written = last === null ? 0n : now - last;
    last = now;
    return Number(written) / MiB;
  };
}

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanup(): Promise<void> {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch((e: unknown) => console.error('cleanup:', e));
}

async function soak(target: Target, mins: number, wal: WalReader) {
  const runId = randomBytes(3).toString('hex');
  await quiesce([target.pid]);
  await wal();
  const rssStart = rssMiB(target.pid);
  const samples: MinuteSample[] = [];
  for (let m = 1; m <= mins; m++) {
    const r = await runLoad(target, { rate, seconds: 60, missMs: MISS_MS, runId: `${runId}-${m}` });
    const sample = {
      minute: m,
      p99Ms: r.p99Ms,
      rssMiB: rssMiB(target.pid),
      walMiB: await wal(),
      sent: r.sent,
      missed: r.missed,
    };
    samples.push(sample);
    log(
      `${target.name.padEnd(11)} minute ${String(m).padStart(3)}: achieved ${r.achieved}/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  missed ${r.missed}  RSS ${round(sample.rssMiB, 1)} MiB  WAL ${round(sample.walMiB, 2)} MiB  cpu ${r.cpuMsPerMessage} ms/msg  load ${r.loadAvg}`,
    );
  }
  return summarise(rssStart, samples);
}

async function main(): Promise<void> {
  const sbDir = mkdtempSync(join(tmpdir(), 'sb-bench-soak-'));
  const baseDir = mkdtempSync(join(tmpdir(), 'sb-bench-soak-base-'));
  cleanups.push(
    () => rmSync(sbDir, { recursive: true, force: true }),
    () => rmSync(baseDir, { recursive: true, force: true }),
  );
  const stub = await startProviderStub();
  cleanups.push(() => stub.close());
  const pgDb = databaseUrl ? await temporaryPostgres(databaseUrl) : null;
  if (pgDb) cleanups.push(() => pgDb.drop());

  const adminPassword = randomBytes(12).toString('base64url');
  const switchboard = await spawnServer(
    'switchboard',
    join(here, 'webhook-to-agent', 'switchboard-server.ts'),
    [],
    [],
    switchboardEnv(sbDir, adminPassword, pgDb ? { DATABASE_URL: pgDb.url } : {}),
  );
  cleanups.push(() => switchboard.stop());
  const sbTarget = await setupSwitchboard(switchboard, {
    agents,
    adminUsername: 'admin',
    adminPassword,
    providerDomain: stub.url,
    log,
  });
  cleanups.push(() => sbTarget.fleet.close());
  log(
    `soak: ${rate}/s for ${minutes} min on ${pgDb ? 'postgres' : 'sqlite'}, ${agents} agents; baseline ${baselineMinutes} min`,
  );
  // Warm-up, not reported: JIT, prepared statements, caches.
  await runLoad(sbTarget, { rate, seconds: 5, missMs: MISS_MS, runId: `warm-${randomBytes(3).toString('hex')}` });
  const sbWal: WalReader = pgDb ? postgresWal(pgDb.url) : async () => fileMiB(join(sbDir, 'switchboard.sqlite-wal'));
  const sb = await soak(sbTarget, minutes, sbWal);
  await sbTarget.fleet.close();
  await switchboard.stop();

  // The baseline runs after, not beside: two soaks at once would share the two cores and measure each other.
  const baseline = await spawnServer('baseline', join(here, 'webhook-to-agent', 'baseline-server.ts'), [baseDir], [], {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
  });
  cleanups.push(() => baseline.stop());
  const baseTarget = await setupBaseline(baseline, { agents });
  cleanups.push(() => baseTarget.fleet.close());
  await runLoad(baseTarget, { rate, seconds: 5, missMs: MISS_MS, runId: `warm-${randomBytes(3).toString('hex')}` });
  const base = await soak(baseTarget, baselineMinutes, async () => fileMiB(join(baseDir, 'baseline.sqlite-wal')));

  await cleanup();
  const lastP99 = (s: { p99PerMinuteMs: number[] }) => s.p99PerMinuteMs[s.p99PerMinuteMs.length - 1]!;
  report({
    bench: 'soak',
    storage: pgDb ? 'postgres' : 'sqlite',
    rate,
    minutes,
    agents,
    walUnit: pgDb ? 'MiB written per minute' : 'MiB in the -wal file at the end of each minute',
    ...sb,
    baseline: { storage: 'sqlite', minutes: baselineMinutes, ...base },
    ratio: lastP99(base) > 0 ? round(lastP99(sb) / lastP99(base), 2) : 0,
  });
}

main().catch(async (error: unknown) => {
  console.error(error);
  await cleanup();
  process.exit(1);
});
