import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DialectName } from '../storage/database';
import type { Tables } from '../storage/schema';

export interface MessageTextIndexOptions {
  db: Kysely<Tables>;
  dialect: DialectName;
  /**
   * Messages per transaction. Each batch holds SQLite's single writer (and Kysely's one connection) while FTS5
   * tokenizes it: a thousand short messages take a few milliseconds, so ingest waits at most that long.
   */
  batchRows?: number;
  /** How often the timer indexes what arrived, so searches seldom have much to catch up on. */
  intervalMs?: number;
  logger?: Pick<Logger, 'error'>;
}

export const DEFAULT_BATCH_ROWS = 1_000;

/**
 * The SQLite full-text index of message bodies (migration 0023), filled in batches off the ingest path: every
 * message with rowid <= messages_fts_progress.indexed_rowid is indexed, and each batch indexes the next rows and
 * moves that mark in one transaction. A recordings search calls `catchUp()` first, so it sees every message
 * committed before it began. On PostgreSQL the GIN index is kept by the database itself: nothing to do.
 */
export class MessageTextIndex {
  private readonly batchRows: number;
  private timer: NodeJS.Timeout | null = null;
  /** The catch-up running now, and the one queued behind it that every later caller shares. */
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(private readonly options: MessageTextIndexOptions) {
    this.batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  }

  start(): void {
    if (this.options.dialect !== 'sqlite' || this.timer) return;
    this.timer = setInterval(() => {
      this.catchUp().catch((error: unknown) => this.options.logger?.error({ err: error }, 'full-text indexing failed'));
    }, this.options.intervalMs ?? 1_000);
    this.timer.unref();
  }

  /** Stops the timer and waits for a batch in flight, so the database can close after. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([this.running, this.queued]);
  }

  /**
   * Indexes every message committed before this call. Each batch reads the mark inside its own transaction, so
   * no row is indexed twice; catch-ups still run one at a time, and callers arriving during one share a single
   * pass after it (the running one may already have read past their messages) instead of each starting one.
   */
  catchUp(): Promise<void> {
    if (this.options.dialect !== 'sqlite') return Promise.resolve();
    if (!this.running) return this.begin();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.begin();
      });
    return this.queued;
  }

  private begin(): Promise<void> {
    const run = this.drain().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async drain(): Promise<void> {
    // Most timer ticks find nothing: one read, without opening a transaction.
    if (!(await this.hasBacklog())) return;
    while (await this.indexBatch()) {
      // Let the requests queued behind this batch have the connection before the next one.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async hasBacklog(): Promise<boolean> {
    const { rows } = await sql<{
      pending: number;
    }>`select exists (select 1 from messages where rowid > (select indexed_rowid from messages_fts_progress where id = 1)) as pending`.execute(
      this.options.db,
    );
    return Number(rows[0]!.pending) === 1;
  }

  /** One batch in one transaction; true when it was full (there may be more). */
  private indexBatch(): Promise<boolean> {
    return this.options.db.transaction().execute(async (trx) => {
      const mark = await sql<{
        indexed_rowid: number;
      }>`select indexed_rowid from messages_fts_progress where id = 1`.execute(trx);
      const from = Number(mark.rows[0]!.indexed_rowid);
      const next = await sql<{
        up_to: number | null;
        n: number;
      }>`select max(rowid) as up_to, count(*) as n from (select rowid from messages where rowid > ${from} order by rowid limit ${this.batchRows})`.execute(
        trx,
      );
      const { up_to: upTo, n } = next.rows[0]!;
      if (upTo === null) return false;
      await sql`insert into messages_fts(rowid, body) select rowid, body from messages where rowid > ${from} and rowid <= ${upTo} and body is not null`.execute(
        trx,
      );
      await sql`update messages_fts_progress set indexed_rowid = ${upTo} where id = 1`.execute(trx);
      return Number(n) === this.batchRows;
    });
  }
}
