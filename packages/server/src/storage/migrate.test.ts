import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres, openSqlite, type Database } from './database';
import { migrateToLatest } from './migrate';
import { MIGRATIONS } from './migrations';
import {
  createTestSchema,
  dialectsUnderTest,
  dropTestSchema,
  POSTGRES_URL,
  whileNoSchemaIsDropped,
} from './test-databases';

const dialects = await dialectsUnderTest();

describe.each(dialects)('migrations on %s', (dialect) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  let sqliteDir: string | undefined;
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  /** N separate connections to one fresh database, as N processes starting at once would have. */
  async function fresh(n: number): Promise<Database[]> {
    if (dialect === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'sb-migrate-'));
      sqliteDir = dir;
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const dbs = Array.from({ length: n }, () => openSqlite({ filename: join(dir, 'switchboard.sqlite') }));
      cleanups.push(async () => void (await Promise.all(dbs.map((d) => d.close()))));
      return dbs;
    }
    const schema = await createTestSchema();
    const dbs = Array.from({ length: n }, () =>
      openPostgres({ connectionString: POSTGRES_URL, searchPath: schema, max: 2 }),
    );
    cleanups.push(async () => {
      await Promise.all(dbs.map((d) => d.close()));
      await dropTestSchema(schema);
    });
    return dbs;
  }

  it('runs every migration exactly once when several processes start together', async () => {
    const dbs = await fresh(6);
    // better-sqlite3 blocks its thread while it waits for a lock, so SQLite needs real processes to race.
    const results =
      dialect === 'sqlite'
        ? await migrateInProcesses(4, sqliteDir!)
        : await whileNoSchemaIsDropped(() => Promise.all(dbs.map((d) => migrateToLatest(d))));
    const applied = results.flat();
    expect(applied.sort()).toEqual(Object.keys(MIGRATIONS).sort());
    const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(dbs[0]!.db);
    expect(rows.rows.map((r) => r.name).sort()).toEqual(Object.keys(MIGRATIONS).sort());
  });

  it('applies a migration numbered below ones that already ran (numbers are reserved in parallel)', async () => {
    const [db] = await fresh(1);
    const [lower, ...higher] = Object.keys(MIGRATIONS).slice(-3);
    const without = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name !== lower));
    const migrate = <T>(run: () => Promise<T>) => (dialect === 'postgres' ? whileNoSchemaIsDropped(run) : run());
    const first = await migrate(() =>
      new Migrator({
        db: db!.db,
        provider: { getMigrations: async () => without },
        ...(db!.schema ? { migrationTableSchema: db!.schema } : {}),
      }).migrateToLatest(),
    );
    expect(first.error).toBeUndefined();
    expect(higher.length).toBe(2);
    expect(await migrate(() => migrateToLatest(db!))).toEqual([lower]);
  });

  it('does nothing the second time', async () => {
    const [db] = await fresh(1);
    const migrate = () =>
      dialect === 'postgres' ? whileNoSchemaIsDropped(() => migrateToLatest(db!)) : migrateToLatest(db!);
    await migrate();
    expect(await migrate()).toEqual([]);
  });
});

const cli = new URL('./migrate-cli.ts', import.meta.url).pathname;

async function migrateInProcesses(n: number, dataDir: string): Promise<string[][]> {
  const run = promisify(execFile);
  const outputs = await Promise.all(
    Array.from({ length: n }, () =>
      run(process.execPath, ['--import', 'tsx', cli], {
        env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir, DATABASE_URL: '' },
      }),
    ),
  );
  return outputs.map((o) => (JSON.parse(o.stdout.trim().split('\n').pop()!) as { applied: string[] }).applied);
}
