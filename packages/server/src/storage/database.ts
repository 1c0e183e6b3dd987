import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
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
  const checkpointer = filename === ':memory:' ? null : startCheckpointer(sqlite, filename);
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    dialect: 'sqlite',
    close: async () => {
      await db.destroy();
      await checkpointer?.stop();
    },
  };
}

/**
 * Kysely prepares every query anew; the same few statements run thousands of times a second on the ingest
 * path, so keep the prepared ones (least recently used dropped first). Safe because Kysely runs one query at
 * a time on this connection and never streams here.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

/** Checkpoints move to a worker thread; the connection that serves requests never checkpoints itself. */
function startCheckpointer(sqlite: SQLite.Database, filename: string): { stop(): Promise<void> } {
  sqlite.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(new URL('./checkpointer.worker.mjs', import.meta.url), {
    workerData: { filename, intervalMs: 1000 },
  });
  worker.unref();
  worker.on('error', () => {
    // Without the worker, fall back to SQLite's own checkpoints rather than letting the WAL grow.
    try {
      sqlite.pragma('wal_autocheckpoint = 1000');
    } catch {
      // the connection is already closed
    }
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => resolve();
        const timer = setTimeout(() => void worker.terminate().then(done, done), 2000);
        worker.once('message', () => {
          clearTimeout(timer);
          void worker.terminate().then(done, done);
        });
        worker.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        worker.postMessage('stop');
      }),
  };
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
