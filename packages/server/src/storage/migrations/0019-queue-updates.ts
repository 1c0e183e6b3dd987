import type { Kysely } from 'kysely';

// Frozen in time: Kysely<any>, no imports of live types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * campaigns.queue_updates_json: what a waiting customer is told about their queue position and estimated
 * wait (enabled, template, step, interval). Null for existing campaigns, which reads as the defaults (off).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('campaigns').addColumn('queue_updates_json', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
