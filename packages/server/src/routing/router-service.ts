import {
  isOpen,
  mulberry32,
  nextTransition,
  RoutingEngine,
  type Decision,
  type RoutingEvent,
  type Rng,
} from '@switchboard/core';
import type { Campaign } from '@switchboard/protocol';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { CampaignService } from '../admin/campaign-service';
import type { DomainBus } from '../events/domain-events';
import type { Metrics } from '../metrics/metrics';
import type { DialectName } from '../storage/database';
import type { Tables } from '../storage/schema';
import { DecisionWriter, type DecisionAudit } from './decision-writer';
import type { RouterPorts } from './router-ports';
import {
  agentSnapshotOf,
  interactionSnapshotOf,
  loadMembers,
  loadRoutingSnapshot,
  routingOf,
} from './routing-snapshot';

export interface RouterServiceDeps {
  db: Kysely<Tables>;
  dialect: DialectName;
  bus: DomainBus;
  campaigns: CampaignService;
  ports: RouterPorts;
  logger: Logger;
  now?: () => number;
  rng?: Rng;
  /** Injected so tests can drive time; defaults to setTimeout. */
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
  /** Decisions by type and decision latency. */
  metrics?: Pick<Metrics, 'routingDecisions' | 'routingSeconds'>;
}

const MAX_RESYNC_ROUNDS = 5;

/**
 * The router service (architecture §2): the pure engine in memory, one event at a time, each decision
 * persisted with conditional writes before anyone hears of it. Event-driven: bus events and agent actions
 * come in; one timer is armed at the engine's next deadline. Nothing polls.
 */
export class RouterService {
  private engine: RoutingEngine;
  private readonly campaignCache = new Map<string, Campaign>();
  private readonly writer: DecisionWriter;
  private tail: Promise<unknown> = Promise.resolve();
  private timer: { cancel(): void } | null = null;
  private timerAt: number | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  /** One timer per scheduled campaign, at its next open/close transition (D5: closing clears the queue). */
  private readonly scheduleTimers = new Map<string, { cancel(): void }>();
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly deps: RouterServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.engine = this.newEngine();
    this.writer = new DecisionWriter(deps.db, deps.dialect, deps.ports, (id) => this.campaignCache.get(id));
  }

  private newEngine(): RoutingEngine {
    return new RoutingEngine({ rng: this.deps.rng ?? mulberry32(Date.now() >>> 0), isOpen: this.isOpen });
  }

  private readonly isOpen = (campaignId: string, now: number): boolean => {
    const campaign = this.campaignCache.get(campaignId);
    return campaign ? isOpen(campaign.schedule, now) : false;
  };

  /** Rebuilds from the database, subscribes to the bus, and routes whatever was left waiting. */
  async start(): Promise<void> {
    const campaigns = await this.deps.campaigns.list();
    for (const c of campaigns) this.campaignCache.set(c.id, c);
    for (const c of campaigns) this.armSchedule(c);
    const snapshot = await loadRoutingSnapshot(this.deps.db, campaigns);
    this.engine = RoutingEngine.restore(
      snapshot,
      { rng: this.deps.rng ?? mulberry32(Date.now() >>> 0), isOpen: this.isOpen },
      this.now(),
    );
    const { bus } = this.deps;
    this.unsubscribe.push(
      bus.on(
        'interaction.arrived',
        (e) =>
          void this.submit({
            type: 'interaction_arrived',
            interactionId: e.interactionId,
            campaignId: e.campaignId,
            enteredAt: e.enteredAt,
          }),
      ),
      bus.on('customer.left', (e) => void this.submit({ type: 'customer_left', interactionId: e.interactionId })),
      bus.on('configuration.changed', (e) => void this.reloadCampaigns(e.campaignIds)),
    );
    await this.submit({ type: 'tick' });
    this.deps.logger.info(
      { campaigns: campaigns.length, interactions: snapshot.interactions.length, agents: snapshot.agents.length },
      'router rebuilt from the database',
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const u of this.unsubscribe) u();
    this.timer?.cancel();
    for (const t of this.scheduleTimers.values()) t.cancel();
    await this.tail.catch(() => undefined);
  }

  /**
   * Applies one event (serialised with every other) and resolves with the decisions that took effect. `audit`
   * writes the record of the user's action in the transaction of the decisions the event caused.
   */
  submit(event: RoutingEvent, audit?: DecisionAudit): Promise<Decision[]> {
    const run = this.tail.then(() => this.process(event, audit));
    this.tail = run.catch((error: unknown) =>
      this.deps.logger.error({ err: error, event: event.type }, 'routing event failed'),
    );
    return run;
  }

  get views(): Pick<
    RoutingEngine,
    'agentView' | 'interaction' | 'campaignQueue' | 'waitingVisibleTo' | 'waitingCount'
  > {
    return this.engine;
  }

  campaign(id: string): Campaign | undefined {
    return this.campaignCache.get(id);
  }

  /** The campaigns the router routes for (the queue gauges read them at scrape time). */
  campaigns(): Campaign[] {
    return [...this.campaignCache.values()];
  }

  private async process(event: RoutingEvent, audit?: DecisionAudit): Promise<Decision[]> {
    if (this.stopped) return [];
    const started = performance.now();
    const effective = await this.decide(event, audit);
    const metrics = this.deps.metrics;
    // Events that decided nothing (most timer ticks) would only dilute the latency of those that did.
    if (metrics && effective.length > 0) {
      metrics.routingSeconds.observe((performance.now() - started) / 1000);
      for (const d of effective) metrics.routingDecisions.inc({ type: d.type });
    }
    return effective;
  }

  private async decide(event: RoutingEvent, audit?: DecisionAudit): Promise<Decision[]> {
    const now = this.now();
    let decisions = this.engine.apply(event, now);
    const effective: Decision[] = [];
    for (let round = 0; decisions.length > 0; round++) {
      let outcome;
      try {
        outcome = await this.writer.persist(decisions, now, round === 0 ? audit : undefined);
      } catch (error) {
        // Nothing of this round reached the database, but the engine already believes it: take the database's
        // word again before the next event.
        await this.rebuild();
        throw error;
      }
      effective.push(...outcome.persisted);
      if (outcome.outboxTouched) this.deps.ports.outboxChanged();
      this.announce(outcome.persisted);
      if (outcome.conflicts.size === 0) break;
      if (round >= MAX_RESYNC_ROUNDS) {
        this.deps.logger.error(
          { conflicts: [...outcome.conflicts] },
          'router kept losing conditional writes; rebuilding',
        );
        await this.rebuild();
        break;
      }
      // Database truth wins: replace what the engine believed about each loser, then persist what follows.
      for (const d of decisions)
        if (isTake(d) && outcome.conflicts.has(d.interactionId)) effective.push(alreadyTaken(d));
      decisions = [];
      for (const id of outcome.conflicts) decisions.push(...(await this.resync(id, now)));
    }
    this.armTimer();
    return effective;
  }

  private async resync(interactionId: string, now: number): Promise<Decision[]> {
    const row = await this.deps.db
      .selectFrom('interactions')
      .selectAll()
      .where('id', '=', interactionId)
      .executeTakeFirst();
    const offer = row?.campaign_id ? (this.campaignCache.get(row.campaign_id)?.offerTimeout?.seconds ?? null) : null;
    const snap = row ? interactionSnapshotOf(row, offer) : null;
    const out = this.engine.apply(
      { type: 'interaction_resynced', interaction: snap ?? { id: interactionId, state: 'closed' } },
      now,
    );
    if (row?.owner_agent_id) {
      const presence = await this.deps.db
        .selectFrom('agent_presence')
        .selectAll()
        .where('agent_id', '=', row.owner_agent_id)
        .executeTakeFirst();
      if (presence) out.push(...this.engine.apply({ type: 'agent_resynced', agent: agentSnapshotOf(presence) }, now));
    }
    return out;
  }

  private async rebuild(): Promise<void> {
    const campaigns = [...this.campaignCache.values()];
    const snapshot = await loadRoutingSnapshot(this.deps.db, campaigns);
    this.engine = RoutingEngine.restore(
      snapshot,
      { rng: this.deps.rng ?? mulberry32(Date.now() >>> 0), isOpen: this.isOpen },
      this.now(),
    );
  }

  private async reloadCampaigns(ids: string[]): Promise<void> {
    const members = await loadMembers(this.deps.db, ids);
    for (const id of ids) {
      let campaign: Campaign | undefined;
      try {
        campaign = await this.deps.campaigns.get(id);
      } catch {
        campaign = undefined;
      }
      if (!campaign) {
        this.campaignCache.delete(id);
        this.scheduleTimers.get(id)?.cancel();
        await this.submit({ type: 'campaign_removed', campaignId: id });
        continue;
      }
      this.campaignCache.set(id, campaign);
      this.armSchedule(campaign);
      await this.ensureAgents((members.get(id) ?? []).map((m) => m.agent_id));
      await this.submit({ type: 'campaign_upserted', campaign: routingOf(campaign, members.get(id) ?? []) });
    }
  }

  /** New members may never have had presence in this router: feed their stored status first. */
  private async ensureAgents(agentIds: string[]): Promise<void> {
    const unknown = agentIds.filter((id) => !this.engine.agentView(id));
    if (unknown.length === 0) return;
    const rows = await this.deps.db.selectFrom('agent_presence').selectAll().where('agent_id', 'in', unknown).execute();
    for (const row of rows) await this.submit({ type: 'agent_resynced', agent: agentSnapshotOf(row) });
  }

  private announce(decisions: Decision[]): void {
    const { bus } = this.deps;
    for (const d of decisions) {
      switch (d.type) {
        case 'assigned':
        case 'taken':
        case 'offer_accepted':
          bus.emit('interaction.updated', {
            interactionId: d.interactionId,
            campaignId: d.campaignId,
            status: 'active',
            ownerAgentId: d.agentId,
          });
          break;
        case 'offered':
          bus.emit('interaction.updated', {
            interactionId: d.interactionId,
            campaignId: d.campaignId,
            status: 'offered',
            ownerAgentId: d.agentId,
          });
          break;
        case 'offer_declined':
        case 'offer_expired':
        case 'offer_withdrawn':
        case 'queued':
          bus.emit('interaction.updated', {
            interactionId: d.interactionId,
            campaignId: d.campaignId,
            status: 'waiting',
            ownerAgentId: null,
          });
          break;
        case 'transferred_to_campaign':
          bus.emit('interaction.updated', {
            interactionId: d.interactionId,
            campaignId: d.toCampaignId,
            status: 'waiting',
            ownerAgentId: null,
          });
          break;
        case 'transfer_requested':
        case 'transfer_accepted':
        case 'transfer_returned': {
          const view = this.engine.interaction(d.interactionId);
          bus.emit('interaction.updated', {
            interactionId: d.interactionId,
            campaignId: view?.campaignId ?? null,
            status: 'active',
            ownerAgentId: view?.agentId ?? null,
          });
          break;
        }
        case 'rejected_queue_full':
          bus.emit('interaction.closed', {
            interactionId: d.interactionId,
            campaignId: d.campaignId,
            reason: 'queue_full',
            ownerAgentId: null,
          });
          break;
        case 'arrival_rejected':
          if (d.reason !== 'duplicate')
            bus.emit('interaction.closed', {
              interactionId: d.interactionId,
              campaignId: d.campaignId,
              reason: d.reason,
              ownerAgentId: null,
            });
          break;
        case 'closed':
          if (d.reason !== 'agent' && d.reason !== 'customer_left') {
            bus.emit('interaction.closed', {
              interactionId: d.interactionId,
              campaignId: d.campaignId,
              reason: d.reason,
              ownerAgentId: d.agentId,
            });
          }
          break;
        case 'agent_auto_paused':
          bus.emit('agent.status', {
            agentId: d.agentId,
            status: 'paused',
            reason: 'Missed offers',
            since: this.now(),
          });
          break;
        case 'wrapup_started':
          bus.emit('agent.status', { agentId: d.agentId, status: 'wrapup', reason: null, since: this.now() });
          break;
        case 'wrapup_ended':
          bus.emit('agent.status', { agentId: d.agentId, status: 'available', reason: null, since: this.now() });
          break;
        default:
          break;
      }
    }
  }

  private setTimer(fn: () => void, ms: number): { cancel(): void } {
    if (this.deps.setTimer) return this.deps.setTimer(fn, ms);
    // setTimeout holds at most ~24.8 days; a later transition is re-armed when the nearer timer fires.
    const t = setTimeout(fn, Math.min(ms, 2 ** 31 - 1));
    t.unref();
    return { cancel: () => clearTimeout(t) };
  }

  private armSchedule(campaign: Campaign): void {
    this.scheduleTimers.get(campaign.id)?.cancel();
    this.scheduleTimers.delete(campaign.id);
    if (this.stopped || !campaign.schedule) return;
    const next = nextTransition(campaign.schedule, this.now());
    if (!next) return;
    this.scheduleTimers.set(
      campaign.id,
      this.setTimer(
        () => {
          const current = this.campaignCache.get(campaign.id);
          if (!current) return;
          if (!isOpen(current.schedule, this.now()))
            void this.submit({ type: 'schedule_closed', campaignId: current.id });
          this.armSchedule(current);
        },
        Math.max(0, next.at - this.now()),
      ),
    );
  }

  private armTimer(): void {
    if (this.stopped) return;
    const at = this.engine.nextDeadline();
    if (at === this.timerAt) return;
    this.timer?.cancel();
    this.timer = null;
    this.timerAt = at;
    if (at === null) return;
    this.timer = this.setTimer(
      () => {
        this.timerAt = null;
        void this.submit({ type: 'tick' });
      },
      Math.max(0, at - this.now()),
    );
  }
}

function isTake(d: Decision): d is Extract<Decision, { type: 'taken' }> {
  return d.type === 'taken';
}

function alreadyTaken(d: Extract<Decision, { type: 'taken' }>): Decision {
  return {
    type: 'take_rejected',
    interactionId: d.interactionId,
    agentId: d.agentId,
    reason: 'already_taken',
    detail: 'another agent took it first',
  };
}
