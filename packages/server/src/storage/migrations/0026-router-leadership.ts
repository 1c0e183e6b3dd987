import type { Kysely } from 'kysely';

// Frozen in time: Kysely<any>, no imports of live types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * With several nodes the router runs where a PostgreSQL advisory lock is held (docs/adr/0012-several-nodes.md).
 * router_leadership: one row; taking the lead increments `epoch`, and every routing transaction reads it
 * `for share` and refuses to write when it is not its own (fencing). router_lease: one row, the leader's lease,
 * renewed by the database's clock so a standby can tell a paused leader from a live one. Two tables because a
 * renewal must not wait for the routing transaction that holds the epoch row shared. Unused on one node.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('router_leadership')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('epoch', 'bigint', (c) => c.notNull())
    .addColumn('leader_node', 'text')
    .execute();
  await db.insertInto('router_leadership').values({ id: 1, epoch: 0, leader_node: null }).execute();
  await db.schema
    .createTable('router_lease')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('epoch', 'bigint', (c) => c.notNull())
    .addColumn('renewed_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('router_lease').values({ id: 1, epoch: 0, renewed_at_ms: 0 }).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
