import type { Kysely } from 'kysely';

// Frozen in time: Kysely<any>, no imports of live types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * messages.status_at: when the provider says the current delivery status happened (epoch ms), so a status
 * that arrives late but is older never moves a message back (a `failed` older than `delivered`). Null for
 * statuses we set ourselves.
 * providers.messages_per_second: the per-number send budget of a WhatsApp Cloud provider; null = default.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('status_at', 'bigint').execute();
  await db.schema.alterTable('providers').addColumn('messages_per_second', 'integer').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
