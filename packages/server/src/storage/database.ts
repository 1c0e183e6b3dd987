import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Tables } from './schema';

export type DialectName = 'sqlite' | 'postgres';

export interface Database {
  readonly db: Kysely<Tables>;
  readonly dialect: DialectName;
  /** PostgreSQL schema the tables live in (`public` unless configured); undefined on SQLite */
  readonly schema?: string;
  close(): Promise<void>;
}

// int8 (bigint) comes back from pg as a string by default; our bigints are epoch milliseconds, well inside
// Number's safe range, so parse them as numbers on every connection.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface SqliteOptions {
  /** a file path, or ':memory:' */
  filename: string;
}

export function openSqlite({ filename }: SqliteOptions): Database {
  const sqlite = new SQLite(filename);
  // WAL lets readers run beside the single writer; NORMAL keeps every committed transaction across a
  // process crash (the WAL is fsynced at checkpoints), which is the failure the ingest path must survive.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Several processes may open the same file (migrations at start-up): wait for the lock instead of failing.
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

export interface PostgresOptions {
  connectionString: string;
  /** Schema to use (tests isolate themselves in a fresh schema). */
  searchPath?: string;
  max?: number;
}

export function openPostgres({ connectionString, searchPath, max = 10 }: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString,
    max,
    ...(searchPath ? { options: `-c search_path=${searchPath}` } : {}),
  });
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', schema: searchPath ?? 'public', close: () => db.destroy() };
}

export function openDatabase(config: { databaseUrl: string | null; dataDir: string }): Database {
  if (config.databaseUrl) return openPostgres({ connectionString: config.databaseUrl });
  mkdirSync(config.dataDir, { recursive: true });
  return openSqlite({ filename: join(config.dataDir, 'switchboard.sqlite') });
}
