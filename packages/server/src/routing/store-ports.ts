import type { Transaction } from 'kysely';
import type { ConversationStore } from '../conversations/conversation-store';
import { claimAttendedSent } from '../conversations/interaction-repository';
import type { Tables } from '../storage/schema';
import type { RouterPorts, TimelineEntry } from './router-ports';

/** The router's ports over the conversation store: the production wiring. */
export function storePorts(store: ConversationStore, outboxChanged: () => void): RouterPorts {
  return {
    async closeWithReason(trx, interactionId, reason, text) {
      await store.closeInteraction(trx, interactionId, reason, text ? { text } : {});
    },
    async closeLeft(trx, interactionId, abandoned) {
      const result = await store.closeInteraction(trx, interactionId, 'customer_left', {
        handBack: false,
        detail: { abandoned },
      });
      return result.closed;
    },
    async closeByHolder(trx, interactionId, holderId, disposition, _now, survey) {
      const result = await store.closeInteraction(trx, interactionId, 'agent', {
        agentId: holderId,
        owner: holderId,
        ...(survey ? { survey } : {}),
        dispositionJson: disposition ? JSON.stringify(disposition) : null,
        ...(disposition ? { detail: { disposition } } : {}),
      });
      return result.closed;
    },
    async enqueueAttended(trx: Transaction<Tables>, interactionId: string, agentId: string) {
      // The provider hears "attended" once per interaction, however many agents it passes through.
      if (!(await claimAttendedSent(trx, interactionId))) return;
      const row = await trx
        .selectFrom('interactions')
        .select(['provider_id', 'external_conversation_id'])
        .where('id', '=', interactionId)
        .executeTakeFirst();
      const agent = await trx.selectFrom('users').select('display_name').where('id', '=', agentId).executeTakeFirst();
      if (!row) return;
      await store.enqueueOutbound(trx, {
        interactionId,
        providerId: row.provider_id,
        command: {
          kind: 'attended',
          externalConversationId: row.external_conversation_id,
          agentName: agent?.display_name ?? 'An agent',
        },
      });
    },
    async recordTimeline(trx, entry: TimelineEntry) {
      await store.recordTimeline(trx, {
        interactionId: entry.interactionId,
        type: entry.type,
        campaignId: entry.campaignId ?? null,
        agentId: entry.agentId ?? null,
        detail: (entry.detail as Record<string, unknown> | undefined) ?? null,
      });
    },
    async sendQueueNotice(trx, interactionId, text) {
      const row = await trx
        .selectFrom('interactions')
        .select(['id', 'provider_id', 'external_conversation_id'])
        .where('id', '=', interactionId)
        .where('status', '=', 'waiting')
        .executeTakeFirst();
      if (!row) return false;
      await store.sendText(trx, row, text);
      return true;
    },
    outboxChanged,
  };
}
