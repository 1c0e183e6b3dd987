import { SendBudget } from '@switchboard/core';
import type { OutboundResult } from '@switchboard/protocol';
import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import type { Logger } from 'pino';
import type { DomainBus } from '../../events/domain-events';
import type { ProviderAdapter } from '../../providers';
import { isUniqueViolation } from '../../storage/constraint-errors';
import { failureSummary } from '../../providers/outbound-http';
import type { Metrics } from '../../metrics/metrics';
import type { OutboxTable, Tables } from '../../storage/schema';
import type { DialectName } from '../../storage/database';
import { dueAt, WorkLoop } from '../../storage/work-loop';
import type { ConversationStore } from '../conversation-store';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from './retry-policy';
import { fieldsOf, parseStored, readOutboundCommand } from '../../storage/json-columns';

type OutboxRow = Selectable<OutboxTable>;

export interface OutboxWorkerOptions {
  db: Kysely<Tables>;
  /** PostgreSQL claims rows `for update skip locked` (several nodes); SQLite has one writer anyway. */
  dialect?: DialectName;
  store: ConversationStore;
  adapterFor: (providerId: string) => Promise<ProviderAdapter | undefined>;
  bus: DomainBus;
  logger?: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  /** Failed sends by provider kind. */
  metrics?: Pick<Metrics, 'outboxFailures'>;
  now?: () => number;
  random?: () => number;
  policy?: Partial<RetryPolicy>;
  /** Rows sent at the same time (each from a different conversation). */
  batchSize?: number;
  /**
   * How long a claimed row is hidden from other workers. A worker that dies mid-send leaves the row
   * pending; it is sent again once the lease runs out (at least once; the idempotency key lets the peer
   * drop the repeat). Longer than the adapters' request timeout.
   */
  leaseMs?: number;
  /** Longest sleep with nothing due: a safety net for rows another node enqueued. */
  idleRecheckMs?: number;
  /**
   * Send budgets per sender (adapter.sendBudget). Defaults to one budget for the whole process, so several
   * workers still share one budget per number.
   */
  budget?: SendBudget;
}

/** The process's budget: one per phone number id however many workers run. */
const PROCESS_BUDGET = new SendBudget();

/**
 * Sends the outbox. Driven by events — `notify()` after a commit that enqueued, and one timer armed for
 * the next due retry — never by a tight poll. Per conversation it is strictly ordered: a row is only
 * picked while no earlier row of the same interaction is still pending (head of line), so a welcome text,
 * an out-of-time text and the hand-back leave in the order they were written; other conversations go on.
 */
export class OutboxWorker {
  private readonly db: Kysely<Tables>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly policy: RetryPolicy;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly idleRecheckMs: number;
  private readonly budget: SendBudget;
  private readonly loop: WorkLoop;
  /** Providers whose last send failed in a way that says the provider, not the message, is the problem. */
  private readonly failing = new Set<string>();

  constructor(private readonly options: OutboxWorkerOptions) {
    this.db = options.db;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
    this.batchSize = options.batchSize ?? 32;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.idleRecheckMs = options.idleRecheckMs ?? 30_000;
    this.budget = options.budget ?? PROCESS_BUDGET;
    this.loop = new WorkLoop({
      drainOnce: () => this.sendBatch(),
      nextDueAt: () => this.nextDueAt(),
      now: this.now,
      idleRecheckMs: this.idleRecheckMs,
      logger: options.logger,
      failureMessage: 'outbox drain failed',
    });
  }

  /** Starts and resumes whatever is pending (restart-safe: the outbox is the queue). */
  start(): void {
    this.loop.start();
  }

  /** Call after a commit that enqueued rows. Cheap and safe to call often: wake-ups coalesce. */
  notify(): void {
    this.loop.notify();
  }

  /** Stops taking rows and waits for the sends in flight; pending rows stay for the next start. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Resolves once nothing is due now (tests, graceful hand-overs). */
  idle(): Promise<void> {
    return this.loop.idle();
  }

  /** Sends one batch of due heads; false when nothing is due. */
  private async sendBatch(): Promise<boolean> {
    const rows = await this.dueHeads();
    if (rows.length === 0) return false;
    this.budget.forgetIdle(this.now());
    await Promise.all(rows.map((row) => this.sendOne(row)));
    return true;
  }

  /** Due pending rows that are the oldest pending row of their interaction. */
  private dueHeads(): Promise<OutboxRow[]> {
    return this.db
      .selectFrom('outbox as o')
      .selectAll('o')
      .where('o.status', '=', 'pending')
      .where('o.next_attempt_at', '<=', this.now())
      .where(isConversationHead)
      .orderBy('o.id')
      .limit(this.batchSize)
      .execute();
  }

  /** When the next sendable row falls due (the timer's target). */
  private async nextDueAt(): Promise<number | null> {
    const next = await this.db
      .selectFrom('outbox as o')
      .select((eb) => eb.fn.min('o.next_attempt_at').as('due'))
      .where('o.status', '=', 'pending')
      .where(isConversationHead)
      .executeTakeFirst();
    return dueAt(next?.due);
  }

  /**
   * Takes the row for this worker under a lease (another node may have taken it first). On PostgreSQL the row
   * is locked `for update skip locked`: a node that finds another claiming it moves on instead of queueing
   * behind that lock; the attempts check makes the claim conditional either way, so one node sends it.
   */
  private async claim(row: OutboxRow): Promise<boolean> {
    const claimed = await this.db
      .updateTable('outbox')
      .set({ attempts: row.attempts + 1, next_attempt_at: this.now() + this.leaseMs })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .where('attempts', '=', row.attempts)
      .$if(this.options.dialect === 'postgres', (q) =>
        q.where('id', 'in', (eb) =>
          eb.selectFrom('outbox as l').select('l.id').where('l.id', '=', row.id).forUpdate().skipLocked(),
        ),
      )
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1;
  }

  /**
   * Paced providers: a message send takes a token of its number's budget first; without one the row waits
   * (still pending, attempts untouched) until a token is back. It stays its conversation's head, so the
   * conversation's order holds; a burst is spread instead of refused by Meta.
   */
  private async paced(row: OutboxRow, adapter: ProviderAdapter | undefined): Promise<boolean> {
    const budget = adapter?.sendBudget;
    if (!budget || commandKind(row) !== 'message') return false;
    const waitMs = this.budget.take(budget.key, budget.perSecond, this.now());
    if (waitMs <= 0) return false;
    await this.db
      .updateTable('outbox')
      .set({ next_attempt_at: this.now() + waitMs })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .where('attempts', '=', row.attempts)
      .execute();
    return true;
  }

  private async sendOne(row: OutboxRow): Promise<void> {
    const adapter = await this.options.adapterFor(row.provider_id).catch(() => undefined);
    if (await this.paced(row, adapter)) return;
    if (!(await this.claim(row))) return;
    const attempts = row.attempts + 1;
    let result: OutboundResult;
    if (!adapter) {
      result = {
        ok: false,
        retryable: false,
        code: 'invalid_command',
        message: `provider ${row.provider_id} no longer exists`,
      };
    } else {
      try {
        const command = readOutboundCommand(row.command_json);
        // Rows written before every kind had a key: the row id is just as stable across retries.
        result = await adapter.send(command.idempotencyKey ? command : { ...command, idempotencyKey: row.id });
      } catch (error) {
        // Adapters promise not to throw; if one does, treat it like a network failure and retry.
        result = {
          ok: false,
          retryable: true,
          code: 'network_error',
          message: error instanceof Error ? error.message : String(error),
        };
      }
    }
    this.providerHealth(row.provider_id, adapter?.kind, result);
    if (result.ok) return this.succeeded(row, result.providerMessageId);
    const decision = decideRetry(result, attempts, this.policy, this.random);
    const error = `${result.code}: ${result.message}`;
    if (decision.retry) {
      this.options.logger?.debug(
        { outboxId: row.id, attempts, code: result.code, delayMs: decision.delayMs },
        'outbound send will be retried',
      );
      await this.db
        .updateTable('outbox')
        .set({ next_attempt_at: this.now() + decision.delayMs, last_error: error })
        .where('id', '=', row.id)
        .where('status', '=', 'pending')
        .execute();
      return;
    }
    this.options.logger?.warn(
      { outboxId: row.id, interactionId: row.interaction_id, attempts, code: result.code },
      'outbound send failed for good',
    );
    await this.db.updateTable('outbox').set({ status: 'failed', last_error: error }).where('id', '=', row.id).execute();
    // The message's error is shown in the conversation: the short summary, not the provider's words.
    await this.moveMessage(row, 'failed', failureSummary(result));
  }

  /**
   * One log line when a provider starts failing and one when it recovers, instead of one per message: a
   * retryable failure (network, timeout, 5xx, throttling) means the provider is down; any success, up again.
   */
  private providerHealth(providerId: string, kind: string | undefined, result: OutboundResult): void {
    if (result.ok) {
      if (this.failing.delete(providerId)) this.options.logger?.info({ providerId, kind }, 'provider is back up');
      return;
    }
    this.options.metrics?.outboxFailures.inc({ provider_kind: kind ?? 'unknown' });
    if (!result.retryable || this.failing.has(providerId)) return;
    this.failing.add(providerId);
    this.options.logger?.warn({ providerId, kind, code: result.code }, 'provider is failing; sends will be retried');
  }

  private async succeeded(row: OutboxRow, providerMessageId: string | undefined): Promise<void> {
    // The message first: if we die before the outbox row is marked done, the send repeats (deduped by the
    // peer), which beats a message that went out but stays "pending" forever.
    await this.moveMessage(row, 'sent', undefined, providerMessageId);
    await this.db.updateTable('outbox').set({ status: 'done', last_error: null }).where('id', '=', row.id).execute();
  }

  private async moveMessage(
    row: OutboxRow,
    status: 'sent' | 'failed',
    error?: string,
    providerMessageId?: string,
  ): Promise<void> {
    if (!row.message_id) return;
    const message = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('id', '=', row.message_id)
      .executeTakeFirst();
    if (!message) return;
    let moved;
    try {
      moved = await this.options.store.moveStatus(this.db, message, status, error, providerMessageId);
    } catch (e) {
      // The provider reused an id we already hold: keep the status, drop the id.
      if (!isUniqueViolation(e)) throw e;
      moved = await this.options.store.moveStatus(this.db, message, status, error);
    }
    if (moved) {
      this.options.bus.emit('message.status', {
        interactionId: row.interaction_id,
        messageId: message.id,
        status,
        ...(status === 'failed' && error ? { error } : {}),
      });
    }
  }
}

function commandKind(row: OutboxRow): string | undefined {
  try {
    const kind = fieldsOf(parseStored(row.command_json)).kind;
    return typeof kind === 'string' ? kind : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Per-conversation order: a pending row may go only when no older row of the same interaction is pending.
 * Shared by the pick and by the timer, so both agree on which rows are sendable.
 */
type OutboxScope = Tables & { o: OutboxTable };

function isConversationHead({ not, exists, selectFrom }: ExpressionBuilder<OutboxScope, 'o'>) {
  return not(
    exists(
      selectFrom('outbox as e')
        .select(sql.lit(1).as('one'))
        .whereRef('e.interaction_id', '=', 'o.interaction_id')
        .where('e.status', '=', 'pending')
        .whereRef('e.id', '<', 'o.id'),
    ),
  );
}
