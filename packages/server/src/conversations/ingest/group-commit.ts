import type { Kysely, Transaction } from 'kysely';
import type { Tables } from '../../storage/schema';

interface Job<R, P> {
  work: (trx: Transaction<Tables>) => Promise<R>;
  /** Set when the job can also be applied together with its neighbours by `many`. */
  payload: P | undefined;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Applies several jobs' payloads at once inside the shared transaction, with the same effect as their `work`
 * one after the other, answering one result per payload in order. On PostgreSQL every statement is a round
 * trip, so a batch that reads and inserts with one statement each instead of one per job is what makes group
 * commit pay beyond the shared COMMIT.
 */
export type ApplyMany<R, P> = (trx: Transaction<Tables>, payloads: P[]) => Promise<R[]>;

/**
 * Applies a batch whose every job carries a payload with one statement of its own, outside any explicit
 * transaction (the statement is atomic by itself), answering per payload its result, or `undefined` for one it
 * could not apply, which then takes the transaction path after the others. BEGIN and COMMIT are round trips too.
 */
export type ApplyAtOnce<R, P> = (db: Kysely<Tables>, payloads: P[]) => Promise<(R | undefined)[]>;

export interface GroupCommitOptions<R, P> {
  /** Jobs in one transaction at most (default 64). */
  maxBatch?: number;
  many?: ApplyMany<R, P>;
  atOnce?: ApplyAtOnce<R, P>;
  /** Told when `atOnce` threw, before its batch takes the transaction path. */
  onAtOnceFailure?: (error: unknown, jobs: number) => void;
}

/**
 * Group commit: webhooks read in the same turn of the event loop share a transaction, and so do those that arrive while
 * a transaction is running, so a burst costs one commit (one fsync on PostgreSQL) per batch instead of one per webhook,
 * and nobody waits on a timer when traffic is light. Jobs are spread over lanes by key (the provider conversation): one
 * conversation always lands in the same lane, so two lanes never lock the same interaction in opposite orders (no
 * deadlocks), and a conversation's webhooks are applied in arrival order. If a shared transaction fails, its jobs are
 * replayed one per transaction, so one bad webhook cannot fail its neighbours (replays are safe: ingest is idempotent).
 * With `many`, consecutive jobs that carry a payload are applied together (replays still run each job's own `work`).
 */
export class GroupCommit<R, P = never> {
  private readonly queues: Job<R, P>[][];
  private readonly busy: boolean[];
  private readonly scheduled: boolean[];

  private readonly maxBatch: number;
  private readonly many: ApplyMany<R, P> | undefined;
  private readonly atOnce: ApplyAtOnce<R, P> | undefined;
  private readonly onAtOnceFailure: ((error: unknown, jobs: number) => void) | undefined;

  constructor(
    private readonly db: Kysely<Tables>,
    lanes = 1,
    options: GroupCommitOptions<R, P> = {},
  ) {
    this.maxBatch = options.maxBatch ?? 64;
    this.many = options.many;
    this.atOnce = options.atOnce;
    this.onAtOnceFailure = options.onAtOnceFailure;
    this.queues = Array.from({ length: Math.max(1, lanes) }, () => []);
    this.busy = this.queues.map(() => false);
    this.scheduled = this.queues.map(() => false);
  }

  submit(key: string, work: (trx: Transaction<Tables>) => Promise<R>, payload?: P): Promise<R> {
    const lane = this.queues.length === 1 ? 0 : hash(key) % this.queues.length;
    return new Promise<R>((resolve, reject) => {
      this.queues[lane]!.push({ work, payload, resolve, reject });
      this.schedule(lane);
    });
  }

  /**
   * An idle lane starts its transaction once the event loop has finished its current phase (`setImmediate`),
   * not at the first job: webhooks whose requests were read in the same turn then share it. Without this, on
   * SQLite (whose driver never yields to I/O) every webhook committed alone, because each transaction ended
   * before the next request was even parsed. A busy lane needs nothing: its loop takes what queued meanwhile.
   */
  private schedule(lane: number): void {
    if (this.busy[lane] || this.scheduled[lane]) return;
    this.scheduled[lane] = true;
    setImmediate(() => {
      this.scheduled[lane] = false;
      void this.drain(lane);
    });
  }

  /** Resolves once every submitted job has committed or failed (graceful stop: close the database after). */
  async idle(): Promise<void> {
    while (this.busy.some(Boolean) || this.queues.some((q) => q.length > 0)) await new Promise((r) => setTimeout(r, 5));
  }

  private async drain(lane: number): Promise<void> {
    if (this.busy[lane]) return;
    this.busy[lane] = true;
    try {
      const queue = this.queues[lane]!;
      while (queue.length > 0) await this.runBatch(queue.splice(0, this.maxBatch));
    } finally {
      this.busy[lane] = false;
    }
  }

  private async runBatch(jobs: Job<R, P>[]): Promise<void> {
    if (this.atOnce && jobs.every((job) => job.payload !== undefined)) {
      let results: (R | undefined)[] | undefined;
      try {
        results = await this.atOnce(
          this.db,
          jobs.map((job) => job.payload!),
        );
        if (results.length !== jobs.length)
          throw new Error(`applied ${jobs.length} jobs at once but got ${results.length} results`);
      } catch (error) {
        // Nothing of a failed statement was written: the transaction path retries, and replays one by one. The
        // webhooks still land, so only the report says that the one-statement path is failing.
        this.onAtOnceFailure?.(error, jobs.length);
        results = undefined;
      }
      if (results) {
        const rest: Job<R, P>[] = [];
        jobs.forEach((job, i) => (results[i] === undefined ? rest.push(job) : job.resolve(results[i]!)));
        if (rest.length > 0) await this.runTransaction(rest);
        return;
      }
    }
    await this.runTransaction(jobs);
  }

  private async runTransaction(jobs: Job<R, P>[]): Promise<void> {
    let results: R[];
    try {
      results = await this.db.transaction().execute((trx) => this.applyAll(trx, jobs));
    } catch (error) {
      if (jobs.length === 1) return jobs[0]!.reject(error);
      for (const job of jobs) await this.runTransaction([job]);
      return;
    }
    jobs.forEach((job, i) => job.resolve(results[i]!));
  }

  /** In arrival order: each run of two or more jobs with a payload through `many`, every other job alone. */
  private async applyAll(trx: Transaction<Tables>, jobs: Job<R, P>[]): Promise<R[]> {
    const out: R[] = [];
    for (let i = 0; i < jobs.length;) {
      let end = i;
      if (this.many) while (end < jobs.length && jobs[end]!.payload !== undefined) end++;
      if (end - i < 2) {
        out.push(await jobs[i]!.work(trx));
        i++;
        continue;
      }
      const run = jobs.slice(i, end);
      const results = await this.many!(
        trx,
        run.map((job) => job.payload!),
      );
      if (results.length !== run.length)
        throw new Error(`applied ${run.length} jobs together but got ${results.length} results`);
      out.push(...results);
      i = end;
    }
    return out;
  }
}

/** FNV-1a: cheap and stable, enough to spread conversations over a few lanes. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
