// The SQLite WAL stays bounded while webhooks keep coming, and a WAL left by a killed process is emptied
// before the server serves again (issue 8, item 4).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretBox } from '../security/secret-box';
import { createServices } from '../services';
import { pacedIngest } from '../testing/ingest-load';
import { openSqlite } from './database';
import { migrateToLatest } from './migrate';

const MiB = 1024 * 1024;
const sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3');
const walSize = (file: string) => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);

// Another connection on its own thread: it holds a read snapshot for 150 ms, lets go for 150 ms, again and
// again (like a backup or a second process reading), and samples the -wal file's size every 2 ms meanwhile,
// so a peak between two of our commits cannot be missed.
const READER = `
const { workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.sqliteModule);
const [stop, maxWal, snapshots] = [new Int32Array(workerData.stop), new Float64Array(workerData.maxWal), new Int32Array(workerData.snapshots)];
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const count = db.prepare('select count(*) as n from messages');
const sample = () => {
  try { maxWal[0] = Math.max(maxWal[0], statSync(workerData.file + '-wal').size); } catch {}
};
const pause = (ms) => {
  const until = Date.now() + ms;
  while (Date.now() < until) { sample(); Atomics.wait(stop, 0, 0, 2); }
};
while (Atomics.load(stop, 0) === 0) {
  db.exec('begin');
  count.get();
  Atomics.add(snapshots, 0, 1);
  pause(150);
  db.exec('commit');
  pause(150);
}
db.close();
`;

describe('SQLite WAL size', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-wal-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('stays under 16 MiB through 15 s of 600 concurrent webhooks a second while another connection holds snapshots', async () => {
    const file = join(tempDir(), 'switchboard.sqlite');
    const database = openSqlite({ filename: file });
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

    const shared = {
      stop: new SharedArrayBuffer(4),
      maxWal: new SharedArrayBuffer(8),
      snapshots: new SharedArrayBuffer(4),
    };
    const reader = new Worker(READER, { eval: true, workerData: { file, sqliteModule, ...shared } });
    const readerDone = new Promise<void>((resolve, reject) => {
      reader.once('exit', () => resolve());
      reader.once('error', reject);
    });

    // 600 webhooks a second (twice the production target) from 32 customers at once, each customer a hand-off
    // then its messages in order. Without a bound this grows the WAL by about 5 MiB a second.
    const { sent } = await pacedIngest((events) => services.ingest.ingest(provider.id, events), {
      rate: 600,
      seconds: 15,
      run: randomBytes(3).toString('hex'),
    });
    Atomics.store(new Int32Array(shared.stop), 0, 1);
    await readerDone;

    const maxWal = new Float64Array(shared.maxWal)[0]!;
    const stored = Number(
      (
        await database.db
          .selectFrom('messages')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    await database.close();
    // The load was real: every acknowledged webhook stored, the reader really took snapshots meanwhile.
    expect(stored).toBe(sent);
    expect(new Int32Array(shared.snapshots)[0]).toBeGreaterThan(10);
    expect(maxWal).toBeGreaterThan(0);
    expect(maxWal).toBeLessThan(16 * MiB);
  }, 60_000);

  it('empties a large WAL left by a killed process when the database is opened again', async () => {
    const file = join(tempDir(), 'switchboard.sqlite');
    // A process that writes about 24 MiB with no checkpoint at all, then dies without closing anything.
    const killed = spawnSync(
      process.execPath,
      [
        '-e',
        `const Database = require(${JSON.stringify(sqliteModule)});
         const db = new Database(${JSON.stringify(file)});
         db.pragma('journal_mode = WAL');
         db.pragma('wal_autocheckpoint = 0');
         db.exec('create table blobs (id integer primary key, data blob)');
         const insert = db.prepare('insert into blobs (data) values (randomblob(65536))');
         for (let i = 0; i < 384; i++) insert.run();
         process.kill(process.pid, 'SIGKILL');`,
      ],
      { stdio: 'ignore' },
    );
    expect(killed.signal).toBe('SIGKILL');
    expect(walSize(file)).toBeGreaterThan(20 * MiB);

    const database = openSqlite({ filename: file });
    // Emptied before the first query, not eventually by the checkpointer.
    expect(walSize(file)).toBe(0);
    const rows = await database.db
      .selectFrom('blobs' as never)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number((rows as { n: number }).n)).toBe(384);
    await database.close();
  });
});
