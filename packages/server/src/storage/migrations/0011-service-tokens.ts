import type { Kysely } from 'kysely';

// Frozen in time: Kysely<any>, no imports of live types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Named API tokens for server-to-server callers (phone systems, CRMs). Only the SHA-256 of each token is
 * kept, unique, so a call is authenticated by one indexed lookup; revoking keeps the row for the list and
 * the audit trail. Phone presence itself needs nothing new: agent_presence.on_call exists since 0002.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('service_tokens')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(120)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('scopes_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
