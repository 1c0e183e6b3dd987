import type { Kysely } from 'kysely';

// Frozen in time: Kysely<any>, no imports of live types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * A pending transfer to an agent gets real columns instead of `transfer_json`, so an agent's incoming
 * transfers are an indexed lookup rather than a LIKE over JSON text. Existing pending transfers are copied
 * over and `transfer_json` is cleared (the column stays, unused, so older backups still load).
 *
 * `taken_over_at`: set while a supervisor holds the interaction after a take-over (the holder is
 * `owner_agent_id`); a restarted router rebuilds the taken-over state from it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('interactions').addColumn('transfer_from_agent_id', 'varchar(64)').execute();
  await db.schema.alterTable('interactions').addColumn('transfer_to_agent_id', 'varchar(64)').execute();
  await db.schema.alterTable('interactions').addColumn('transfer_requested_at', 'bigint').execute();
  await db.schema.alterTable('interactions').addColumn('transfer_deadline', 'bigint').execute();
  await db.schema.alterTable('interactions').addColumn('taken_over_at', 'bigint').execute();
  await db.schema.createIndex('interactions_transfer_to').on('interactions').column('transfer_to_agent_id').execute();

  const pending = await db
    .selectFrom('interactions')
    .select(['id', 'transfer_json', 'owner_agent_id'])
    .where('transfer_json', 'is not', null)
    .execute();
  for (const row of pending as { id: string; transfer_json: string; owner_agent_id: string | null }[]) {
    let record: { fromAgentId?: unknown; toAgentId?: unknown; deadline?: unknown } = {};
    try {
      record = JSON.parse(row.transfer_json) as typeof record;
    } catch {
      record = {};
    }
    const to = typeof record.toAgentId === 'string' ? record.toAgentId : null;
    const from = typeof record.fromAgentId === 'string' ? record.fromAgentId : row.owner_agent_id;
    await db
      .updateTable('interactions')
      .set({
        transfer_from_agent_id: to ? from : null,
        transfer_to_agent_id: to,
        transfer_deadline: to && typeof record.deadline === 'number' ? record.deadline : null,
        transfer_json: null,
      })
      .where('id', '=', row.id)
      .execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
