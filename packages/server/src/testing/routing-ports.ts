// Test support: RouterPorts over the real database, recording what would go out to the provider.
import type { Transaction } from 'kysely';
import { closeOpen } from '../conversations/interaction-repository';
import { monotonicId } from '../ids';
import type { Tables } from '../storage/schema';
import type { RouterPorts, TimelineEntry } from '../routing/router-ports';

export class RecordingPorts implements RouterPorts {
  readonly attended: { interactionId: string; agentId: string }[] = [];
  readonly closed: { interactionId: string; reason: string; text: string | undefined }[] = [];
  readonly timeline: TimelineEntry[] = [];
  readonly queueNotices: { interactionId: string; text: string }[] = [];

  async closeWithReason(
    trx: Transaction<Tables>,
    interactionId: string,
    reason: string,
    text: string | undefined,
    now: number,
  ): Promise<void> {
    await closeOpen(trx, interactionId, { reason, at: now });
    this.closed.push({ interactionId, reason, text });
  }

  async closeLeft(trx: Transaction<Tables>, interactionId: string, _abandoned: boolean, now: number): Promise<boolean> {
    const closed = await closeOpen(trx, interactionId, { reason: 'customer_left', at: now });
    if (closed) this.closed.push({ interactionId, reason: 'customer_left', text: undefined });
    return closed;
  }

  async closeByHolder(
    trx: Transaction<Tables>,
    interactionId: string,
    holderId: string,
    disposition: unknown,
    now: number,
  ): Promise<boolean> {
    const closed = await closeOpen(trx, interactionId, {
      reason: 'agent',
      at: now,
      owner: holderId,
      dispositionJson: disposition ? JSON.stringify(disposition) : null,
    });
    if (closed) this.closed.push({ interactionId, reason: 'agent', text: undefined });
    return closed;
  }

  async enqueueAttended(_trx: Transaction<Tables>, interactionId: string, agentId: string): Promise<void> {
    this.attended.push({ interactionId, agentId });
  }

  async recordTimeline(trx: Transaction<Tables>, entry: TimelineEntry): Promise<void> {
    this.timeline.push(entry);
    await trx
      .insertInto('interaction_events')
      .values({
        id: monotonicId(entry.at),
        interaction_id: entry.interactionId,
        at: entry.at,
        type: entry.type,
        campaign_id: entry.campaignId ?? null,
        agent_id: entry.agentId ?? null,
        detail_json: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      })
      .execute();
  }

  async sendQueueNotice(trx: Transaction<Tables>, interactionId: string, text: string): Promise<boolean> {
    const row = await trx
      .selectFrom('interactions')
      .select('id')
      .where('id', '=', interactionId)
      .where('status', '=', 'waiting')
      .executeTakeFirst();
    if (!row) return false;
    this.queueNotices.push({ interactionId, text });
    return true;
  }

  outboxChanged(): void {}
}
