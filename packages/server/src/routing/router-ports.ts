import type { SurveyRequest } from '../conversations/survey/survey-repository';
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
  /**
   * The holder's own close (an agent, or the supervisor after a take-over), with the disposition if any; the
   * conversation is handed back to the provider. False when it is no longer active with that holder.
   */
  closeByHolder(
    trx: Transaction<Tables>,
    interactionId: string,
    holderId: string,
    disposition: unknown,
    now: number,
    /** The campaign's satisfaction question and language, when it asks one. */
    survey?: SurveyRequest,
  ): Promise<boolean>;
  /**
   * The customer left (the provider knows, so no hand-back is sent); `abandoned` when nobody had attended them.
   * False when it was closed already.
   */
  closeLeft(trx: Transaction<Tables>, interactionId: string, abandoned: boolean, now: number): Promise<boolean>;
  enqueueAttended(trx: Transaction<Tables>, interactionId: string, agentId: string, now: number): Promise<void>;
  recordTimeline(trx: Transaction<Tables>, entry: TimelineEntry): Promise<void>;
  /**
   * Sends the customer a queue-position notice through the outbox, only while the interaction is still
   * waiting; false (nothing sent) once it was offered, assigned or closed.
   */
  sendQueueNotice(trx: Transaction<Tables>, interactionId: string, text: string): Promise<boolean>;
  /** Called after a commit that enqueued outbound work. */
  outboxChanged(): void;
}
