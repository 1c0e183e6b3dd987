import type { Kysely } from 'kysely';

// Frozen in time: Kysely<any>, no imports of live types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * `interactions.last_customer_message_at` goes: when the customer last wrote is read from `messages`
 * (conversations/last-customer-message.ts), which already holds every customer message with its time. Keeping
 * the copy cost an UPDATE of the interaction with every message stored. Nothing is lost: every value the column
 * held was the time of a customer message stored in the same transaction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('interactions').dropColumn('last_customer_message_at').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
