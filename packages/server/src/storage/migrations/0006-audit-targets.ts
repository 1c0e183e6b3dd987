import type { Kysely } from 'kysely';

// Frozen in time: Kysely<any>, no imports of live types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Audit records name their target as it was when the change happened: its kind (provider, campaign, member,
 * user, interaction, settings) and its human name, so a later rename or delete still reads well. `target`
 * keeps the id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('target_kind', 'varchar(32)').execute();
  await db.schema.alterTable('audit_log').addColumn('target_name', 'varchar(300)').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
