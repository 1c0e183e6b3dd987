import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase, openSqlite } from './database';
import { migrateToLatest } from './migrate';

describe('SQLite storage', () => {
  it('leaves checkpoints to its worker, which copies the WAL back while running and empties it on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-db-'));
    try {
      const file = join(dir, 'db.sqlite');
      const database = openSqlite({ filename: file });
      await migrateToLatest(database);
      const auto = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db);
      expect(auto.rows[0]?.wal_autocheckpoint).toBe(0);
      for (let i = 0; i < 200; i++)
        await database.db
          .insertInto('settings')
          .values({ key: `k${i}`, value_json: '"x"' })
          .execute();
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
      // The worker checkpoints every 100 ms: soon nothing is left to copy.
      await expect
        .poll(async () => {
          const pending = await sql<{ log: number; checkpointed: number }>`pragma wal_checkpoint(PASSIVE)`.execute(
            database.db,
          );
          return pending.rows[0]!.log - pending.rows[0]!.checkpointed;
        })
        .toBe(0);
      await database.close();
      expect(!existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0).toBe(true);
      const reopened = openSqlite({ filename: file });
      const rows = await reopened.db.selectFrom('settings').select('key').execute();
      expect(rows).toHaveLength(200);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates the database, its -wal and -shm readable by their owner only, in a data directory of mode 0700', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'sb-db-'));
    try {
      const dataDir = join(parent, 'data');
      const database = openDatabase({ databaseUrl: null, dataDir });
      await migrateToLatest(database);
      const file = join(dataDir, 'switchboard.sqlite');
      const mode = (path: string) => statSync(path).mode & 0o777;
      expect(mode(dataDir)).toBe(0o700);
      for (const path of [file, `${file}-wal`, `${file}-shm`])
        expect({ path, mode: mode(path) }).toEqual({ path, mode: 0o600 });
      await database.close();
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('reuses prepared statements without mixing up their results', async () => {
    const database = openSqlite({ filename: ':memory:' });
    await migrateToLatest(database);
    for (const key of ['a', 'b', 'c'])
      await database.db
        .insertInto('settings')
        .values({ key, value_json: JSON.stringify(key) })
        .execute();
    for (const key of ['a', 'b', 'c', 'a']) {
      const row = await database.db
        .selectFrom('settings')
        .select('value_json')
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(row.value_json)).toBe(key);
    }
    await database.close();
  });
});
