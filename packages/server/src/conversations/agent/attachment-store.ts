import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, type Attachment, type UploadBody } from '@switchboard/protocol';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { SessionUser } from '../../accounts/session-store';
import { DomainError, notFound } from '../../errors';
import { monotonicId } from '../../ids';
import type { FileStore } from '../../storage/file-store';
import { startPeriodicPass } from '../../storage/periodic-pass';
import type { AttachmentsTable, Tables } from '../../storage/schema';
import type { Executor } from '../conversation-store';

const ALLOWED = new Set<string>(ATTACHMENT_TYPES);
const HOUR = 3600_000;
/** An upload nobody sent within a day is abandoned (a closed tab, a changed mind): its bytes are purged. */
export const UNSENT_TTL_MS = 24 * HOUR;
/** Timeline entries whose agent held the interaction at some point (and so may read its files). */
const HELD = ['assigned', 'taken', 'transferred', 'taken_over'];

export interface AttachmentLimits {
  /** Bytes one user may upload per rolling hour. */
  quotaBytesPerHour: number;
  /** How long a provider-facing link stays valid. */
  mediaLinkMs: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = {
  quotaBytesPerHour: 200 * 1024 * 1024,
  mediaLinkMs: 7 * 24 * HOUR,
};

/** What a customer's inline (base64) file became: a stored file, or a placeholder when the data was unusable. */
export type InboundFile = Attachment;

/**
 * Files agents send and files customers send inline. Type and size of uploads are checked against the declared
 * type AND the bytes' signature. Who may read a file follows the interaction it travelled in.
 */
export class AttachmentStore {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly files: FileStore,
    private readonly publicUrl: () => string,
    private readonly now: () => number = Date.now,
    private readonly limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS,
  ) {}

  async save(input: UploadBody, uploadedBy: string): Promise<Attachment> {
    if (!ALLOWED.has(input.mimeType)) {
      throw new DomainError(
        'unsupported_media_type',
        `mimeType: ${input.mimeType} cannot be sent; allowed: ${ATTACHMENT_TYPES.join(', ')}`,
        'mimeType',
      );
    }
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(input.dataBase64)) {
      throw new DomainError('validation_failed', 'dataBase64: is not base64', 'dataBase64');
    }
    const bytes = Buffer.from(input.dataBase64, 'base64');
    if (bytes.length === 0) throw new DomainError('validation_failed', 'dataBase64: the file is empty', 'dataBase64');
    if (bytes.length > MAX_ATTACHMENT_BYTES) {
      throw new DomainError(
        'payload_too_large',
        `The file is ${(bytes.length / 1048576).toFixed(1)} MB; the limit is ${MAX_ATTACHMENT_BYTES / 1048576} MB`,
        'dataBase64',
      );
    }
    if (!signatureMatches(input.mimeType, bytes)) {
      throw new DomainError(
        'unsupported_media_type',
        `mimeType: the file's content is not ${input.mimeType}`,
        'mimeType',
      );
    }
    await this.checkQuota(uploadedBy, bytes.length);
    const row = await this.write(bytes, input.name, input.mimeType, uploadedBy);
    return this.view(row);
  }

  /**
   * A customer's inline file (HeyNow `data`): decoded, checked and stored like an upload, but unsent until the
   * message carrying it commits (`markReceived`) — a redelivered webhook's copy is purged with the abandoned
   * uploads. Data that is not base64, empty or too large becomes a placeholder: the message is never lost.
   */
  async saveInbound(
    providerId: string,
    input: { base64: string; mimeType: string; name?: string; size?: number },
  ): Promise<InboundFile> {
    const mimeType = cleanMimeType(input.mimeType);
    const placeholder: InboundFile = {
      url: null,
      state: 'failed',
      mimeType,
      ...(input.name ? { name: cleanName(input.name) } : {}),
      ...(input.size !== undefined ? { size: input.size } : {}),
    };
    // Tolerate what senders commonly add: a data: URL prefix and MIME line breaks.
    const data = input.base64.replace(/^data:[^,]{0,200},/, '').replace(/\s+/g, '');
    if (data.length === 0 || data.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) return placeholder;
    if ((data.length / 4) * 3 > MAX_ATTACHMENT_BYTES + 2) return placeholder;
    const bytes = Buffer.from(data, 'base64');
    if (bytes.length === 0 || bytes.length > MAX_ATTACHMENT_BYTES) return placeholder;
    const row = await this.write(bytes, input.name ?? 'file', mimeType, `provider:${providerId}`);
    return this.view(row);
  }

  /**
   * A customer's file downloaded from the provider (WhatsApp Cloud media), stored already tied to its
   * interaction — inside the transaction that flips the message's placeholder, so the two never disagree.
   */
  async saveDownloaded(
    trx: Executor,
    input: { providerId: string; interactionId: string; bytes: Buffer; mimeType: string; name?: string },
  ): Promise<Attachment> {
    const row = await this.write(
      input.bytes,
      input.name ?? 'file',
      // "audio/ogg; codecs=opus" is served as audio/ogg: parameters are not kept, the type is.
      cleanMimeType(input.mimeType.split(';')[0]!),
      `provider:${input.providerId}`,
      { db: trx, interactionId: input.interactionId },
    );
    return this.view(row);
  }

  /** Ties customers' inline files to the interaction whose message carried them, inside that message's transaction. */
  async markReceived(trx: Executor, ids: string[], interactionId: string, at: number): Promise<void> {
    if (ids.length === 0) return;
    await trx
      .updateTable('attachments')
      .set({ sent_at: at, interaction_id: interactionId })
      .where('id', 'in', ids)
      .where('sent_at', 'is', null)
      .execute();
  }

  /**
   * The agent's own, not yet sent upload, for a message being written. Someone else's upload answers like a
   * missing one (its existence is not revealed); one already sent is refused. `claim` makes it final.
   */
  async sendable(id: string, agentId: string): Promise<Selectable<AttachmentsTable>> {
    const row = await this.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.uploaded_by !== agentId) throw notFound('Attachment', id);
    if (row.sent_at !== null) throw alreadySent(id);
    return row;
  }

  /** Marks an upload sent, once: a concurrent or repeated send of the same upload loses here and rolls back. */
  async claim(trx: Executor, id: string, agentId: string, interactionId: string): Promise<void> {
    const res = await trx
      .updateTable('attachments')
      .set({ sent_at: this.now(), interaction_id: interactionId })
      .where('id', '=', id)
      .where('uploaded_by', '=', agentId)
      .where('sent_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw alreadySent(id);
  }

  async get(id: string): Promise<Selectable<AttachmentsTable>> {
    const row = await this.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Attachment', id);
    return row;
  }

  /**
   * The file, for a person allowed to see it: its uploader, an agent who holds or held its interaction, staff
   * whose scope includes that interaction's campaign (`scope` undefined = administrator). Anyone else is
   * told it does not exist.
   */
  async readFor(
    user: SessionUser,
    id: string,
    scope: readonly string[] | undefined,
  ): Promise<{ row: Selectable<AttachmentsTable>; bytes: Buffer }> {
    const row = await this.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !(await this.mayRead(user, row, scope))) throw notFound('Attachment', id);
    const bytes = await this.files.get(row.id);
    if (!bytes) throw notFound('Attachment', id);
    return { row, bytes };
  }

  private async mayRead(
    user: SessionUser,
    row: Selectable<AttachmentsTable>,
    scope: readonly string[] | undefined,
  ): Promise<boolean> {
    if (user.role === 'administrator' || row.uploaded_by === user.id) return true;
    if (!row.interaction_id) return false;
    const interaction = await this.db
      .selectFrom('interactions')
      .select(['campaign_id', 'owner_agent_id'])
      .where('id', '=', row.interaction_id)
      .executeTakeFirst();
    if (!interaction) return false;
    if (interaction.owner_agent_id === user.id) return true;
    if (user.role === 'supervisor' && interaction.campaign_id && scope?.includes(interaction.campaign_id)) return true;
    const held = await this.db
      .selectFrom('interaction_events')
      .select('id')
      .where('interaction_id', '=', row.interaction_id)
      .where('agent_id', '=', user.id)
      .where('type', 'in', HELD)
      .executeTakeFirst();
    return !!held;
  }

  view(row: Selectable<AttachmentsTable>): Attachment {
    return { id: row.id, url: `/api/attachments/${row.id}`, mimeType: row.mime_type, name: row.name, size: row.size };
  }

  /**
   * The URL the provider fetches the file from: no session, but an expiry and an HMAC over id and expiry keyed
   * with the row's random token — editing the expiry breaks the signature, and the token itself never leaves.
   */
  publicLink(row: Selectable<AttachmentsTable>): string {
    const expires = Math.floor((this.now() + this.limits.mediaLinkMs) / 1000);
    return `${this.publicUrl()}/media/${row.id}/${expires}.${linkMac(row, expires)}`;
  }

  /** A provider's fetch: `invalid` for an unknown file or a wrong signature, `expired` for a genuine old link. */
  async openLink(
    id: string,
    token: string,
  ): Promise<{ status: 'ok'; row: Selectable<AttachmentsTable>; bytes: Buffer } | { status: 'invalid' | 'expired' }> {
    const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return { status: 'invalid' };
    const row = await this.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return { status: 'invalid' };
    const expires = Number(match[1]);
    const expected = Buffer.from(linkMac(row, expires));
    const given = Buffer.from(match[2]!);
    // Constant-time, so response timing does not reveal how much of a guessed signature was right.
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { status: 'invalid' };
    if (expires * 1000 <= this.now()) return { status: 'expired' };
    const bytes = await this.files.get(row.id);
    return bytes ? { status: 'ok', row, bytes } : { status: 'invalid' };
  }

  /** Removes uploads left unsent for a day (rows and files); returns how many went. */
  async purgeUnsent(): Promise<number> {
    const cutoff = this.now() - UNSENT_TTL_MS;
    const stale = await this.db
      .selectFrom('attachments')
      .select('id')
      .where('sent_at', 'is', null)
      .where('created_at', '<', cutoff)
      .limit(1000)
      .execute();
    let purged = 0;
    for (const { id } of stale) {
      // Conditional: an upload sent meanwhile keeps its row, and then its file.
      const res = await this.db
        .deleteFrom('attachments')
        .where('id', '=', id)
        .where('sent_at', 'is', null)
        .executeTakeFirst();
      if (Number(res.numDeletedRows) !== 1) continue;
      await this.files.delete(id);
      purged++;
    }
    return purged;
  }

  /** Purges now and then every `everyMs` (see startPeriodicPass); the stop function waits for a pass under way. */
  startPurging(everyMs: number, onError: (error: unknown) => void): () => Promise<void> {
    return startPeriodicPass(everyMs, () => this.purgeUnsent(), onError);
  }

  private async checkQuota(uploadedBy: string, adding: number): Promise<void> {
    const used = await this.db
      .selectFrom('attachments')
      .select(sql<string | number | null>`sum(size)`.as('bytes'))
      .where('uploaded_by', '=', uploadedBy)
      .where('created_at', '>', this.now() - HOUR)
      .executeTakeFirst();
    const bytes = Number(used?.bytes ?? 0);
    const limit = this.limits.quotaBytesPerHour;
    if (bytes + adding > limit) {
      const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
      throw new DomainError(
        'rate_limited',
        `Upload limit reached: each user may upload ${mb(limit)} MB per hour and you have uploaded ${mb(bytes)} MB ` +
          'in the last hour; try again later',
        'dataBase64',
      );
    }
  }

  private async write(
    bytes: Buffer,
    name: string,
    mimeType: string,
    uploadedBy: string,
    sent?: { db: Executor; interactionId: string },
  ): Promise<Selectable<AttachmentsTable>> {
    const id = monotonicId(this.now());
    // In the row's transaction when there is one, so a store in the database never keeps bytes nobody points at.
    await this.files.put(id, bytes, sent?.db);
    const row = {
      id,
      name: cleanName(name),
      mime_type: mimeType,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      token: randomBytes(24).toString('base64url'),
      uploaded_by: uploadedBy,
      created_at: this.now(),
      sent_at: sent ? this.now() : null,
      interaction_id: sent?.interactionId ?? null,
    };
    await (sent?.db ?? this.db).insertInto('attachments').values(row).execute();
    return row;
  }
}

function alreadySent(id: string): DomainError {
  return new DomainError(
    'not_allowed_now',
    `Attachment ${id} was already sent; upload the file again to send it again`,
    'attachmentIds',
  );
}

function linkMac(row: Pick<AttachmentsTable, 'id' | 'token'>, expires: number): string {
  return createHmac('sha256', row.token).update(`${row.id}.${expires}`).digest('base64url');
}

/** File names become one path segment of printable characters. */
function cleanName(name: string): string {
  const clean = [...name.replace(/[/\\]/g, '_')]
    .filter((c) => c.charCodeAt(0) > 0x1f && c !== '\u007f')
    .join('')
    .slice(0, 200);
  return clean === '' ? 'file' : clean;
}

/** A customer's declared type, kept only when it looks like one (it is echoed as Content-Type). */
function cleanMimeType(mimeType: string): string {
  const m = mimeType.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/.test(m) ? m : 'application/octet-stream';
}

/** Types a browser may show inline from our origin; anything else is served as a download (no stored XSS). */
export function inlineSafe(mimeType: string): boolean {
  return (
    (mimeType.startsWith('image/') && mimeType !== 'image/svg+xml') ||
    mimeType.startsWith('audio/') ||
    mimeType.startsWith('video/') ||
    mimeType === 'application/pdf' ||
    mimeType === 'text/plain'
  );
}

// The first bytes of the formats we accept, so a renamed executable cannot travel as "image/png".
const MAGIC: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/gif': (b) => b.subarray(0, 4).toString('latin1') === 'GIF8',
  'image/webp': (b) =>
    b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'audio/ogg': (b) => b.subarray(0, 4).toString('latin1') === 'OggS',
  'video/mp4': (b) => b.subarray(4, 8).toString('latin1') === 'ftyp',
};

function signatureMatches(mimeType: string, bytes: Buffer): boolean {
  const check = MAGIC[mimeType];
  return check ? check(bytes) : true;
}
