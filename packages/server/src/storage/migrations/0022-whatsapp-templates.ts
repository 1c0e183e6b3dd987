import type { Kysely } from 'kysely';

// Frozen in time: Kysely<any>, no imports of live types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * providers.waba_id: the WhatsApp Business Account a Cloud provider's templates are read from (null: none).
 * providers.templates_synced_at: when they were last read, so the hourly sync knows what is due.
 * whatsapp_templates: the business account's templates as last read, one row per name and language; a sync
 * replaces a provider's rows in one transaction, so a reader sees the old set or the new one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('providers').addColumn('waba_id', 'varchar(40)').execute();
  await db.schema.alterTable('providers').addColumn('templates_synced_at', 'bigint').execute();
  await db.schema
    .createTable('whatsapp_templates')
    .addColumn('provider_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'varchar(512)', (c) => c.notNull())
    .addColumn('language', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(32)', (c) => c.notNull())
    .addColumn('category', 'varchar(32)', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('param_count', 'integer', (c) => c.notNull())
    .addColumn('synced_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('whatsapp_templates_pk', ['provider_id', 'name', 'language'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
