import type { CustomerMessageEvent, InboundEvent } from '@switchboard/protocol';
import type { Executor, InteractionRow } from '../conversation-store';
import { notClosed } from '../interaction-repository';

/**
 * A webhook that is one customer text message: by far the most common one, and the only one the ingest applies
 * together with its neighbours (`WebhookIngest.applyMessages`). Reactions (which look up the quoted message)
 * and attachments (files, media downloads) keep the one-at-a-time path.
 */
export interface PlainMessage {
  providerId: string;
  event: CustomerMessageEvent;
}

export function plainMessage(providerId: string, events: InboundEvent[]): PlainMessage | undefined {
  if (events.length !== 1) return undefined;
  const event = events[0]!;
  if (event.kind !== 'message' || event.reaction || (event.attachments && event.attachments.length > 0))
    return undefined;
  return { providerId, event };
}

export function conversationOf(m: PlainMessage): string {
  return `${m.providerId}\u0000${m.event.externalConversationId}`;
}

/**
 * The open interaction of each message's conversation, by `conversationOf`, with one query per provider
 * (a batch normally has one) instead of one per message. Same condition as
 * `ConversationStore.findOpenByConversation`, so the same partial index serves it.
 */
export async function openInteractions(db: Executor, batch: PlainMessage[]): Promise<Map<string, InteractionRow>> {
  const byProvider = new Map<string, Set<string>>();
  for (const m of batch) {
    const ids = byProvider.get(m.providerId) ?? new Set<string>();
    ids.add(m.event.externalConversationId);
    byProvider.set(m.providerId, ids);
  }
  const open = new Map<string, InteractionRow>();
  for (const [providerId, ids] of byProvider) {
    const rows = await db
      .selectFrom('interactions')
      .selectAll()
      .where('provider_id', '=', providerId)
      .where('external_conversation_id', 'in', [...ids])
      .where('status', '<>', notClosed)
      .execute();
    for (const row of rows) open.set(`${providerId}\u0000${row.external_conversation_id}`, row);
  }
  return open;
}
