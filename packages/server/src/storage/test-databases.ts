// Test support: the same suite runs against every dialect (kysely's habit). SQLite always; PostgreSQL when it
// answers at TEST_POSTGRES_URL (default: the local trust-auth server). Where it does not answer, the
// PostgreSQL cases skip with a visible line — unless SWITCHBOARD_REQUIRE_SERVICES=1 (CI), where they fail.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgres, openSqlite, type Database, type DialectName } from './database';
import { migrateToLatest } from './migrate';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REQUIRE_SERVICES = process.env.SWITCHBOARD_REQUIRE_SERVICES === '1';

let reachable: Promise<boolean> | undefined;

export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

export type TestDatabase = Database;

/** A fresh, migrated database of the given dialect; closing it drops everything it made. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const database = openSqlite({ filename: ':memory:' });
    await migrateToLatest(database);
    return database;
  }
  const schema = await createTestSchema();
  const database = openPostgres({ connectionString: POSTGRES_URL, searchPath: schema, max: 5 });
  await whileNoSchemaIsDropped(() => migrateToLatest(database));
  return {
    ...database,
    schema,
    close: async () => {
      await database.close();
      await dropTestSchema(schema);
    },
  };
}

export async function createTestSchema(): Promise<string> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`create schema ${schema}`);
  } finally {
    await client.end();
  }
  return schema;
}

/**
 * Test suites run in parallel on one server, each in its own schema. Kysely's migrator looks for its tables
 * across every schema (`has_schema_privilege` over pg_namespace), which fails with "schema … does not exist"
 * when another suite drops its schema at that moment. Migrations hold this lock shared, drops exclusive.
 */
const SCHEMA_DROP_LOCK = 0x5b_d70b;

async function underSchemaLock<T>(mode: 'shared' | 'exclusive', run: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`select pg_advisory_lock${mode === 'shared' ? '_shared' : ''}($1)`, [SCHEMA_DROP_LOCK]);
    return await run();
  } finally {
    await client.end(); // ends the session, which releases its advisory locks
  }
}

/** Runs `run` (a migration of a test schema) while no test schema can be dropped. */
export function whileNoSchemaIsDropped<T>(run: () => Promise<T>): Promise<T> {
  return underSchemaLock('shared', run);
}

export async function dropTestSchema(schema: string): Promise<void> {
  await underSchemaLock('exclusive', async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query(`drop schema if exists ${schema} cascade`);
    } finally {
      await client.end();
    }
  });
}

/**
 * The dialects a suite should loop over. Call at module top level with `await` (vitest supports top-level
 * await) and pass to `describe.each`.
 */
export async function dialectsUnderTest(): Promise<DialectName[]> {
  if (await postgresReachable()) return ['sqlite', 'postgres'];
  if (REQUIRE_SERVICES) {
    throw new Error(`PostgreSQL is required (SWITCHBOARD_REQUIRE_SERVICES=1) but does not answer at ${POSTGRES_URL}`);
  }
  console.warn(`SKIP: PostgreSQL tests skipped — nothing answers at ${POSTGRES_URL} (set TEST_POSTGRES_URL)`);
  return ['sqlite'];
}

/**
 * Whether a suite that needs outside services may run: true when they answer; otherwise a visible skip line,
 * or a failure under SWITCHBOARD_REQUIRE_SERVICES=1 (CI). `needs` names them, `suite` the tests skipped.
 */
export function servicesOrSkip(reachable: boolean, needs: string, suite: string): boolean {
  if (reachable) return true;
  if (REQUIRE_SERVICES) throw new Error(`${needs} required (SWITCHBOARD_REQUIRE_SERVICES=1) but not reachable`);
  console.warn(`SKIPPED ${suite}: ${needs} not reachable`);
  return false;
}
