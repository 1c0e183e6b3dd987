import type { Kysely, Transaction } from 'kysely';
import type { Tables } from '../../storage/schema';

interface Job<R> {
  work: (trx: Transaction<Tables>) => Promise<R>;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: webhooks that arrive while a transaction is running share the next one, so a burst costs one
 * commit (one fsync on PostgreSQL) per batch instead of one per webhook, and nobody waits on a timer when
 * traffic is light. Jobs are spread over lanes by key (the provider conversation): one conversation always
 * lands in the same lane, so two lanes never lock the same interaction in opposite orders (no deadlocks),
 * and a conversation's webhooks are applied in arrival order. If a shared transaction fails, its jobs are
 * replayed one per transaction, so one bad webhook cannot fail its neighbours (replays are safe: ingest is
 * idempotent).
 */
export class GroupCommit<R> {
  private readonly queues: Job<R>[][];
  private readonly busy: boolean[];

  constructor(
    private readonly db: Kysely<Tables>,
    lanes = 1,
    private readonly maxBatch = 64,
  ) {
    this.queues = Array.from({ length: Math.max(1, lanes) }, () => []);
    this.busy = this.queues.map(() => false);
  }

  submit(key: string, work: (trx: Transaction<Tables>) => Promise<R>): Promise<R> {
    const lane = this.queues.length === 1 ? 0 : hash(key) % this.queues.length;
    return new Promise<R>((resolve, reject) => {
      this.queues[lane]!.push({ work, resolve, reject });
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

  private async runBatch(jobs: Job<R>[]): Promise<void> {
    let results: R[];
    try {
      results = await this.db.transaction().execute(async (trx) => {
        const out: R[] = [];
        for (const job of jobs) out.push(await job.work(trx));
        return out;
      });
    } catch (error) {
      if (jobs.length === 1) return jobs[0]!.reject(error);
      for (const job of jobs) await this.runBatch([job]);
      return;
    }
    jobs.forEach((job, i) => job.resolve(results[i]!));
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
