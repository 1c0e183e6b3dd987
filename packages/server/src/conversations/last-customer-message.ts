import type { Kysely } from 'kysely';
import type { Tables } from '../storage/schema';

/**
 * When the customer last wrote in each interaction: the newest stored message they authored. WhatsApp's 24 h
 * customer-service window counts from it. It is read from `messages`, not kept on the interaction, so storing a
 * customer message writes one row and nothing else: keeping a copy on `interactions` cost an UPDATE and one
 * more database page in every ingest transaction (docs/performance.md, "sixth pass"). The `messages_interaction`
 * index (interaction, time) serves the read. Interactions without a customer message are left out.
 */
export async function lastCustomerMessageTimes(
  db: Kysely<Tables>,
  interactionIds: readonly string[],
): Promise<Map<string, number>> {
  const ids = [...new Set(interactionIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('messages')
    .select(['interaction_id', (eb) => eb.fn.max('created_at').as('at')])
    .where('interaction_id', 'in', ids)
    .where('author', '=', 'customer')
    .groupBy('interaction_id')
    .execute();
  return new Map(rows.map((r) => [r.interaction_id, Number(r.at)]));
}

/** The same for one interaction: null when the customer has not written in it. */
export async function lastCustomerMessageAt(db: Kysely<Tables>, interactionId: string): Promise<number | null> {
  return (await lastCustomerMessageTimes(db, [interactionId])).get(interactionId) ?? null;
}
