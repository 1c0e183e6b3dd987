// How big the SQLite WAL gets under a steady webhook load: 300 webhooks/s (every tenth a hand-off, then that
// customer's messages) through the real ingest path, for 60 s by default (`--seconds 600` for the 10-minute
// target: under 64 MiB). A thread of its own samples the -wal file's size every 2 ms, so no peak is missed.
//
// Same-run baseline: the same load through the same services on a bare better-sqlite3 connection (WAL,
// synchronous=NORMAL, SQLite's default autocheckpoint of 1000 pages on the committing connection, no worker).
// The ratio is Switchboard's peak WAL over the baseline's. The last line is the JSON summary.
//
//   npm run bench -- wal-growth [--rate 300] [--seconds 60]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { SecretBox } from '../packages/server/src/security/secret-box';
import { createServices } from '../packages/server/src/services';
import { openSqlite, type Database } from '../packages/server/src/storage/database';
import { migrateToLatest } from '../packages/server/src/storage/migrate';
import type { Tables } from '../packages/server/src/storage/schema';
import { pacedIngest } from '../packages/server/src/testing/ingest-load';
import { percentile, report, round, sortedCopy } from './stats';

function flag(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}
function positive(name: string, fallback: number, max: number): number {
  const raw = flag(name);
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > max)
    throw new Error(`--${name} must be a number in (0, ${max}], got ${raw}`);
  return n;
}

const rate = positive('rate', 300, 5000);
const seconds = positive('seconds', 60, 3600);
const MiB = 1024 * 1024;

const SAMPLER = `
const { workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const [stop, maxWal] = [new Int32Array(workerData.stop), new Float64Array(workerData.maxWal)];
while (Atomics.load(stop, 0) === 0) {
  try { maxWal[0] = Math.max(maxWal[0], statSync(workerData.file + '-wal').size); } catch {}
  Atomics.wait(stop, 0, 0, 2);
}
`;

/** The baseline's storage: what a plain better-sqlite3 set-up does, nothing of ours. */
function bareSqlite(filename: string): Database {
  const sqlite = new SQLite(filename);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

interface Figures {
  storage: string;
  rate: number;
  seconds: number;
  sent: number;
  achieved: number;
  maxWalMiB: number;
  endWalMiB: number;
  ingestP99Ms: number;
  ingestMaxMs: number;
}

async function measure(name: string, open: (file: string) => Database): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), `sb-bench-wal-${name}-`));
  try {
    const file = join(dir, 'switchboard.sqlite');
    const database = open(file);
    await migrateToLatest(database);
    const services = createServices(database, new SecretBox(randomBytes(32)), {
      sessionHours: 1,
      outboundAllowlist: ['127.0.0.1'], // the provider double is on loopback
    });
    const provider = await services.providers.create({
      kind: 'heynow-direct',
      name: 'hn',
      domain: 'http://127.0.0.1:9',
      platformId: '598',
      partnerToken: randomBytes(16).toString('hex'),
    });
    await services.campaigns.create({
      name: 'Ventas',
      skills: ['ventas'],
      providerIds: [provider.id],
      messages: { welcome: '' },
      maxInteractionsPerAgent: 10,
    });

    const stop = new SharedArrayBuffer(4);
    const maxWal = new SharedArrayBuffer(8);
    const sampler = new Worker(SAMPLER, { eval: true, workerData: { file, stop, maxWal } });
    const samplerDone = new Promise<void>((resolve) => sampler.once('exit', () => resolve()));
    const latencies: number[] = [];
    const started = Date.now();
    const { sent } = await pacedIngest(
      async (events) => {
        const t = performance.now();
        await services.ingest.ingest(provider.id, events);
        latencies.push(performance.now() - t);
      },
      { rate, seconds, run: randomBytes(3).toString('hex') },
    );
    const elapsed = (Date.now() - started) / 1000;
    Atomics.store(new Int32Array(stop), 0, 1);
    await samplerDone;
    const peak = new Float64Array(maxWal)[0]!;
    const end = statSizeOrZero(`${file}-wal`);
    await database.close();
    const sorted = sortedCopy(latencies);
    const figures: Figures = {
      storage: name,
      rate,
      seconds,
      sent,
      achieved: round(sent / elapsed, 1),
      maxWalMiB: round(peak / MiB, 2),
      endWalMiB: round(end / MiB, 2),
      ingestP99Ms: round(percentile(sorted, 99), 2),
      ingestMaxMs: round(sorted[sorted.length - 1] ?? Number.NaN, 2),
    };
    console.log(
      `${name.padEnd(11)} ${sent} webhooks in ${elapsed.toFixed(1)} s (${figures.achieved}/s): WAL peak ${figures.maxWalMiB} MiB, ${figures.endWalMiB} MiB before close; ingest p99 ${figures.ingestP99Ms} ms, max ${figures.ingestMaxMs} ms`,
    );
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function statSizeOrZero(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  console.log(`wal-growth: ${rate} webhooks/s for ${seconds} s, baseline first`);
  const baseline = await measure('baseline', bareSqlite);
  const switchboard = await measure('switchboard', (file) => openSqlite({ filename: file }));
  report({
    bench: 'wal-growth',
    ...switchboard,
    baseline: { ...baseline },
    ratio: round(switchboard.maxWalMiB / baseline.maxWalMiB, 3),
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
