import type { Kysely, Selectable } from 'kysely';
import type { Logger } from 'pino';
import type { DomainBus } from '../../events/domain-events';
import type { MediaFetchResult, ProviderAdapter } from '../../providers';
import type { MediaDownloadsTable, Tables } from '../../storage/schema';
import { dueAt, WorkLoop } from '../../storage/work-loop';
import type { AttachmentStore } from '../agent/attachment-store';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from '../outbox/retry-policy';
import { inboundMediaLimit } from './media-limits';
import { attachmentEntry, readArray } from '../../storage/json-columns';

type DownloadRow = Selectable<MediaDownloadsTable>;

export interface MediaDownloadWorkerOptions {
  db: Kysely<Tables>;
  attachments: AttachmentStore;
  adapterFor: (providerId: string) => Promise<ProviderAdapter | undefined>;
  bus: DomainBus;
  logger?: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  now?: () => number;
  random?: () => number;
  policy?: Partial<RetryPolicy>;
  /** Downloads at the same time. */
  batchSize?: number;
  /** How long a claimed row is hidden from other workers; a worker that dies leaves it to the next one. */
  leaseMs?: number;
  /** Longest sleep with nothing due. */
  idleRecheckMs?: number;
  /** Per-type size limit (tests shrink it). */
  maxBytes?: (mimeType: string) => number;
}

/** Stored attachment entries as the ingest wrote them (a placeholder carrying the provider's media id). */
/**
 * Downloads customers' media known by a provider handle (WhatsApp Cloud media ids), from durable rows the
 * message's transaction wrote: leased like the outbox, retried with backoff and jitter, resumed after a
 * restart. Each finished download flips the message's placeholder to the stored file (or to a failed
 * placeholder with a reason) and tells the live channel, so an open conversation shows it without reload.
 */
export class MediaDownloadWorker {
  private readonly db: Kysely<Tables>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly policy: RetryPolicy;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly idleRecheckMs: number;
  private readonly maxBytes: (mimeType: string) => number;
  private readonly loop: WorkLoop;

  constructor(private readonly options: MediaDownloadWorkerOptions) {
    this.db = options.db;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 12, ...options.policy };
    this.batchSize = options.batchSize ?? 4;
    this.leaseMs = options.leaseMs ?? 180_000;
    this.idleRecheckMs = options.idleRecheckMs ?? 30_000;
    this.maxBytes = options.maxBytes ?? inboundMediaLimit;
    this.loop = new WorkLoop({
      drainOnce: () => this.downloadBatch(),
      nextDueAt: () => this.nextDueAt(),
      now: this.now,
      idleRecheckMs: this.idleRecheckMs,
      logger: options.logger,
      failureMessage: 'media download drain failed',
    });
  }

  /** Starts and resumes whatever is pending (the table is the queue). */
  start(): void {
    this.loop.start();
  }

  /** Call after a commit that queued downloads; wake-ups coalesce. */
  notify(): void {
    this.loop.notify();
  }

  /** Stops taking rows and waits for the downloads in flight; pending rows stay for the next start. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Resolves once nothing is due now. */
  idle(): Promise<void> {
    return this.loop.idle();
  }

  /**
   * Takes up to a batch of due rows for this worker (another node may take some first). Public so a test
   * can play a worker that dies right after claiming.
   */
  async claimDue(): Promise<DownloadRow[]> {
    const due = await this.db
      .selectFrom('media_downloads')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', this.now())
      .orderBy('id')
      .limit(this.batchSize)
      .execute();
    const claimed: DownloadRow[] = [];
    for (const row of due) {
      const res = await this.db
        .updateTable('media_downloads')
        .set({ attempts: row.attempts + 1, next_attempt_at: this.now() + this.leaseMs })
        .where('id', '=', row.id)
        .where('status', '=', 'pending')
        .where('attempts', '=', row.attempts)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 1) claimed.push({ ...row, attempts: row.attempts + 1 });
    }
    return claimed;
  }

  /** Downloads one batch of due rows; false when nothing is due. */
  private async downloadBatch(): Promise<boolean> {
    const rows = await this.claimDue();
    if (rows.length === 0) return false;
    await Promise.all(rows.map((row) => this.downloadOne(row)));
    return true;
  }

  /** When the next pending download falls due (the timer's target). */
  private async nextDueAt(): Promise<number | null> {
    const next = await this.db
      .selectFrom('media_downloads')
      .select((eb) => eb.fn.min('next_attempt_at').as('due'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return dueAt(next?.due);
  }

  private async downloadOne(row: DownloadRow): Promise<void> {
    const adapter = await this.options.adapterFor(row.provider_id).catch(() => undefined);
    let result: MediaFetchResult;
    if (!adapter?.fetchMedia) {
      result = {
        ok: false,
        retryable: false,
        code: 'not_supported',
        message: `provider ${row.provider_id} cannot download media`,
      };
    } else {
      try {
        result = await adapter.fetchMedia(row.media_id, this.maxBytes);
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
    if (result.ok) return this.finish(row, { bytes: result.bytes, mimeType: result.mimeType });
    const decision = decideRetry(result, row.attempts, this.policy, this.random);
    if (decision.retry) {
      this.options.logger?.debug(
        { downloadId: row.id, attempts: row.attempts, code: result.code, delayMs: decision.delayMs },
        'media download will be retried',
      );
      await this.db
        .updateTable('media_downloads')
        .set({ next_attempt_at: this.now() + decision.delayMs, last_error: result.message.slice(0, 300) })
        .where('id', '=', row.id)
        .where('status', '=', 'pending')
        .where('attempts', '=', row.attempts)
        .execute();
      return;
    }
    this.options.logger?.warn(
      { downloadId: row.id, interactionId: row.interaction_id, attempts: row.attempts, code: result.code },
      'media download failed for good',
    );
    const reason = result.retryable
      ? `could not be downloaded after ${row.attempts} attempts (${result.message})`
      : result.message;
    return this.finish(row, { reason: reason.slice(0, 300) });
  }

  /** Flips the message's placeholder and closes the row, in one transaction; then tells the live channel. */
  private async finish(
    row: DownloadRow,
    outcome: { bytes: Buffer; mimeType: string } | { reason: string },
  ): Promise<void> {
    const changed = await this.db.transaction().execute(async (trx) => {
      const closed = await trx
        .updateTable('media_downloads')
        .set({
          status: 'bytes' in outcome ? 'done' : 'failed',
          last_error: 'reason' in outcome ? outcome.reason : null,
        })
        .where('id', '=', row.id)
        .where('status', '=', 'pending')
        .where('attempts', '=', row.attempts)
        .executeTakeFirst();
      // Another worker took the row after our lease ran out: its result stands.
      if (Number(closed.numUpdatedRows) !== 1) return false;
      const message = await trx
        .selectFrom('messages')
        .select(['id', 'attachments_json'])
        .where('id', '=', row.message_id)
        .executeTakeFirst();
      if (!message?.attachments_json) return false;
      const list = readArray(message.attachments_json);
      const entry = attachmentEntry(list[row.position]);
      if (!entry || entry.url) return false;
      const known = { ...(entry.name ? { name: entry.name } : {}) };
      // The queued row copied the entry's type when it was stored (or the generic one if it had none).
      const mimeType = entry.mimeType ?? row.mime_type;
      if ('bytes' in outcome) {
        const stored = await this.options.attachments.saveDownloaded(trx, {
          providerId: row.provider_id,
          interactionId: row.interaction_id,
          bytes: outcome.bytes,
          // Meta's type for the bytes is the authority; the webhook's, the fallback.
          mimeType: outcome.mimeType || mimeType,
          ...known,
        });
        list[row.position] = stored;
      } else {
        list[row.position] = {
          url: null,
          state: 'failed',
          mimeType,
          reason: outcome.reason,
          ...known,
          ...(entry.size !== undefined ? { size: entry.size } : {}),
        };
      }
      await trx
        .updateTable('messages')
        .set({ attachments_json: JSON.stringify(list) })
        .where('id', '=', message.id)
        .execute();
      return true;
    });
    if (changed)
      this.options.bus.emit('message.updated', { interactionId: row.interaction_id, messageId: row.message_id });
  }
}
