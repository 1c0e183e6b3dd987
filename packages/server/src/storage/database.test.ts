import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openSqlite } from './database';
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
      // The worker checkpoints within about a second: afterwards nothing is left to copy.
      await new Promise((r) => setTimeout(r, 1500));
      const pending = await sql<{ log: number; checkpointed: number }>`pragma wal_checkpoint(PASSIVE)`.execute(
        database.db,
      );
      expect(pending.rows[0]!.checkpointed).toBe(pending.rows[0]!.log);
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
