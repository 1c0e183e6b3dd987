import {
  estimateWait,
  queueNoticeDue,
  queueStats,
  renderQueueMessage,
  type AgentView,
  type QueueEntryView,
  type QueueNotice,
  type QueueStats,
} from '@switchboard/core';
import type { Campaign } from '@switchboard/protocol';
import type { Kysely } from 'kysely';
import type { Tables } from '../storage/schema';

/** How far back the arrival rate and the average handling time are measured. */
export const QUEUE_STATS_WINDOW_MS = 60 * 60 * 1000;

export interface QueueNoticeDeps {
  db: Kysely<Tables>;
  now: () => number;
  setTimer: (fn: () => void, ms: number) => { cancel(): void };
  /** The router's views of its queues and agents, read inside the router's command queue. */
  queue: (campaignId: string) => QueueEntryView[];
  agent: (agentId: string) => AgentView | undefined;
  /** Sends the text to the customer if the interaction is still waiting; resolves whether it was enqueued. */
  send: (interactionId: string, text: string) => Promise<boolean>;
  /** Asks the router to run `review(campaignId)` in its command queue. */
  due: (campaignId: string) => void;
}

/**
 * Tells waiting customers their place in the queue and the estimated wait (campaign.queueUpdates). Runs
 * inside the router's command queue, so nothing can be assigned between reading a position and sending it:
 * the router calls `review` for each campaign whose queue a command touched, and this arms one timer per
 * campaign at the earliest moment a notice may fall due with no queue change (an interval, or a step held
 * back by the one-minute floor). Nothing scans the waiting interactions on a clock.
 *
 * What was last said to each interaction lives in memory: after a restart every waiting customer is told
 * once more, at the next change of their queue.
 */
export class QueueNotices {
  private readonly last = new Map<string, QueueNotice & { campaignId: string }>();
  private readonly timers = new Map<string, { at: number; cancel(): void }>();

  constructor(private readonly deps: QueueNoticeDeps) {}

  /** The interaction is gone for good: forget it. */
  forget(interactionId: string): void {
    this.last.delete(interactionId);
  }

  stop(): void {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
  }

  async review(campaign: Campaign | undefined, campaignId: string): Promise<boolean> {
    if (!campaign?.queueUpdates?.enabled) {
      // The common case, on the hot path of every arrival: no queue view is built for a campaign that is off.
      // Kept with their time, so switching the campaign off and on cannot send twice within the minute.
      for (const [id, n] of this.last)
        if (n.campaignId === campaignId && n.position !== Number.POSITIVE_INFINITY)
          this.last.set(id, { ...n, position: Number.POSITIVE_INFINITY });
      this.arm(campaignId, null);
      return false;
    }
    const queue = this.deps.queue(campaignId);
    const now = this.deps.now();
    const waiting = new Set(queue.map((e) => e.interactionId));
    for (const [id, notice] of this.last) {
      // Left this queue (offered, assigned, moved): the next queuing counts as a first notice, after the minute.
      if (notice.campaignId === campaignId && !waiting.has(id) && notice.position !== Number.POSITIVE_INFINITY)
        this.last.set(id, { ...notice, position: Number.POSITIVE_INFINITY });
    }
    const settings = campaign?.queueUpdates;
    if (!campaign || !settings?.enabled || queue.length === 0) {
      this.arm(campaignId, null);
      return false;
    }
    let stats: QueueStats | null = null;
    let recheck: number | null = null;
    let sent = false;
    for (const entry of queue) {
      const previous = this.last.get(entry.interactionId) ?? null;
      const decision = queueNoticeDue(settings, previous, { position: entry.position, at: now });
      if (decision.send) {
        stats ??= await this.stats(campaign, now);
        const text = renderQueueMessage(
          settings.template,
          entry.position,
          estimateWait(stats, entry.position),
          campaign.language,
        );
        if (await this.deps.send(entry.interactionId, text)) {
          sent = true;
          this.last.set(entry.interactionId, { position: entry.position, at: now, campaignId });
        }
      }
      if (decision.recheckAt !== null && (recheck === null || decision.recheckAt < recheck))
        recheck = decision.recheckAt;
    }
    this.arm(campaignId, recheck);
    return sent;
  }

  private arm(campaignId: string, at: number | null): void {
    const current = this.timers.get(campaignId);
    if (current && current.at === at) return;
    current?.cancel();
    this.timers.delete(campaignId);
    if (at === null) return;
    const timer = this.deps.setTimer(
      () => {
        this.timers.delete(campaignId);
        this.deps.due(campaignId);
      },
      Math.max(0, at - this.deps.now()),
    );
    this.timers.set(campaignId, { at, cancel: () => timer.cancel() });
  }

  /** λ over the window, AHT of the closes in the window (taken → closed), serving agents × the per-agent cap. */
  private async stats(campaign: Campaign, now: number): Promise<QueueStats> {
    const since = now - QUEUE_STATS_WINDOW_MS;
    const { db } = this.deps;
    const arrivals = await db
      .selectFrom('interactions')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('campaign_id', '=', campaign.id)
      .where('entered_at', '>=', since)
      .executeTakeFirst();
    const closes = await db
      .selectFrom('interactions')
      .select(['taken_at', 'closed_at'])
      .where('campaign_id', '=', campaign.id)
      .where('closed_at', '>=', since)
      .where('taken_at', 'is not', null)
      .execute();
    const members = await db.selectFrom('members').select('agent_id').where('campaign_id', '=', campaign.id).execute();
    const serving = members.filter((m) => {
      const status = this.deps.agent(m.agent_id)?.status;
      return status === 'available' || status === 'wrapup';
    }).length;
    return queueStats({
      arrivals: Number(arrivals?.n ?? 0),
      windowSeconds: QUEUE_STATS_WINDOW_MS / 1000,
      handlingSeconds: closes.map((c) => (Number(c.closed_at) - Number(c.taken_at)) / 1000),
      agentsServing: serving,
      perAgentCap: campaign.maxInteractionsPerAgent,
    });
  }
}
