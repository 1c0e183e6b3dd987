import type { Transaction } from 'kysely';
import type { Tables } from '../storage/schema';

export interface TimelineEntry {
  interactionId: string;
  type: string;
  at: number;
  campaignId?: string | null;
  agentId?: string | null;
  detail?: unknown;
}

/**
 * What the router needs from the conversation store, as a port so routing's persistence stays small and
 * testable: closing an interaction with a customer-facing text (and the one endConversation), telling the
 * provider an agent attended, and writing the timeline.
 */
export interface RouterPorts {
  closeWithReason(
    trx: Transaction<Tables>,
    interactionId: string,
    reason: string,
    text: string | undefined,
    now: number,
  ): Promise<void>;
  enqueueAttended(trx: Transaction<Tables>, interactionId: string, agentId: string, now: number): Promise<void>;
  recordTimeline(trx: Transaction<Tables>, entry: TimelineEntry): Promise<void>;
  /** Called after a commit that enqueued outbound work. */
  outboxChanged(): void;
}
