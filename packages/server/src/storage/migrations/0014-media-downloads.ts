import type { Kysely } from 'kysely';

// Frozen in time: Kysely<any>, no imports of live types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Inbound media to download (WhatsApp Cloud media ids): one durable row per attachment of a stored message,
 * written in that message's transaction, so a restart resumes what was not downloaded. The worker leases a
 * row through next_attempt_at like the provider outbox. (message_id, position) is unique: a message is
 * queued once however often its webhook is redelivered.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('media_downloads')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('message_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('interaction_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('provider_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('media_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('mime_type', 'varchar(130)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'varchar(300)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('media_downloads_message_position', ['message_id', 'position'])
    .execute();
  await db.schema
    .createIndex('media_downloads_due')
    .on('media_downloads')
    .columns(['status', 'next_attempt_at'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
