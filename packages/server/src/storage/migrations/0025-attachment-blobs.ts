import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen in time: Kysely<any>, no imports of live types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * attachment_blobs: the bytes of attachments, by attachment id, for installations on PostgreSQL, so that every
 * node sharing the database serves every file. Created on SQLite too (as a blob) so the schema is the same
 * everywhere, though SQLite keeps its files on disk by default.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('attachment_blobs')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('bytes', postgres ? 'bytea' : 'blob', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
