import type { Kysely } from 'kysely';

// Frozen in time: Kysely<any>, no imports of live types.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  // A supervisor scoped to every campaign, including ones created later: a flag rather than a list, so a
  // new campaign needs no row per such supervisor. 0 for every existing user keeps their listed scope.
  await db.schema
    .alterTable('users')
    .addColumn('all_campaigns', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
