import type { Kysely } from 'kysely';
import type { Tables } from '../storage/schema';

/**
 * For tests of WhatsApp's 24 h window: moves every customer message of the interactions named (one, or all of a
 * provider's) to `at`, so the customer last wrote then. The window is read from the messages themselves
 * (conversations/last-customer-message.ts). Throws when nothing moved: a test whose customer never wrote would
 * otherwise pass for the wrong reason.
 */
export async function customerLastWrote(
  db: Kysely<Tables>,
  of: { interactionId: string } | { providerId: string },
  at: number,
): Promise<void> {
  const ids =
    'interactionId' in of
      ? [of.interactionId]
      : (await db.selectFrom('interactions').select('id').where('provider_id', '=', of.providerId).execute()).map(
          (r) => r.id,
        );
  if (ids.length === 0) throw new Error('customerLastWrote: no such interaction');
  const moved = await db
    .updateTable('messages')
    .set({ created_at: at })
    .where('interaction_id', 'in', ids)
    .where('author', '=', 'customer')
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) === 0) throw new Error('customerLastWrote: the customer has written nothing here');
}
