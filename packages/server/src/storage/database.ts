import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type KyselyConfig, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { PausableSqliteDialect, type PausableSqliteDriver } from './pausable-sqlite';
import { enablePreparedStatements } from './prepared-statements';
import type { Tables } from './schema';

export type DialectName = 'sqlite' | 'postgres';

export interface Database {
  readonly db: Kysely<Tables>;
  readonly dialect: DialectName;
  /** PostgreSQL schema the tables live in (`public` unless configured); undefined on SQLite */
  readonly schema?: string;
  /** Calls `observer` after every query with its duration (ms) and whether it failed (the query metrics). */
  onQuery?(observer: QueryObserver): () => void;
  /** PostgreSQL's pool figures now; absent on SQLite, which has one connection and no pool. */
  poolStats?(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export type QueryObserver = (durationMs: number, failed: boolean) => void;

/**
 * Kysely's query log feeds the observers: it already times every query, so an observer costs a call. With
 * none (tests, tools) nothing else happens.
 */
function queryTap(): {
  log: KyselyConfig['log'];
  observe: QueryObserver;
  onQuery: (o: QueryObserver) => () => void;
} {
  const observers = new Set<QueryObserver>();
  const observe: QueryObserver = (ms, failed) => {
    for (const o of observers) o(ms, failed);
  };
  return {
    log: (event) => observe(event.queryDurationMillis, event.level === 'error'),
    observe,
    onQuery: (o) => {
      observers.add(o);
      return () => observers.delete(o);
    },
  };
}

// int8 (bigint) comes back from pg as a string by default; our bigints are epoch milliseconds, well inside
// Number's safe range, so parse them as numbers on every connection.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface SqliteOptions {
  /** a file path, or ':memory:' */
  filename: string;
  /**
   * The WAL is emptied (TRUNCATE checkpoint) once it holds this many bytes; also SQLite's journal_size_limit.
   * Default 8 MiB: at 300 webhooks/s the WAL then stays well under 64 MiB.
   */
  walLimitBytes?: number;
  /** How often the checkpointer copies the WAL back and looks at its size (default 100 ms). */
  checkpointIntervalMs?: number;
}

export const DEFAULT_WAL_LIMIT_BYTES = 8 * 1024 * 1024;

export function openSqlite({
  filename,
  walLimitBytes = DEFAULT_WAL_LIMIT_BYTES,
  checkpointIntervalMs = 100,
}: SqliteOptions): Database {
  const onDisk = filename !== ':memory:' && !filename.startsWith('file:');
  // The database holds sessions, provider credentials (sealed) and every conversation: only the server's user
  // may read it. SQLite gives the -wal and -shm files the mode of the database file.
  if (onDisk) createPrivateFile(filename);
  const sqlite = new SQLite(filename);
  // WAL lets readers run beside the single writer; NORMAL keeps every committed transaction across a
  // process crash (the WAL is fsynced at checkpoints), which is the failure the ingest path must survive.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Several processes may open the same file (migrations at start-up): wait for the lock instead of failing.
  sqlite.pragma('busy_timeout = 5000');
  // When the WAL restarts from its beginning, cut the file back to this size instead of keeping its peak.
  sqlite.pragma(`journal_size_limit = ${walLimitBytes}`);
  // After an unclean stop the WAL may be hundreds of MiB: copy it into the database and empty it now, before
  // serving, rather than carrying it (and its recovery time) into the next crash. A closed-clean database
  // has no WAL and this costs nothing; another process holding a snapshot just makes it a partial copy.
  if (onDisk) {
    try {
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Locked by another process past the busy timeout: the checkpointer empties it once it can.
    }
  }
  const dialect = new PausableSqliteDialect({ database: withStatementCache(sqlite) });
  const tap = queryTap();
  const db = new Kysely<Tables>({ dialect, log: tap.log });
  const checkpointer = onDisk
    ? startCheckpointer(sqlite, dialect.driver, {
        filename,
        limitBytes: walLimitBytes,
        intervalMs: checkpointIntervalMs,
      })
    : null;
  return {
    db,
    dialect: 'sqlite',
    onQuery: tap.onQuery,
    close: async () => {
      await db.destroy();
      await checkpointer?.stop();
    },
  };
}

/** Creates `filename` readable by its owner only, unless it exists already (then SQLite opens it as it is). */
function createPrivateFile(filename: string): void {
  try {
    closeSync(openSync(filename, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
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

type CheckpointerMessage = { type: 'restart-needed' } | { type: 'restarted'; busy: number } | { type: 'stopped' };

/**
 * Checkpoints move to a worker thread; the connection that serves requests never checkpoints itself. When the
 * worker finds the WAL past its limit, this side holds Kysely's single connection (so no transaction of ours
 * is open and requests queue without blocking the event loop) while the worker empties the WAL.
 */
function startCheckpointer(
  sqlite: SQLite.Database,
  driver: PausableSqliteDriver,
  options: { filename: string; limitBytes: number; intervalMs: number },
): { stop(): Promise<void> } {
  sqlite.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(new URL('./checkpointer.worker.mjs', import.meta.url), {
    workerData: { ...options, busyTimeoutMs: 1000 },
  });
  worker.unref();
  let closing = false;
  worker.on('message', (message: CheckpointerMessage) => {
    if (message.type !== 'restart-needed') return;
    if (closing) return;
    void driver
      .exclusive(
        () =>
          new Promise<void>((resolve) => {
            const finish = () => {
              worker.off('message', onMessage);
              worker.off('exit', finish);
              resolve();
            };
            const onMessage = (reply: CheckpointerMessage) => {
              if (reply.type !== 'restart-needed') finish();
            };
            worker.on('message', onMessage);
            worker.on('exit', finish);
            worker.postMessage('go');
          }),
      )
      // Only fails once the database is closed; the worker's TRUNCATE on 'stop' empties the WAL then.
      .catch(() => undefined);
  });
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
        closing = true;
        const done = () => resolve();
        const timer = setTimeout(() => void worker.terminate().then(done, done), 2000);
        worker.on('message', (message: CheckpointerMessage) => {
          if (message.type !== 'stopped') return;
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
  applicationName?: string;
}

export function openPostgres({ connectionString, searchPath, max = 10, applicationName }: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString,
    max,
    // Names the node in pg_stat_activity, so an operator can tell whose session is whose.
    ...(applicationName ? { application_name: applicationName } : {}),
    ...(searchPath ? { options: `-c search_path=${searchPath}` } : {}),
  });
  // An idle connection the server ended (a restart, an operator, a new router leader cutting off a stuck one)
  // is only dropped: the pool opens another on the next query. Without a listener, Node would end the process.
  pool.on('error', () => undefined);
  // The same for a connection in use but between two queries (inside a transaction): the pool does not listen
  // to it then, and its next query fails with the connection's error instead.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const tap = queryTap();
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }), log: tap.log });
  enablePreparedStatements(db, async (name, text, values) => {
    const started = performance.now();
    let failed = false;
    try {
      return (await pool.query({ name, text, values })).rows;
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // Past Kysely, so its log does not time these: the query metrics hear of them here.
      tap.observe(performance.now() - started, failed);
    }
  });
  return {
    db,
    dialect: 'postgres',
    schema: searchPath ?? 'public',
    onQuery: tap.onQuery,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => db.destroy(),
  };
}

export function openDatabase(config: { databaseUrl: string | null; dataDir: string; nodeId?: string }): Database {
  if (config.databaseUrl)
    return openPostgres({
      connectionString: config.databaseUrl,
      ...(config.nodeId ? { applicationName: `switchboard:${config.nodeId}` } : {}),
    });
  // Created by us: owner only (an existing directory keeps the mode its owner chose).
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  return openSqlite({ filename: join(config.dataDir, 'switchboard.sqlite') });
}
