import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  // Who may read a file follows the interaction it travelled in, and an upload may be sent once: `sent_at`
  // and `interaction_id` are set together when the file leaves in (or arrives with) a message. Rows still
  // unsent after a day are purged. SQLite adds one column per statement.
  await db.schema.alterTable('attachments').addColumn('sent_at', 'bigint').execute();
  await db.schema.alterTable('attachments').addColumn('interaction_id', 'varchar(64)').execute();
  // The per-user hourly quota sums an uploader's recent files; the purge looks for old unsent ones.
  await db.schema
    .createIndex('attachments_uploader')
    .on('attachments')
    .columns(['uploaded_by', 'created_at'])
    .execute();
  await db.schema.createIndex('attachments_unsent').on('attachments').columns(['sent_at', 'created_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
