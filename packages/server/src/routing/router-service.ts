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
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { CampaignService } from '../admin/campaign-service';
import type { DomainBus, DomainEvent } from '../events/domain-events';
import type { Metrics } from '../metrics/metrics';
import type { DialectName } from '../storage/database';
import type { Tables } from '../storage/schema';
import { auditTable, type AuditWriter } from '../supervision/audit-log';
import { DomainError } from '../errors';
import { DecisionWriter, type CommandContext, type DecisionAudit, type PersistOutcome } from './decision-writer';
import { QueueNotices } from './queue-notices';
import type { RouterPorts } from './router-ports';
import {
  agentSnapshotOf,
  interactionSnapshotOf,
  loadMembers,
  loadRoutingSnapshot,
  pendingInputs,
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
  /** Writes users' audit records in the transaction of the decisions they caused (default: the audit table). */
  audit?: AuditWriter;
  /** Several nodes: throws inside a decision transaction when this node no longer leads (see DecisionWriter). */
  fence?: (trx: Transaction<Tables>) => Promise<void>;
  /** Several nodes: where a follower sends commands (the leader's router); absent on one node. */
  remote?: RemoteRouter;
}

/** The leader's router as another node reaches it: the command and its options, the decisions back. */
export interface RemoteRouter {
  command(cmd: RouterCommand, options: CommandOptions): Promise<Decision[]>;
}

/** A follower's view of routing is read again from the database this long after the last event, at most. */
const FOLLOWER_REFRESH_MS = 100;

const MAX_RESYNC_ROUNDS = 5;

/** Queued engine commands written in one transaction at most (group commit). */
const MAX_GROUP = 32;

interface Queued {
  cmd: RouterCommand;
  options: CommandOptions;
  resolve: (decisions: Decision[]) => void;
  reject: (error: unknown) => void;
}

/** A command whose first decisions were already written in a transaction shared with others. */
interface Shared {
  decisions: Decision[];
  outcome: PersistOutcome;
  now: number;
  started: number;
}

/**
 * Everything that changes routing enters as one of these, through `command`: what services ask (take, close,
 * transfer, take-over…), what the bus reports (arrival, customer left, configuration changed) and what the
 * router's own timers fire (tick, schedule close). `configuration_changed` is the one that is not an engine
 * event: the router reads the changed campaigns and applies them in the same turn of the queue.
 */
export type RouterCommand =
  | RoutingEvent
  | { type: 'configuration_changed'; campaignIds: string[] }
  /** A campaign's queue-notice timer fired: some waiting customer may be due a notice. */
  | { type: 'queue_notices_due'; campaignId: string };

export interface CommandOptions {
  /** Writes the record of the user's action in the transaction of the decisions the command caused. */
  audit?: DecisionAudit;
  /** What the writer stores beyond the engine's decisions (a close's disposition). */
  context?: CommandContext;
}

/**
 * The router service: the pure engine in memory, one command at a time through one queue (`command`), each
 * decision persisted with conditional writes (and the user's audit record) in one transaction before anyone
 * hears of it. Event-driven: bus events, user actions and the router's timers all become commands; one
 * timer is armed at the engine's next deadline. Nothing polls.
 */
export class RouterService {
  private engine: RoutingEngine;
  private readonly campaignCache = new Map<string, Campaign>();
  private readonly writer: DecisionWriter;
  /** The command queue and the loop draining it (awaited when leaving a role). */
  private readonly queue: Queued[] = [];
  private tail: Promise<unknown> = Promise.resolve();
  private draining = false;
  private timer: { cancel(): void } | null = null;
  private timerAt: number | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  /** One timer per scheduled campaign, at its next open/close transition (closing clears the queue). */
  private readonly scheduleTimers = new Map<string, { cancel(): void }>();
  private stopped = false;
  /**
   * One node: always the leader. Several nodes: one leader routes; the others follow — they keep a read-only
   * engine rebuilt from the database after events (for inbox and monitoring views) and send commands to the
   * leader.
   */
  private role: 'leader' | 'follower' | 'idle' = 'idle';
  private followerRefresh: ReturnType<typeof setTimeout> | null = null;
  private roleChanges: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private readonly notices: QueueNotices;

  constructor(private readonly deps: RouterServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.notices = new QueueNotices({
      db: deps.db,
      now: this.now,
      setTimer: (fn, ms) => this.setTimer(fn, ms),
      queue: (id) => this.engine.campaignQueue(id),
      agent: (id) => this.engine.agentView(id),
      send: (interactionId, text) => this.sendQueueNotice(interactionId, text),
      due: (campaignId) => this.fire({ type: 'queue_notices_due', campaignId }),
    });
    this.engine = this.newEngine();
    this.writer = new DecisionWriter(
      deps.db,
      deps.dialect,
      deps.ports,
      (id) => this.campaignCache.get(id),
      () => this.campaignCache.values(),
      deps.audit ?? auditTable(this.now),
      deps.fence,
    );
  }

  private newEngine(): RoutingEngine {
    return new RoutingEngine({ rng: this.deps.rng ?? mulberry32(Date.now() >>> 0), isOpen: this.isOpen });
  }

  private readonly isOpen = (campaignId: string, now: number): boolean => {
    const campaign = this.campaignCache.get(campaignId);
    return campaign ? isOpen(campaign.schedule, now) : false;
  };

  /** Rebuilds from the database, subscribes to the bus, and routes whatever was left waiting. */
  start(): Promise<void> {
    return this.changeRole(() => this.lead());
  }

  /**
   * Role changes (lead, follow, stop) run one after the other: a node that loses the lead while it is still
   * rebuilding to lead must finish that first, or it would end up half leader, half follower.
   */
  private changeRole(change: () => Promise<void>): Promise<void> {
    const run = this.roleChanges.then(change);
    this.roleChanges = run.catch(() => undefined);
    return run;
  }

  private async lead(): Promise<void> {
    await this.leaveRole();
    this.stopped = false;
    this.role = 'leader';
    // Listen before reading anything: what is announced while the state is read is held until the engine is
    // rebuilt, then applied. An event the reads already saw is applied twice, which routing ignores (a repeated
    // arrival is refused as a duplicate, a campaign reloaded twice is the same campaign).
    const heard: DomainEvent[] = [];
    let hear = (event: DomainEvent): void => void heard.push(event);
    const stopHearing = this.deps.bus.onAny((event) => hear(event));
    this.unsubscribe.push(stopHearing);
    // A failed read fails the start; the listener must not go on holding events for an engine never rebuilt.
    const failed = (error: unknown): never => {
      stopHearing();
      throw error;
    };
    const campaigns = await this.deps.campaigns.list().catch(failed);
    for (const c of campaigns) this.campaignCache.set(c.id, c);
    for (const c of campaigns) this.armSchedule(c);
    const snapshot = await loadRoutingSnapshot(this.deps.db, campaigns).catch(failed);
    this.engine = RoutingEngine.restore(
      snapshot,
      { rng: this.deps.rng ?? mulberry32(Date.now() >>> 0), isOpen: this.isOpen },
      this.now(),
    );
    hear = (event) => this.fromBus(event);
    for (const event of heard.splice(0)) this.fromBus(event);
    const pending = await pendingInputs(this.deps.db);
    await this.command({ type: 'tick' });
    // Acknowledged by ingest before the last router stopped, but maybe never decided: decided now.
    for (const cmd of pending) await this.command(cmd);
    this.deps.logger.info(
      { campaigns: campaigns.length, interactions: snapshot.interactions.length, agents: snapshot.agents.length },
      'router rebuilt from the database',
    );
  }

  stop(): Promise<void> {
    return this.changeRole(() => this.leaveRole());
  }

  /**
   * Several nodes, while another node leads: reads campaigns and the routing state from the database, then again
   * shortly after each event, so views (inbox, monitoring) stay close to the leader's; decides nothing.
   */
  follow(): Promise<void> {
    return this.changeRole(() => this.becomeFollower());
  }

  private async becomeFollower(): Promise<void> {
    await this.leaveRole();
    this.role = 'follower';
    const campaigns = await this.deps.campaigns.list();
    this.campaignCache.clear();
    for (const c of campaigns) this.campaignCache.set(c.id, c);
    await this.rebuild();
    this.unsubscribe.push(
      this.deps.bus.onAny((event) => {
        if (event.type === 'configuration.changed') void this.reloadFollowed(event.payload.campaignIds);
        else this.refreshSoon();
      }),
    );
  }

  /** Whether this node's router decides (one node, or the elected leader of several). */
  get leading(): boolean {
    return this.role === 'leader';
  }

  /** Stops leading or following: timers, subscriptions and the command queue (whatever is queued is refused). */
  private async leaveRole(): Promise<void> {
    const was = this.role;
    this.role = 'idle';
    this.stopped = true;
    for (const u of this.unsubscribe.splice(0)) u();
    this.timer?.cancel();
    this.timer = null;
    this.timerAt = null;
    for (const t of this.scheduleTimers.values()) t.cancel();
    this.scheduleTimers.clear();
    if (this.followerRefresh) clearTimeout(this.followerRefresh);
    this.followerRefresh = null;
    if (was === 'leader') this.notices.stop();
    await this.tail.catch(() => undefined);
  }

  private refreshSoon(): void {
    if (this.followerRefresh || this.role !== 'follower') return;
    this.followerRefresh = setTimeout(() => {
      this.followerRefresh = null;
      if (this.role !== 'follower') return;
      this.rebuild('follower').catch((error: unknown) =>
        this.deps.logger.warn({ err: error }, 're-reading the routing state failed; will retry on the next event'),
      );
    }, FOLLOWER_REFRESH_MS);
    this.followerRefresh.unref();
  }

  private async reloadFollowed(ids: string[]): Promise<void> {
    for (const id of ids) {
      const campaign = await this.deps.campaigns.get(id).catch(() => undefined);
      if (campaign) this.campaignCache.set(id, campaign);
      else this.campaignCache.delete(id);
    }
    this.refreshSoon();
  }

  /**
   * The router's one input: applies a command (serialised with every other) and resolves with the decisions
   * that took effect, after they committed and were announced.
   */
  command(cmd: RouterCommand, options: CommandOptions = {}): Promise<Decision[]> {
    if (this.role !== 'leader') {
      if (this.role === 'follower' && this.deps.remote) return this.deps.remote.command(cmd, options);
      return Promise.reject(unavailable());
    }
    return new Promise<Decision[]>((resolve, reject) => {
      this.queue.push({ cmd, options, resolve, reject });
      if (this.draining) return;
      this.draining = true;
      this.tail = this.drain();
    });
  }

  /**
   * One turn at a time, in arrival order. Engine commands that queued up while a transaction ran are decided
   * one after the other in memory and written together (group commit): one fence and one commit instead of
   * one each, which is what kept a busy router from falling behind on PostgreSQL.
   */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.nextGroup();
        if (group.length === 1) await this.settle(group[0]!, () => this.process(group[0]!.cmd, group[0]!.options));
        else await this.processTogether(group);
      }
    } finally {
      this.draining = false;
    }
  }

  /** The next command, with the engine commands queued right behind it when it is one too. */
  private nextGroup(): Queued[] {
    let n = 1;
    if (groupable(this.queue[0]!.cmd))
      while (n < this.queue.length && n < MAX_GROUP && groupable(this.queue[n]!.cmd)) n++;
    return this.queue.splice(0, n);
  }

  private async settle(q: Queued, run: () => Promise<Decision[]>): Promise<void> {
    try {
      q.resolve(await run());
    } catch (error) {
      // Refusals while leadership changes hands are expected: the caller retries, or the next leader finds it.
      if (error instanceof DomainError && error.code === 'router_unavailable')
        this.deps.logger.debug({ event: q.cmd.type }, 'routing command refused while the router changed role');
      else this.deps.logger.error({ err: error, event: q.cmd.type }, 'routing command failed');
      q.reject(error);
    }
  }

  /**
   * Decides each command in turn, writes all their decisions in one transaction, then finishes each command
   * (conflicts, announcements, queue notices) and answers it. If the shared transaction fails, nothing of it
   * was written: the engine takes the database's word again and each command is applied alone, so one bad
   * command fails only itself.
   */
  private async processTogether(group: Queued[]): Promise<void> {
    if (this.stopped) {
      for (const q of group) await this.settle(q, () => Promise.reject(unavailable()));
      return;
    }
    const started = performance.now();
    const now = this.now();
    const applied: { q: Queued; decisions: Decision[] }[] = [];
    for (const q of group) {
      try {
        applied.push({ q, decisions: this.engine.apply(q.cmd as RoutingEvent, now) });
      } catch (error) {
        await this.settle(q, () => Promise.reject(error));
      }
    }
    let outcomes: PersistOutcome[];
    try {
      outcomes = await this.writer.persistMany(
        applied.map(({ q, decisions }) => ({ decisions, ...q.options })),
        now,
      );
    } catch (error) {
      this.deps.logger.warn(
        { err: error, commands: applied.length },
        'shared routing transaction failed; applying its commands one by one',
      );
      try {
        await this.rebuild();
      } catch (rebuildError) {
        for (const { q } of applied) await this.settle(q, () => Promise.reject(rebuildError));
        return;
      }
      for (const { q } of applied) await this.settle(q, () => this.process(q.cmd, q.options));
      return;
    }
    for (const [i, { q, decisions }] of applied.entries())
      await this.settle(q, () => this.process(q.cmd, q.options, { decisions, outcome: outcomes[i]!, now, started }));
  }

  /** Bus events routing reacts to, turned into commands on the same queue as everything else. */
  private fromBus(event: DomainEvent): void {
    const cmd = commandOfBusEvent(event);
    if (cmd) this.fire(cmd);
  }

  /**
   * A command nobody awaits (bus input, timers, work found at a rebuild). `settle` has logged its failure; it
   * must not also become an unhandled rejection, which ends the process. One refused because the router left
   * its role stays in the database, where the next leader's rebuild finds it.
   */
  private fire(cmd: RouterCommand): void {
    this.command(cmd).catch(() => undefined);
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

  /** `shared`: the command's first decisions were already committed with other commands' (group commit). */
  private async process(cmd: RouterCommand, options: CommandOptions, shared?: Shared): Promise<Decision[]> {
    // Queued before this router stopped leading: the caller may retry and reach the new leader.
    if (this.stopped && !shared) throw unavailable();
    const started = shared?.started ?? performance.now();
    if (cmd.type === 'queue_notices_due') {
      await this.notices.review(this.campaignCache.get(cmd.campaignId), cmd.campaignId);
      return [];
    }
    const effective =
      cmd.type === 'configuration_changed'
        ? await this.reloadCampaigns(cmd.campaignIds)
        : await this.decide(cmd, options, shared);
    await this.reviewQueues(effective, cmd.type === 'configuration_changed' ? cmd.campaignIds : []);
    const metrics = this.deps.metrics;
    // Events that decided nothing (most timer ticks) would only dilute the latency of those that did.
    if (metrics && effective.length > 0) {
      metrics.routingSeconds.observe((performance.now() - started) / 1000);
      for (const d of effective) metrics.routingDecisions.inc({ type: d.type });
    }
    return effective;
  }

  private async decide(event: RoutingEvent, options: CommandOptions = {}, shared?: Shared): Promise<Decision[]> {
    const now = shared?.now ?? this.now();
    const effective = shared
      ? await this.persist(shared.decisions, now, options, shared.outcome)
      : await this.persist(this.engine.apply(event, now), now, options);
    const expected = CHECKED_AGAINST_THE_DATABASE[event.type];
    if (expected && 'interactionId' in event && !happened(effective, expected, event.interactionId)) {
      // The caller checked these against the database before sending them: if the engine refused, it may
      // believe something stale. Take the database's word for the interaction and try once more.
      await this.persist(await this.resync(event.interactionId, now), now, {});
      return this.persist(this.engine.apply(event, now), now, options);
    }
    return effective;
  }

  /**
   * Writes decisions (resyncing the losers of conditional writes from the database), then announces them.
   * `written`: the first round's outcome when it was already written in a shared transaction.
   */
  private async persist(
    first: Decision[],
    now: number,
    options: CommandOptions,
    written?: PersistOutcome,
  ): Promise<Decision[]> {
    const { audit, context } = options;
    let decisions = first;
    const effective: Decision[] = [];
    for (let round = 0; decisions.length > 0; round++) {
      let outcome;
      try {
        outcome =
          round === 0 && written
            ? written
            : await this.writer.persist(decisions, now, round === 0 ? audit : undefined, context);
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

  /**
   * Queue notices for every campaign whose queue the decisions touched, still inside this command's turn so
   * that no assignment can slip between reading a position and telling it. A failed notice is logged, never
   * undoes the routing that already committed.
   */
  private async reviewQueues(decisions: Decision[], changed: string[]): Promise<void> {
    const campaignIds = new Set(changed);
    for (const d of decisions) {
      if ('campaignId' in d && d.campaignId !== null) campaignIds.add(d.campaignId);
      if (d.type === 'transferred_to_campaign') campaignIds.add(d.fromCampaignId).add(d.toCampaignId);
      if (d.type === 'closed' || d.type === 'rejected_queue_full' || d.type === 'arrival_rejected')
        this.notices.forget(d.interactionId);
    }
    for (const id of campaignIds) {
      try {
        await this.notices.review(this.campaignCache.get(id), id);
      } catch (error) {
        this.deps.logger.error({ err: error, campaignId: id }, 'queue notices failed');
      }
    }
  }

  private async sendQueueNotice(interactionId: string, text: string): Promise<boolean> {
    const fence = this.deps.fence;
    const sent = await this.deps.db.transaction().execute(async (trx) => {
      await fence?.(trx);
      return this.deps.ports.sendQueueNotice(trx, interactionId, text);
    });
    if (sent) this.deps.ports.outboxChanged();
    return sent;
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

  /** `role`: replace the engine only if the router still has that role when the snapshot is read. */
  private async rebuild(role?: 'follower'): Promise<void> {
    const campaigns = [...this.campaignCache.values()];
    const snapshot = await loadRoutingSnapshot(this.deps.db, campaigns);
    // A follower's refresh that finishes after this node took the lead must not replace the leader's engine.
    if (role && this.role !== role) return;
    this.engine = RoutingEngine.restore(
      snapshot,
      { rng: this.deps.rng ?? mulberry32(Date.now() >>> 0), isOpen: this.isOpen },
      this.now(),
    );
    // Runs inside a command's turn: what the snapshot leaves out is decided in the turns after it (by the
    // leader only: a follower's view decides nothing).
    if (this.role !== 'leader') return;
    for (const cmd of await pendingInputs(this.deps.db)) this.fire(cmd);
  }

  /** Runs inside the queue: applies each changed campaign as engine events, one after the other. */
  private async reloadCampaigns(ids: string[]): Promise<Decision[]> {
    const out: Decision[] = [];
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
        out.push(...(await this.decide({ type: 'campaign_removed', campaignId: id })));
        continue;
      }
      this.campaignCache.set(id, campaign);
      this.armSchedule(campaign);
      out.push(...(await this.ensureAgents((members.get(id) ?? []).map((m) => m.agent_id))));
      out.push(
        ...(await this.decide({ type: 'campaign_upserted', campaign: routingOf(campaign, members.get(id) ?? []) })),
      );
    }
    return out;
  }

  /** New members may never have had presence in this router: feed their stored status first. */
  private async ensureAgents(agentIds: string[]): Promise<Decision[]> {
    const unknown = agentIds.filter((id) => !this.engine.agentView(id));
    if (unknown.length === 0) return [];
    const rows = await this.deps.db.selectFrom('agent_presence').selectAll().where('agent_id', 'in', unknown).execute();
    const out: Decision[] = [];
    for (const row of rows) out.push(...(await this.decide({ type: 'agent_resynced', agent: agentSnapshotOf(row) })));
    return out;
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
        case 'taken_over':
          // Announced by the intervention service, which tells monitoring first that this is not a transfer
          // (nor a second answer) and names the supervisor to the former agent.
          break;
        case 'takeover_released':
          bus.emit('interaction.updated', {
            interactionId: d.interactionId,
            campaignId: d.campaignId,
            status: d.toAgentId === null ? 'waiting' : 'active',
            ownerAgentId: d.toAgentId,
          });
          break;
        case 'supervisor_assigned':
          bus.emit('interaction.updated', {
            interactionId: d.interactionId,
            campaignId: d.campaignId,
            status: 'active',
            ownerAgentId: d.agentId,
          });
          break;
        case 'moved':
          bus.emit('interaction.updated', {
            interactionId: d.interactionId,
            campaignId: d.campaignId,
            status: 'active',
            ownerAgentId: d.toAgentId,
          });
          break;
        case 'closed':
          bus.emit('interaction.closed', {
            interactionId: d.interactionId,
            campaignId: d.campaignId,
            reason: d.reason,
            ownerAgentId: d.agentId,
          });
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
          if (!isOpen(current.schedule, this.now())) this.fire({ type: 'schedule_closed', campaignId: current.id });
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
        this.fire({ type: 'tick' });
      },
      Math.max(0, at - this.now()),
    );
  }
}

/** Engine events can share a transaction; a configuration reload or a queue-notice review runs alone. */
function groupable(cmd: RouterCommand): cmd is RoutingEvent {
  return cmd.type !== 'configuration_changed' && cmd.type !== 'queue_notices_due';
}

function unavailable(): DomainError {
  return new DomainError('router_unavailable', 'Routing is changing hands between servers; try again in a moment');
}

/** What the bus reports that routing must hear, as a command; null for everything else. */
export function commandOfBusEvent(event: DomainEvent): RouterCommand | null {
  switch (event.type) {
    case 'interaction.arrived': {
      const e = event.payload;
      return {
        type: 'interaction_arrived',
        interactionId: e.interactionId,
        campaignId: e.campaignId,
        enteredAt: e.enteredAt,
      };
    }
    case 'customer.left':
      return { type: 'customer_left', interactionId: event.payload.interactionId };
    case 'configuration.changed':
      return { type: 'configuration_changed', campaignIds: event.payload.campaignIds };
    default:
      return null;
  }
}

/**
 * Commands about an interaction the sender just read from the database (a holder's close, a supervisor's
 * take-over, release, assign, move, the customer leaving), with the decision that means it happened.
 */
const CHECKED_AGAINST_THE_DATABASE: Partial<Record<RoutingEvent['type'], Decision['type']>> = {
  interaction_closed: 'closed',
  // Ingest found it open when the provider said the customer left.
  customer_left: 'closed',
  interaction_taken_over: 'taken_over',
  takeover_released: 'takeover_released',
  supervisor_assigned: 'supervisor_assigned',
  interaction_moved: 'moved',
};

function happened(decisions: Decision[], type: Decision['type'], interactionId: string): boolean {
  return decisions.some((d) => d.type === type && 'interactionId' in d && d.interactionId === interactionId);
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
