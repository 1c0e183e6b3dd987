// Test support for the tests of one migration: a database migrated up to just before it, then to the end.
import { Migrator, type Migration } from 'kysely';
import { openPostgres, openSqlite, type Database, type DialectName } from './database';
import { createTestSchema, dropTestSchema, POSTGRES_URL, whileNoSchemaIsDropped } from './test-databases';
import { MIGRATIONS } from './migrations/index';

function migrator(database: Database, migrations: Record<string, Migration>): Migrator {
  return new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
}

/**
 * A fresh database with every migration named before `name` applied; `finish()` applies the rest. Each
 * cleanup is pushed to `cleanups` (close, drop the PostgreSQL schema).
 */
export async function migratedUpTo(
  dialect: DialectName,
  name: string,
  cleanups: (() => Promise<void>)[],
): Promise<{ database: Database; finish: () => Promise<void> }> {
  let database: Database;
  if (dialect === 'sqlite') database = openSqlite({ filename: ':memory:' });
  else {
    const schema = await createTestSchema();
    database = { ...openPostgres({ connectionString: POSTGRES_URL, searchPath: schema, max: 2 }), schema };
    cleanups.push(() => dropTestSchema(schema));
  }
  cleanups.push(() => database.close());
  const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([n]) => n < name));
  // Kysely's migrator reads every schema's catalog, so a PostgreSQL run must not overlap another suite's drop.
  const migrate = (migrations: Record<string, Migration>) => {
    const run = () => migrator(database, migrations).migrateToLatest();
    return dialect === 'postgres' ? whileNoSchemaIsDropped(run) : run();
  };
  const first = await migrate(before);
  if (first.error) throw first.error;
  return {
    database,
    finish: async () => {
      const rest = await migrate(MIGRATIONS);
      if (rest.error) throw rest.error;
    },
  };
}
