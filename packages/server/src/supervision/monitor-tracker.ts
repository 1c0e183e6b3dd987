import { countToday, readToday, type CounterEvent, type DailyCount, type RejectReason } from '@switchboard/core';

/** What the monitor remembers of one open interaction: enough to turn the next bus event into counts. */
export interface OpenInteraction {
  id: string;
  campaignId: string;
  /** Queue entry, kept across transfers. */
  enteredAt: number;
  takenAt: number | null;
  ownerAgentId: string | null;
}

/** Close reasons that refuse an interaction rather than serve or lose it. */
const REJECTED: Readonly<Record<string, RejectReason>> = {
  queue_full: 'queue_full',
  out_of_schedule: 'out_of_schedule',
  unrouted: 'unrouted',
  campaign_disabled: 'unrouted',
  unknown_campaign: 'unrouted',
};
/** A customer who leaves, or a queue timeout, before being taken is an abandon. */
const ABANDONED = new Set(['customer_left', 'queue_timeout']);

/**
 * Turns the lifecycle of each interaction (arrived, taken, moved, closed) into counter events, once each.
 * Pure bookkeeping, no I/O: the service feeds it facts read from bus events (and rows read by key), the
 * start-up rebuild feeds it facts read from recent rows. Memory is bounded by the open interactions.
 */
export class InteractionTracker {
  private readonly open = new Map<string, OpenInteraction>();
  private readonly activeByCampaign = new Map<string, Set<string>>();
  /** "attended today" per campaign and agent, each restarting with the campaign's local day. */
  private readonly attended = new Map<string, DailyCount>();

  constructor(
    private readonly record: (campaignId: string, event: CounterEvent) => void,
    private readonly timeZoneOf: (campaignId: string) => string,
  ) {}

  get(id: string): OpenInteraction | undefined {
    return this.open.get(id);
  }

  /** An open interaction learnt from the database: remembered, nothing counted. */
  adopt(item: OpenInteraction): void {
    this.open.set(item.id, { ...item });
    if (item.takenAt !== null) this.activate(item);
  }

  arrived(id: string, campaignId: string, enteredAt: number): void {
    if (this.open.has(id)) return;
    this.open.set(id, { id, campaignId, enteredAt, takenAt: null, ownerAgentId: null });
    this.record(campaignId, { type: 'arrived', at: enteredAt });
  }

  /** Back in a queue: an offer declined or expired, or a transfer to another campaign. */
  waiting(id: string, campaignId: string, at: number): void {
    const item = this.open.get(id);
    if (!item) return;
    if (item.campaignId !== campaignId) return this.movedToCampaign(item, campaignId, at);
    if (item.takenAt === null) item.ownerAgentId = null;
  }

  /** Active with `ownerAgentId`: the first time, an answer; after that, a transfer to another agent. */
  active(id: string, campaignId: string, ownerAgentId: string | null, takenAt: number, at: number): void {
    const item = this.open.get(id);
    if (!item) return;
    if (item.campaignId !== campaignId) this.movedToCampaign(item, campaignId, at);
    if (item.takenAt === null) {
      item.takenAt = takenAt;
      item.ownerAgentId = ownerAgentId;
      this.activate(item);
      this.record(item.campaignId, { type: 'answered', at: takenAt, waitMs: Math.max(0, takenAt - item.enteredAt) });
      if (ownerAgentId) this.countAttended(item.campaignId, ownerAgentId, takenAt);
      return;
    }
    if (ownerAgentId && ownerAgentId !== item.ownerAgentId) {
      item.ownerAgentId = ownerAgentId;
      this.record(item.campaignId, { type: 'transferred', at });
      this.countAttended(item.campaignId, ownerAgentId, at);
    }
  }

  /** A supervisor took the conversation over: a new owner, but neither a transfer nor a new answer. */
  takenOver(id: string, supervisorId: string): void {
    const item = this.open.get(id);
    if (item) item.ownerAgentId = supervisorId;
  }

  /** `campaignId` is the event's: a refusal at the door was never seen arriving. */
  closed(id: string, campaignId: string | null, reason: string, at: number): void {
    const item = this.open.get(id);
    const rejected = REJECTED[reason];
    if (!item) {
      if (campaignId && rejected) {
        this.record(campaignId, { type: 'arrived', at });
        this.record(campaignId, { type: 'rejected', at, reason: rejected });
      }
      return;
    }
    this.open.delete(id);
    this.activeByCampaign.get(item.campaignId)?.delete(id);
    if (item.takenAt !== null)
      this.record(item.campaignId, { type: 'closed', at, handleMs: Math.max(0, at - item.takenAt) });
    else if (rejected) this.record(item.campaignId, { type: 'rejected', at, reason: rejected });
    else if (ABANDONED.has(reason))
      this.record(item.campaignId, { type: 'abandoned', at, waitMs: Math.max(0, at - item.enteredAt) });
  }

  /** Active interactions of a campaign (O(active in that campaign)). */
  activeIn(campaignId: string): OpenInteraction[] {
    const ids = this.activeByCampaign.get(campaignId);
    if (!ids) return [];
    const out: OpenInteraction[] = [];
    for (const id of ids) {
      const item = this.open.get(id);
      if (item) out.push(item);
    }
    return out;
  }

  activeCount(campaignId: string): number {
    return this.activeByCampaign.get(campaignId)?.size ?? 0;
  }

  attendedToday(campaignId: string, agentId: string, now: number): number {
    return readToday(this.attended.get(`${campaignId}\u0000${agentId}`) ?? null, now);
  }

  private movedToCampaign(item: OpenInteraction, campaignId: string, at: number): void {
    this.activeByCampaign.get(item.campaignId)?.delete(item.id);
    this.record(item.campaignId, { type: 'transferred', at });
    item.campaignId = campaignId;
    item.takenAt = null;
    item.ownerAgentId = null;
    // The new campaign sees it arrive; its wait still counts from the first entry.
    this.record(campaignId, { type: 'arrived', at });
  }

  private activate(item: OpenInteraction): void {
    let set = this.activeByCampaign.get(item.campaignId);
    if (!set) this.activeByCampaign.set(item.campaignId, (set = new Set()));
    set.add(item.id);
  }

  private countAttended(campaignId: string, agentId: string, at: number): void {
    const key = `${campaignId}\u0000${agentId}`;
    const current = this.attended.get(key) ?? null;
    // The rebuild replays rows roughly in order; an answer from an earlier day must not restart today's count.
    if (current && at < current.startsAt) return;
    this.attended.set(key, countToday(current, at, this.timeZoneOf(campaignId)));
  }
}
