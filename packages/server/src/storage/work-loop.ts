import type { Logger } from 'pino';

export interface WorkLoopOptions {
  /**
   * Claims and works one batch of due rows; resolves `false` when nothing was due. Called again and again
   * until it says so, then once more per wake-up that arrived meanwhile.
   */
  drainOnce: () => Promise<boolean>;
  /** When the next row falls due (ms since the epoch), or null with nothing pending. */
  nextDueAt: () => Promise<number | null>;
  now: () => number;
  /** Longest sleep with nothing due: a safety net for rows another node wrote. */
  idleRecheckMs: number;
  logger?: Pick<Logger, 'error'>;
  /** Log message when a drain throws (each worker keeps its own wording). */
  failureMessage: string;
}

/**
 * The lifecycle shared by the durable workers (outbox, webhook deliveries, media downloads): the table is
 * the queue, so a worker is woken by `notify()` after a commit and by one timer armed for the next due row,
 * never by a tight poll. Wake-ups while a drain runs coalesce into one more pass, so a burst of commits
 * costs one extra query, not one per commit. The worker owns what is due and how a row is worked.
 */
export class WorkLoop {
  private running = false;
  private draining: Promise<void> | null = null;
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: WorkLoopOptions) {}

  /** Starts and resumes whatever is pending. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.notify();
  }

  /** Cheap and safe to call often: wake-ups during a drain coalesce into one more pass. */
  notify(): void {
    if (!this.running) return;
    if (this.draining) {
      this.dirty = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => this.options.logger?.error({ err: error }, this.options.failureMessage))
      .finally(() => {
        this.draining = null;
        if (this.running) void this.armTimer();
      });
  }

  /** Stops taking rows and waits for the batch in flight; pending rows stay for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.draining;
  }

  /** Resolves once nothing is due now. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    do {
      this.dirty = false;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      while (this.running && (await this.options.drainOnce()));
    } while (this.dirty && this.running);
  }

  private async armTimer(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A failed query only costs the precise wake-up: the idle recheck still comes.
    const due = await this.options.nextDueAt().catch(() => null);
    if (!this.running || this.draining) return;
    const { idleRecheckMs, now } = this.options;
    const wait = due === null ? idleRecheckMs : Math.min(idleRecheckMs, Math.max(0, due - now()));
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.notify();
    }, wait);
    this.timer.unref();
  }
}

/** A `min(next_attempt_at)` as the drivers return it (a bigint column may come back as a string). */
export function dueAt(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
