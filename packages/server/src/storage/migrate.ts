import { Migrator, sql, type MigrationResultSet } from 'kysely';
import type { Database } from './database';
import { MIGRATIONS } from './migrations';

function isBusy(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && String(error.code).startsWith('SQLITE_BUSY');
}

/**
 * Brings the schema up to date, exactly once even when several processes start together.
 * - PostgreSQL: Kysely runs the migrations in a transaction under an advisory lock.
 * - SQLite: Kysely neither locks nor wraps DDL in a transaction there, so we hold `BEGIN IMMEDIATE` (the
 *   database's single write lock) for the whole run: a second process waits for it, then finds nothing to do,
 *   and a failed migration rolls back whole.
 */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => MIGRATIONS },
    // Numbers are reserved to work done in parallel, so one may ship after a higher number already ran (0023
    // after 0025 and 0026): run whatever has not run, in order, rather than refusing to start.
    allowUnorderedMigrations: true,
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  for (let attempt = 1; ; attempt++) {
    try {
      const result =
        database.dialect === 'sqlite'
          ? await underWriteLock(database, () => migrator.migrateToLatest())
          : await migrator.migrateToLatest();
      if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
      return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    } catch (error) {
      if (isBusy(error) && attempt < 20) {
        await new Promise((r) => setTimeout(r, 50 * attempt));
        continue;
      }
      throw error;
    }
  }
}

async function underWriteLock(database: Database, run: () => Promise<MigrationResultSet>): Promise<MigrationResultSet> {
  await sql`begin immediate`.execute(database.db);
  let result: MigrationResultSet;
  try {
    result = await run();
  } catch (error) {
    await sql`rollback`.execute(database.db);
    throw error;
  }
  await sql.raw(result.error ? 'rollback' : 'commit').execute(database.db);
  return result;
}
