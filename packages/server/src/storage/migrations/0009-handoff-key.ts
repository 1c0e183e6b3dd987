import type { Kysely } from 'kysely';

// Frozen in time: Kysely<any>, no imports of live types.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  // What names the hand-off that opened an interaction (the provider's message id, or a hash of the event
  // when it has none): a redelivered hand-off must not open a second interaction, even after the first
  // one closed. NULL for older rows; NULLs never collide.
  await db.schema.alterTable('interactions').addColumn('handoff_key', 'varchar(256)').execute();
  await db.schema
    .createIndex('interactions_handoff_key')
    .on('interactions')
    .columns(['provider_id', 'handoff_key'])
    .unique()
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
