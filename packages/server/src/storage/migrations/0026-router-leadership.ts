import type { Kysely } from 'kysely';

// Frozen in time: Kysely<any>, no imports of live types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * router_leadership: one row. With several nodes the router runs where a PostgreSQL advisory lock is held;
 * taking the lead increments `epoch`, and every routing transaction checks that its epoch is still the current
 * one (fencing). `renewed_at_ms` is the leader's lease, renewed by the database's own clock, so a standby can
 * tell a paused leader from a live one. Unused on one node.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('router_leadership')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('epoch', 'bigint', (c) => c.notNull())
    .addColumn('leader_node', 'text')
    .addColumn('renewed_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('router_leadership').values({ id: 1, epoch: 0, leader_node: null, renewed_at_ms: 0 }).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
