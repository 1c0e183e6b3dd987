import type { Kysely, Selectable } from 'kysely';
import type { Logger } from 'pino';
import { decideRetry, type RetryPolicy } from '../conversations/outbox/retry-policy';
import { OutboundBlocked } from '../providers/outbound-guard';
import type { Tables, WebhookDeliveriesTable } from '../storage/schema';
import { dueAt, WorkLoop } from '../storage/work-loop';
import { SIGNATURE_HEADER, signatureHeader } from './signature';

type DeliveryRow = Selectable<WebhookDeliveriesTable> & { url: string; secret_sealed: string };

/**
 * CRMs are slower to come back than a provider: start at 10 s and back off to an hour. A delivery is given
 * up ('failed') after `maxAttempts`; long before that the endpoint is usually paused (`pauseAfter`).
 */
export const WEBHOOK_RETRY_POLICY: RetryPolicy = { baseMs: 10_000, capMs: 3_600_000, maxAttempts: 15 };
/** Failed attempts in a row (over all of an endpoint's deliveries) after which the endpoint is paused. */
export const PAUSE_AFTER_FAILURES = 10;

export interface WebhookDeliveryWorkerOptions {
  db: Kysely<Tables>;
  /** Unseals an endpoint's stored secret (WebhookEndpointService.openSecret). */
  openSecret: (sealed: string) => string;
  /** The guarded fetch (outbound-fetch.ts): the URL and every resolved address pass the SSRF guard. */
  fetch: typeof fetch;
  logger?: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  now?: () => number;
  random?: () => number;
  policy?: Partial<RetryPolicy>;
  pauseAfter?: number;
  timeoutMs?: number;
  batchSize?: number;
  /** How long a claimed row is hidden from other workers; longer than the request timeout. */
  leaseMs?: number;
  /** Longest sleep with nothing due: a safety net for rows another node recorded. */
  idleRecheckMs?: number;
}

type Outcome = { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };

/**
 * Sends recorded CRM deliveries, modelled on the provider outbox: event-driven (`notify()`), one timer for
 * the next due retry, leases so two nodes never send a row at once, and rows in the database so a restart
 * resumes where the last process stopped. Unlike the outbox there is no per-endpoint order: each delivery
 * stands alone (a CRM orders by `occurredAt`), so one slow event never holds back the others.
 */
export class WebhookDeliveryWorker {
  private readonly db: Kysely<Tables>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly policy: RetryPolicy;
  private readonly pauseAfter: number;
  private readonly timeoutMs: number;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly idleRecheckMs: number;
  private readonly loop: WorkLoop;

  constructor(private readonly options: WebhookDeliveryWorkerOptions) {
    this.db = options.db;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.policy = { ...WEBHOOK_RETRY_POLICY, ...options.policy };
    this.pauseAfter = options.pauseAfter ?? PAUSE_AFTER_FAILURES;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.batchSize = options.batchSize ?? 16;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.idleRecheckMs = options.idleRecheckMs ?? 30_000;
    this.loop = new WorkLoop({
      drainOnce: () => this.sendBatch(),
      nextDueAt: () => this.nextDueAt(),
      now: this.now,
      idleRecheckMs: this.idleRecheckMs,
      logger: options.logger,
      failureMessage: 'webhook delivery drain failed',
    });
  }

  start(): void {
    this.loop.start();
  }

  notify(): void {
    this.loop.notify();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Sends one batch of due deliveries; false when nothing is due. */
  private async sendBatch(): Promise<boolean> {
    const rows = await this.due();
    if (rows.length === 0) return false;
    await Promise.all(rows.map((row) => this.sendOne(row)));
    return true;
  }

  /** Pending rows that are due, of endpoints that are enabled and not paused (the others are held). */
  private due(): Promise<DeliveryRow[]> {
    return this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
      .selectAll('d')
      .select(['e.url', 'e.secret_sealed'])
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', this.now())
      .where('e.enabled', '=', 1)
      .where('e.paused_at', 'is', null)
      .orderBy('d.next_attempt_at')
      .orderBy('d.id')
      .limit(this.batchSize)
      .execute();
  }

  /** When the next sendable delivery falls due (the timer's target). */
  private async nextDueAt(): Promise<number | null> {
    const next = await this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
      .select((eb) => eb.fn.min('d.next_attempt_at').as('due'))
      .where('d.status', '=', 'pending')
      .where('e.enabled', '=', 1)
      .where('e.paused_at', 'is', null)
      .executeTakeFirst();
    return dueAt(next?.due);
  }

  private async claim(row: DeliveryRow): Promise<boolean> {
    const claimed = await this.db
      .updateTable('webhook_deliveries')
      .set({ attempts: row.attempts + 1, next_attempt_at: this.now() + this.leaseMs })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .where('attempts', '=', row.attempts)
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1;
  }

  private async sendOne(row: DeliveryRow): Promise<void> {
    if (!(await this.claim(row))) return;
    const attempts = row.attempts + 1;
    const outcome = await this.post(row);
    const now = this.now();
    if (outcome.ok) {
      await this.db
        .updateTable('webhook_deliveries')
        .set({
          status: 'delivered',
          last_status_code: outcome.statusCode,
          last_error: null,
          last_attempt_at: now,
          delivered_at: now,
        })
        .where('id', '=', row.id)
        .execute();
      await this.db
        .updateTable('webhook_endpoints')
        .set({ consecutive_failures: 0 })
        .where('id', '=', row.endpoint_id)
        .execute();
      return;
    }
    const decision = decideRetry(
      { ok: false, retryable: true, code: 'provider_unavailable', message: outcome.error },
      attempts,
      this.policy,
      this.random,
    );
    await this.db
      .updateTable('webhook_deliveries')
      .set({
        status: decision.retry ? 'pending' : 'failed',
        next_attempt_at: decision.retry ? now + decision.delayMs : now,
        last_status_code: outcome.statusCode,
        last_error: outcome.error,
        last_attempt_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    await this.countFailure(row.endpoint_id, now);
    this.options.logger?.debug(
      { deliveryId: row.id, endpointId: row.endpoint_id, attempts, error: outcome.error },
      decision.retry ? 'webhook delivery will be retried' : 'webhook delivery failed for good',
    );
  }

  /** One more failure in a row; at the threshold the endpoint is paused until an administrator resumes it. */
  private async countFailure(endpointId: string, now: number): Promise<void> {
    await this.db
      .updateTable('webhook_endpoints')
      .set((eb) => ({ consecutive_failures: eb('consecutive_failures', '+', 1) }))
      .where('id', '=', endpointId)
      .execute();
    const paused = await this.db
      .updateTable('webhook_endpoints')
      .set({ paused_at: now })
      .where('id', '=', endpointId)
      .where('paused_at', 'is', null)
      .where('consecutive_failures', '>=', this.pauseAfter)
      .executeTakeFirst();
    if (Number(paused.numUpdatedRows) === 1) {
      this.options.logger?.warn(
        { endpointId, failures: this.pauseAfter },
        'webhook endpoint paused after repeated failures; resume it under Administration → Webhooks',
      );
    }
  }

  private async post(row: DeliveryRow): Promise<Outcome> {
    let secret: string;
    try {
      secret = this.options.openSecret(row.secret_sealed);
    } catch {
      return { ok: false, statusCode: null, error: 'the signing secret cannot be decrypted (key changed?)' };
    }
    const t = Math.floor(this.now() / 1000);
    try {
      const response = await this.options.fetch(row.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Switchboard-Webhooks/1',
          [SIGNATURE_HEADER]: signatureHeader(secret, row.body, t),
          'Switchboard-Event': row.event,
          'Idempotency-Key': row.id,
        },
        body: row.body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      // The remote body is never read, kept or shown: only whether it accepted.
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return { ok: true, statusCode: response.status };
      const redirect = response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
      return { ok: false, statusCode: response.status, error: `HTTP ${response.status}${redirect}` };
    } catch (error) {
      return { ok: false, statusCode: null, error: this.summary(error) };
    }
  }

  private summary(error: unknown): string {
    const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
    if (cause instanceof OutboundBlocked) return `blocked: ${cause.reason}`.slice(0, 300);
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return `timed out after ${Math.round(this.timeoutMs / 1000)} s`;
    }
    const code = (cause as { code?: unknown } | null)?.code;
    if (typeof code === 'string') return `connection failed: ${code}`;
    return `connection failed: ${cause instanceof Error ? cause.message : String(cause)}`.slice(0, 300);
  }
}
