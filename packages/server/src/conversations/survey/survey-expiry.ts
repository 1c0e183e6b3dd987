import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Tables } from '../../storage/schema';
import { WorkLoop } from '../../storage/work-loop';
import type { ConversationStore } from '../conversation-store';
import { dueSurveys, nextExpiry, settleSurvey } from './survey-repository';

export interface SurveyExpiryOptions {
  db: Kysely<Tables>;
  store: ConversationStore;
  /** Wakes the outbox after a commit that queued a hand-back. */
  notifyOutbox: () => void;
  now?: () => number;
  logger?: Pick<Logger, 'error'>;
}

const BATCH = 50;

/**
 * Ends the wait of satisfaction questions nobody answered in time, and sends the hand-back a question held
 * (HeyNow). Woken by one timer at the next expiry, like the other durable workers.
 */
export class SurveyExpiry {
  private readonly loop: WorkLoop;
  private readonly now: () => number;

  constructor(private readonly options: SurveyExpiryOptions) {
    this.now = options.now ?? Date.now;
    this.loop = new WorkLoop({
      drainOnce: () => this.expireDue(),
      nextDueAt: () => nextExpiry(options.db),
      now: this.now,
      idleRecheckMs: 60_000,
      ...(options.logger ? { logger: options.logger } : {}),
      failureMessage: 'expiring satisfaction questions failed',
    });
  }

  start(): void {
    this.loop.start();
  }

  /** A question was just asked: its expiry may be the nearest. */
  notify(): void {
    this.loop.notify();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One batch; true while there may be more due. */
  async expireDue(): Promise<boolean> {
    const { db, store } = this.options;
    const due = await dueSurveys(db, this.now(), BATCH);
    if (due.length === 0) return false;
    let handedBack = false;
    await db.transaction().execute(async (trx) => {
      for (const survey of due) {
        if (!(await settleSurvey(trx, survey.interaction_id, { state: 'expired' }))) continue;
        if (survey.hold_end === 1 && (await store.releaseHandBack(trx, survey.interaction_id))) handedBack = true;
      }
    });
    if (handedBack) this.options.notifyOutbox();
    return due.length === BATCH;
  }
}
