import type { Kysely } from 'kysely';

// Frozen in time: Kysely<any>, no imports of live types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * One satisfaction question per closed interaction, in its own table (the interactions table has one writer).
 * state: awaiting (sent, no answer yet) → answered | expired | skipped (the customer wrote something else).
 * hold_end: the provider's endConversation waits for the answer (HeyNow's bot would take the reply otherwise).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('satisfaction_surveys')
    .addColumn('interaction_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('provider_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('external_conversation_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('campaign_id', 'varchar(64)')
    .addColumn('agent_id', 'varchar(64)')
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('hold_end', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('score', 'integer')
    .addColumn('answered_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('satisfaction_surveys_conversation')
    .on('satisfaction_surveys')
    .columns(['provider_id', 'external_conversation_id', 'state'])
    .execute();
  await db.schema
    .createIndex('satisfaction_surveys_due')
    .on('satisfaction_surveys')
    .columns(['state', 'expires_at'])
    .execute();
  await db.schema
    .createIndex('satisfaction_surveys_answered')
    .on('satisfaction_surveys')
    .columns(['answered_at'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
