import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, type Attachment, type UploadBody } from '@switchboard/protocol';
import type { Kysely, Selectable } from 'kysely';
import { DomainError, notFound } from '../../errors';
import { monotonicId } from '../../ids';
import type { AttachmentsTable, Tables } from '../../storage/schema';

const ALLOWED = new Set<string>(ATTACHMENT_TYPES);

/** Files agents send. Type and size are checked against the declared type AND the bytes' signature. */
export class AttachmentStore {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly dir: string,
    private readonly publicUrl: () => string,
    private readonly now: () => number = Date.now,
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
    const id = monotonicId(this.now());
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, id), bytes, { flag: 'wx' });
    const row = {
      id,
      name: input.name.replace(/[/\\]/g, '_'),
      mime_type: input.mimeType,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      token: randomBytes(24).toString('base64url'),
      uploaded_by: uploadedBy,
      created_at: this.now(),
    };
    await this.db.insertInto('attachments').values(row).execute();
    return this.view(row);
  }

  async get(id: string): Promise<Selectable<AttachmentsTable>> {
    const row = await this.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Attachment', id);
    return row;
  }

  async read(id: string): Promise<{ row: Selectable<AttachmentsTable>; bytes: Buffer }> {
    const row = await this.get(id);
    return { row, bytes: await readFile(join(this.dir, row.id)) };
  }

  view(row: Selectable<AttachmentsTable>): Attachment {
    return { id: row.id, url: `/api/attachments/${row.id}`, mimeType: row.mime_type, name: row.name, size: row.size };
  }

  /** The URL the provider fetches the file from: no session, an unguessable token instead. */
  publicLink(row: Selectable<AttachmentsTable>): string {
    return `${this.publicUrl()}/media/${row.id}/${row.token}`;
  }
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
