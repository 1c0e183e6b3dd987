import { CampaignCounters, SatisfactionLedger, type CounterEvent, type WaitThresholds } from '@switchboard/core';
import {
  SATISFACTION_RECENT_HOURS,
  type AgentStatusName,
  type Campaign,
  type CampaignMonitor,
  type CampaignMonitorDetail,
} from '@switchboard/protocol';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { CampaignService } from '../admin/campaign-service';
import { answeredSince } from '../conversations/survey/survey-repository';
import { notFound } from '../errors';
import type { DomainBus } from '../events/domain-events';
import type { RouterService } from '../routing/router-service';
import type { Tables } from '../storage/schema';
import { rebuildFromDatabase } from './monitor-rebuild';
import { campaignRow, detailOf, type MonitorContext } from './monitor-snapshot';
import { InteractionTracker } from './monitor-tracker';

export interface CampaignMonitorDeps {
  db: Kysely<Tables>;
  bus: DomainBus;
  router: RouterService;
  campaigns: CampaignService;
  logger?: Logger;
  now?: () => number;
}

export interface Presence {
  status: AgentStatusName;
  reason: string | null;
  since: number;
  /** on a telephone call (phone-system presence), independent of the status */
  onCall: boolean;
}

interface CampaignFigures {
  counters: CampaignCounters;
  thresholds: WaitThresholds;
}

/**
 * Live campaign monitoring (docs/adr/0006-monitoring-and-search.md). Figures are kept incrementally: each bus event
 * becomes at most a few counter updates (O(1)), read back per quarter-hour bucket. A refresh reads the
 * counters and the router's in-memory views; it never queries interactions, except by key for the few
 * rows a detail view lists. The database is read in bulk once, at start, to rebuild today's counters.
 */
export class CampaignMonitorService {
  private readonly now: () => number;
  private readonly figures = new Map<string, CampaignFigures>();
  private readonly campaignsById = new Map<string, Campaign>();
  private readonly members = new Map<string, string[]>();
  private readonly names = new Map<string, string>();
  private readonly presence = new Map<string, Presence>();
  private readonly tracker: InteractionTracker;
  private readonly satisfaction = new SatisfactionLedger();
  private readonly unsubscribe: (() => void)[] = [];
  // Events are applied one at a time, in the order the bus delivered them, even when one needs a read.
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: CampaignMonitorDeps) {
    this.now = deps.now ?? Date.now;
    this.tracker = new InteractionTracker(
      (campaignId, event) => this.record(campaignId, event),
      (id) => this.timeZoneOf(id),
    );
  }

  async start(): Promise<void> {
    const { bus } = this.deps;
    // Subscribe first: whatever happens during the rebuild waits in the queue behind it.
    this.unsubscribe.push(
      // enqueue logs a failed step itself, so the bus handlers need not wait for it.
      bus.on('interaction.arrived', (e) => {
        // One no campaign takes is counted by its refusal (interaction.closed), in no campaign.
        const campaignId = e.campaignId;
        if (campaignId !== null)
          void this.enqueue(() => this.tracker.arrived(e.interactionId, campaignId, e.enteredAt));
      }),
      // Before the update that makes the supervisor the owner, so that it counts as neither a transfer nor a
      // second answer — on every node, whichever one took the request.
      bus.on('interaction.taken_over', (e) => {
        void this.enqueue(() => this.tracker.takenOver(e.interactionId, e.byUserId));
      }),
      bus.on('interaction.updated', (e) => {
        void this.enqueue(() => this.updated(e.interactionId, e.campaignId, e.status, e.ownerAgentId));
      }),
      bus.on('interaction.closed', (e) => {
        void this.enqueue(() => this.tracker.closed(e.interactionId, e.campaignId, e.reason, this.now()));
      }),
      bus.on('agent.status', (e) =>
        this.presence.set(e.agentId, {
          status: e.status,
          reason: e.reason,
          since: e.since,
          onCall: this.presence.get(e.agentId)?.onCall ?? false,
        }),
      ),
      bus.on('agent.phone', (e) =>
        this.presence.set(e.agentId, {
          ...(this.presence.get(e.agentId) ?? { status: 'offline', reason: null, since: e.at }),
          onCall: e.onCall,
        }),
      ),
      bus.on('survey.answered', (e) => this.satisfaction.add({ ...e }, this.now())),
      bus.on('configuration.changed', (e) => {
        void this.enqueue(() => this.reload(e.campaignIds));
      }),
    );
    await this.enqueue(async () => {
      for (const campaign of await this.deps.campaigns.list()) this.campaignsById.set(campaign.id, campaign);
      await this.loadPeople();
      await this.loadSatisfaction();
      const { interactions } = await rebuildFromDatabase(
        this.deps.db,
        this.tracker,
        (id, event) => this.record(id, event),
        this.now(),
      );
      this.deps.logger?.info(
        { campaigns: this.campaignsById.size, interactions },
        'monitoring rebuilt from the database',
      );
    });
  }

  stop(): void {
    for (const u of this.unsubscribe.splice(0)) u();
  }

  /** Resolves once every event received so far has been applied (tests, benchmarks). */
  settled(): Promise<void> {
    return this.tail.then(() => undefined);
  }

  /** The campaign rows a viewer may see: `scope` undefined = all (administrators). */
  list(scope?: readonly string[]): CampaignMonitor[] {
    const now = this.now();
    const rows: CampaignMonitor[] = [];
    for (const campaign of this.campaignsById.values()) {
      if (scope && !scope.includes(campaign.id)) continue;
      rows.push(campaignRow(this.context(campaign), now));
    }
    return rows.sort((a, b) => a.name.localeCompare(b.name));
  }

  async detail(campaignId: string, scope?: readonly string[]): Promise<CampaignMonitorDetail> {
    const campaign = this.campaignsById.get(campaignId);
    // Out of scope looks the same as missing, so ids cannot be probed.
    if (!campaign || (scope && !scope.includes(campaignId))) throw notFound('Campaign', campaignId);
    return detailOf(this.deps.db, this.context(campaign), this.now());
  }

  /** The answers of the last two days: what "today" and "last hours" can need, in any time zone. */
  private async loadSatisfaction(): Promise<void> {
    const now = this.now();
    for (const r of await answeredSince(this.deps.db, now - 48 * 3600_000)) {
      if (r.score === null || r.answered_at === null) continue;
      this.satisfaction.add(
        {
          interactionId: r.interaction_id,
          campaignId: r.campaign_id,
          agentId: r.agent_id,
          score: r.score,
          at: r.answered_at,
        },
        now,
      );
    }
  }

  private context(campaign: Campaign): MonitorContext {
    const timeZone = this.timeZoneOf(campaign.id);
    return {
      satisfaction: (agentId) =>
        this.satisfaction.figures(campaign.id, timeZone, this.now(), SATISFACTION_RECENT_HOURS, agentId),
      campaign,
      figures: this.figuresOf(campaign),
      timeZone: this.timeZoneOf(campaign.id),
      router: this.deps.router,
      tracker: this.tracker,
      members: this.members.get(campaign.id) ?? [],
      nameOf: (id) => this.names.get(id) ?? id,
      presenceOf: (id) => this.presence.get(id) ?? { status: 'offline', reason: null, since: 0, onCall: false },
    };
  }

  private enqueue(step: () => void | Promise<void>): Promise<void> {
    const run = this.tail.then(step);
    this.tail = run.catch((error: unknown) => this.deps.logger?.error({ err: error }, 'monitoring event failed'));
    return run;
  }

  private async updated(
    id: string,
    campaignId: string | null,
    status: string,
    ownerAgentId: string | null,
  ): Promise<void> {
    if (!campaignId) return;
    let item = this.tracker.get(id);
    if (!item || (status === 'active' && item.takenAt === null)) {
      // The event does not say when it was taken (or the interaction predates this process): read it by key.
      const row = await this.deps.db
        .selectFrom('interactions')
        .select(['entered_at', 'created_at', 'taken_at', 'status'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return;
      if (!item) {
        if (row.status === 'closed') return;
        this.tracker.adopt({
          id,
          campaignId,
          enteredAt: row.entered_at ?? row.created_at,
          takenAt: null,
          ownerAgentId: null,
        });
        item = this.tracker.get(id);
      }
      // Even if it closed meanwhile (its close event is queued behind this one), it was answered: count it.
      if (status === 'active')
        return this.tracker.active(id, campaignId, ownerAgentId, row.taken_at ?? this.now(), this.now());
    }
    if (status === 'active') this.tracker.active(id, campaignId, ownerAgentId, item?.takenAt ?? this.now(), this.now());
    else if (status === 'waiting') this.tracker.waiting(id, campaignId, this.now());
  }

  private async reload(campaignIds: string[]): Promise<void> {
    for (const id of campaignIds) {
      const campaign = await this.deps.campaigns.get(id).catch(() => undefined);
      if (!campaign) {
        this.campaignsById.delete(id);
        this.figures.delete(id);
        continue;
      }
      this.campaignsById.set(id, campaign);
      this.figuresOf(campaign);
    }
    await this.loadPeople(campaignIds);
  }

  /** Members, their names and presence: bounded by the number of agents, read at start and on configuration changes. */
  private async loadPeople(campaignIds?: string[]): Promise<void> {
    const { db } = this.deps;
    let query = db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.agent_id')
      .select(['members.campaign_id', 'members.agent_id', 'users.display_name'])
      .orderBy('members.position');
    if (campaignIds) query = query.where('members.campaign_id', 'in', campaignIds.length ? campaignIds : ['']);
    const rows = await query.execute();
    for (const id of campaignIds ?? []) this.members.set(id, []);
    if (!campaignIds) this.members.clear();
    for (const r of rows) {
      this.members.set(r.campaign_id, [...(this.members.get(r.campaign_id) ?? []), r.agent_id]);
      this.names.set(r.agent_id, r.display_name);
    }
    const agentIds = [...new Set(rows.map((r) => r.agent_id))].filter((id) => !this.presence.has(id));
    if (agentIds.length === 0) return;
    const presence = await db
      .selectFrom('agent_presence')
      .select(['agent_id', 'status', 'reason', 'since', 'on_call'])
      .where('agent_id', 'in', agentIds)
      .execute();
    for (const p of presence)
      this.presence.set(p.agent_id, {
        status: p.status,
        reason: p.reason,
        since: p.since,
        onCall: p.on_call === 1,
      });
  }

  /** Counts one event for a campaign directly (the rebuild's path; benchmarks feed volumes through it). */
  record(campaignId: string, event: CounterEvent): void {
    const campaign = this.campaignsById.get(campaignId);
    if (campaign) this.figuresOf(campaign).record(event);
  }

  /** The campaign's counters, re-counted when its SL thresholds changed (O(events kept), only then). */
  private figuresOf(campaign: Campaign): CampaignCounters {
    const wanted: WaitThresholds = {
      serviceLevel: campaign.thresholds.serviceLevel,
      shortAbandon: campaign.thresholds.shortAbandon,
    };
    const entry = this.figures.get(campaign.id);
    if (!entry) {
      const counters = new CampaignCounters({ thresholds: wanted });
      this.figures.set(campaign.id, { counters, thresholds: wanted });
      return counters;
    }
    if (
      entry.thresholds.serviceLevel !== wanted.serviceLevel ||
      entry.thresholds.shortAbandon !== wanted.shortAbandon
    ) {
      entry.counters.setThresholds(wanted);
      entry.thresholds = wanted;
    }
    return entry.counters;
  }

  /** "Today" is the campaign's day in its schedule's time zone; a campaign without a schedule uses UTC. */
  private timeZoneOf(campaignId: string): string {
    return this.campaignsById.get(campaignId)?.schedule?.timezone ?? 'UTC';
  }
}
