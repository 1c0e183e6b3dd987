import type { Kysely } from 'kysely';
import type { Tables } from './schema';

/** Runs a statement by name on a pooled PostgreSQL connection, with its own implicit transaction. */
export type PreparedRunner = <R>(name: string, text: string, values: unknown[]) => Promise<R[]>;

const runners = new WeakMap<Kysely<Tables>, PreparedRunner>();

/**
 * PostgreSQL parses and plans an unnamed statement on every run. For the few statements on the hot path whose
 * text never changes and that run on their own (outside any transaction), a named statement is parsed once per
 * connection, and PostgreSQL moves to a cached generic plan after a few runs: the one-statement store of a batch
 * of messages spent 1.4 ms of the backend's CPU planning on each run. Kysely has no notion of statement names,
 * so the database registers a runner on its root instance; a transaction (another instance) has none, and so
 * does SQLite, whose statements better-sqlite3 already keeps prepared.
 *
 * A named statement's result columns must not change under it ("cached plan must not change result type"),
 * so only statements that name their columns, never `select *`, may run this way.
 */
export function enablePreparedStatements(db: Kysely<Tables>, runner: PreparedRunner): void {
  runners.set(db, runner);
}

export function preparedStatementsOf(db: Kysely<Tables>): PreparedRunner | undefined {
  return runners.get(db);
}
