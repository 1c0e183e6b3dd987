import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from './database';
import type { Tables } from './schema';

/**
 * Where the bytes of attachments live, by the attachment's id (a monotonic id, safe as a file name). Rows
 * about the files stay in the `attachments` table; this is only the bytes.
 */
export interface FileStore {
  /**
   * Stores new bytes under `id` (never overwrites). `within`: the transaction of the row that describes them,
   * for a store that lives in the database, so the two commit or roll back together.
   */
  put(id: string, bytes: Buffer, within?: Kysely<Tables>): Promise<void>;
  /** The bytes, or null when nothing is stored under `id`. */
  get(id: string): Promise<Buffer | null>;
  /** Removes the bytes; a missing id is not an error (a purge may run twice). */
  delete(id: string): Promise<void>;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** One file per id in a directory: one process (SQLite), or a directory every node mounts. */
export class DiskFileStore implements FileStore {
  constructor(private readonly dir: string) {}

  async put(id: string, bytes: Buffer): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, id), bytes, { flag: 'wx' });
  }

  async get(id: string): Promise<Buffer | null> {
    try {
      return await readFile(join(this.dir, id));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(id: string): Promise<void> {
    await unlink(join(this.dir, id)).catch((error: unknown) => {
      if (!isMissing(error)) throw error;
    });
  }
}

/**
 * Bytes in the `attachment_blobs` table: every node that shares the database reads what any node stored, with
 * nothing else to set up or back up. Files written to disk before the switch (an installation that ran one
 * process on PostgreSQL) are still read from `previous`, and deleted from both.
 */
export class DatabaseFileStore implements FileStore {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly previous?: FileStore,
  ) {}

  async put(id: string, bytes: Buffer, within?: Kysely<Tables>): Promise<void> {
    await (within ?? this.db).insertInto('attachment_blobs').values({ id, bytes }).execute();
  }

  async get(id: string): Promise<Buffer | null> {
    const row = await this.db.selectFrom('attachment_blobs').select('bytes').where('id', '=', id).executeTakeFirst();
    if (row) return Buffer.from(row.bytes);
    return (await this.previous?.get(id)) ?? null;
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('attachment_blobs').where('id', '=', id).execute();
    await this.previous?.delete(id);
  }
}

/**
 * PostgreSQL keeps the bytes in the database, so a file uploaded through one node downloads through another;
 * SQLite (one process) keeps them as files beside the database, as it always has.
 */
export function fileStoreFor(database: Pick<Database, 'db' | 'dialect'>, dir: string): FileStore {
  const disk = new DiskFileStore(dir);
  return database.dialect === 'postgres' ? new DatabaseFileStore(database.db, disk) : disk;
}
