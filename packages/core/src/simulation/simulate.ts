import type { Decision } from '../routing/decisions';
import { RoutingEngine } from '../routing/engine';
import type { RoutingEvent } from '../routing/events';
import { MinHeap, type HeapEntry } from '../routing/heap';
import { deriveSeed, mulberry32 } from '../routing/rng';
import { isManual, type Rng } from '../routing/types';
import { exponential, handleTimeMs, nextArrival } from './distributions';
import type { Scenario, SimCampaign } from './scenario';

const HOUR_MS = 3_600_000;

export interface CampaignResult {
  id: string;
  arrivals: number;
  answered: number;
  answeredWithinServiceLevel: number;
  /** Customer left or queue timeout, excluding short abandons. */
  abandoned: number;
  abandonedWithinServiceLevel: number;
  shortAbandoned: number;
  queueFull: number;
  /** Still waiting when the simulated period ended (never answered nor abandoned). */
  unfinished: number;
  /** Service-level figures; null when the denominator is empty (shown as "—"). */
  serviceLevelPct: number | null;
  serviceLevelWithAbandonedPct: number | null;
  abandonRatePct: number | null;
  /** Waits of answered interactions, in seconds. */
  wait: { meanSeconds: number | null; p50Seconds: number | null; p90Seconds: number | null };
}

export interface AgentResult {
  id: string;
  handled: number;
  loggedInHours: number;
  /** Time holding at least one interaction while logged in, over time logged in. */
  occupancyPct: number | null;
}

export interface SimulationResult {
  name: string;
  seed: number;
  durationHours: number;
  campaigns: CampaignResult[];
  agents: AgentResult[];
}

type SimEventBody =
  | { kind: 'arrival'; campaign: number }
  | { kind: 'abandon'; id: string }
  | { kind: 'finish'; id: string }
  | { kind: 'shift'; agentId: string; online: boolean }
  | { kind: 'tick' };

type SimEvent = HeapEntry & SimEventBody;

interface Customer {
  campaign: number;
  enteredAt: number;
  handleMs: number;
  answered: boolean;
}

interface CampaignTally {
  arrivals: number;
  waitsMs: number[];
  withinSl: number;
  abandoned: number;
  abandonedWithinSl: number;
  shortAbandoned: number;
  queueFull: number;
}

interface AgentTally {
  online: boolean;
  held: number;
  since: number;
  loggedInMs: number;
  busyMs: number;
  handled: number;
}

/**
 * Runs the real routing engine in simulated time: a discrete-event loop over arrivals, abandons, finishes,
 * shift changes and the engine's own timers. Every random stream is derived from the scenario seed and
 * a label, so the same scenario and seed always give the same result, and adding agents does not change
 * the customers (arrivals, patience and handle times are drawn per campaign, per arrival).
 */
export function simulate(scenario: Scenario): SimulationResult {
  const endMs = scenario.durationHours * HOUR_MS;
  const engine = new RoutingEngine({ rng: mulberry32(deriveSeed(scenario.seed, 'routing')) });
  const heap = new MinHeap<SimEvent>();
  let seq = 0;
  const schedule = (at: number, body: SimEventBody) => heap.push({ ...body, at, seq: ++seq });

  const arrivalRngs: Rng[] = scenario.campaigns.map((c) => mulberry32(deriveSeed(scenario.seed, `arrivals:${c.id}`)));
  const customerRngs: Rng[] = scenario.campaigns.map((c) => mulberry32(deriveSeed(scenario.seed, `customers:${c.id}`)));
  const tallies: CampaignTally[] = scenario.campaigns.map(() => ({
    arrivals: 0,
    waitsMs: [],
    withinSl: 0,
    abandoned: 0,
    abandonedWithinSl: 0,
    shortAbandoned: 0,
    queueFull: 0,
  }));
  const agents = new Map<string, AgentTally>(
    scenario.agents.map((a) => [a.id, { online: false, held: 0, since: 0, loggedInMs: 0, busyMs: 0, handled: 0 }]),
  );
  const customers = new Map<string, Customer>();
  const members = scenario.campaigns.map((c) => scenario.agents.filter((a) => a.campaigns.some((m) => m.id === c.id)));
  let now = 0;
  let tickAt: number | null = null;

  const touch = (tally: AgentTally) => {
    if (tally.online) {
      tally.loggedInMs += now - tally.since;
      if (tally.held > 0) tally.busyMs += now - tally.since;
    }
    tally.since = now;
  };

  const sl = (c: SimCampaign) => c.thresholds.serviceLevel * 1000;

  const record = (decisions: Decision[]) => {
    for (const d of decisions) {
      switch (d.type) {
        case 'assigned':
        case 'taken':
        case 'offer_accepted': {
          const customer = customers.get(d.interactionId);
          const tally = agents.get(d.agentId);
          if (!customer || !tally) break;
          customer.answered = true;
          const wait = now - customer.enteredAt;
          const t = tallies[customer.campaign]!;
          t.waitsMs.push(wait);
          if (wait <= sl(scenario.campaigns[customer.campaign]!)) t.withinSl++;
          touch(tally);
          tally.held++;
          tally.handled++;
          schedule(now + customer.handleMs, { kind: 'finish', id: d.interactionId });
          break;
        }
        case 'offered':
          // simulated agents answer offers at once; offer timeouts are about people, not traffic
          record(engine.apply({ type: 'offer_accepted', interactionId: d.interactionId, agentId: d.agentId }, now));
          break;
        case 'closed': {
          const customer = customers.get(d.interactionId);
          customers.delete(d.interactionId);
          if (d.agentId) {
            const tally = agents.get(d.agentId);
            if (tally) {
              touch(tally);
              tally.held--;
            }
          }
          if (!customer || !d.abandoned) break;
          const campaign = scenario.campaigns[customer.campaign]!;
          const t = tallies[customer.campaign]!;
          const wait = now - customer.enteredAt;
          if (wait < campaign.thresholds.shortAbandon * 1000) t.shortAbandoned++;
          else {
            t.abandoned++;
            if (wait <= sl(campaign)) t.abandonedWithinSl++;
          }
          break;
        }
        case 'rejected_queue_full': {
          const customer = customers.get(d.interactionId);
          customers.delete(d.interactionId);
          if (customer) tallies[customer.campaign]!.queueFull++;
          break;
        }
        default:
          break;
      }
    }
  };

  /** Manual campaigns: simulated agents take the oldest waiting item whenever they may. */
  const pull = () => {
    scenario.campaigns.forEach((c, i) => {
      if (!isManual(c.strategy)) return;
      for (const agent of members[i]!) {
        for (;;) {
          const head = engine.campaignQueue(c.id, 1)[0];
          if (!head) return;
          const out = engine.apply(
            { type: 'interaction_taken', interactionId: head.interactionId, agentId: agent.id },
            now,
          );
          record(out);
          if (out.some((d) => d.type === 'take_rejected')) break;
        }
      }
    });
  };

  const apply = (event: RoutingEvent) => {
    record(engine.apply(event, now));
    pull();
    const deadline = engine.nextDeadline();
    if (deadline !== null && (tickAt === null || deadline < tickAt)) {
      tickAt = Math.max(deadline, now);
      schedule(tickAt, { kind: 'tick' });
    }
  };

  scenario.campaigns.forEach((c, i) => {
    apply({
      type: 'campaign_upserted',
      campaign: {
        id: c.id,
        enabled: true,
        strategy: c.strategy,
        deliveryMode: c.deliveryMode,
        maxInteractionsPerAgent: c.maxInteractionsPerAgent,
        members: members[i]!.map((a, position) => ({
          agentId: a.id,
          penalty: a.campaigns.find((m) => m.id === c.id)!.penalty,
          position: position + 1,
        })),
        maxQueued: c.thresholds.maxQueued,
        queueTimeoutSeconds: c.thresholds.queueTimeout,
        offerTimeout: null,
        maxTransferSeconds: 0,
        wrapUpSeconds: c.wrapUpSeconds,
      },
    });
    const first = nextArrival(arrivalRngs[i]!, c.arrivals, 0, endMs);
    if (first !== null) schedule(first, { kind: 'arrival', campaign: i });
  });
  for (const agent of scenario.agents) {
    for (const shift of agent.shifts) {
      schedule(shift.from * HOUR_MS, { kind: 'shift', agentId: agent.id, online: true });
      if (shift.to * HOUR_MS < endMs) schedule(shift.to * HOUR_MS, { kind: 'shift', agentId: agent.id, online: false });
    }
  }

  const counters = scenario.campaigns.map(() => 0);
  for (let event = heap.pop(); event && event.at <= endMs; event = heap.pop()) {
    now = event.at;
    switch (event.kind) {
      case 'arrival': {
        const i = event.campaign;
        const c = scenario.campaigns[i]!;
        const id = `${c.id}#${++counters[i]!}`;
        const rng = customerRngs[i]!;
        const handleMs = handleTimeMs(rng, c.handleTime);
        const patienceMs = c.patience ? exponential(rng, c.patience.meanSeconds) * 1000 : null;
        customers.set(id, { campaign: i, enteredAt: now, handleMs, answered: false });
        tallies[i]!.arrivals++;
        apply({ type: 'interaction_arrived', interactionId: id, campaignId: c.id });
        if (patienceMs !== null && customers.get(id)?.answered === false)
          schedule(now + patienceMs, { kind: 'abandon', id });
        const next = nextArrival(arrivalRngs[i]!, c.arrivals, now, endMs);
        if (next !== null) schedule(next, { kind: 'arrival', campaign: i });
        break;
      }
      case 'abandon':
        if (customers.get(event.id)?.answered === false) apply({ type: 'customer_left', interactionId: event.id });
        break;
      case 'finish':
        apply({ type: 'interaction_closed', interactionId: event.id });
        break;
      case 'shift': {
        const tally = agents.get(event.agentId)!;
        touch(tally);
        tally.online = event.online;
        apply({ type: 'agent_status_changed', agentId: event.agentId, status: event.online ? 'available' : 'offline' });
        break;
      }
      case 'tick':
        if (event.at === tickAt) {
          tickAt = null;
          apply({ type: 'tick' });
        }
        break;
    }
  }
  now = endMs;
  for (const tally of agents.values()) touch(tally);

  const unfinished = scenario.campaigns.map(() => 0);
  for (const customer of customers.values()) if (!customer.answered) unfinished[customer.campaign]!++;
  return {
    name: scenario.name,
    seed: scenario.seed,
    durationHours: scenario.durationHours,
    campaigns: scenario.campaigns.map((c, i) => campaignResult(c, tallies[i]!, unfinished[i]!)),
    agents: scenario.agents.map((a) => {
      const t = agents.get(a.id)!;
      return {
        id: a.id,
        handled: t.handled,
        loggedInHours: round(t.loggedInMs / HOUR_MS, 2),
        occupancyPct: t.loggedInMs > 0 ? round((100 * t.busyMs) / t.loggedInMs) : null,
      };
    }),
  };
}

function campaignResult(c: SimCampaign, t: CampaignTally, unfinished: number): CampaignResult {
  const answered = t.waitsMs.length;
  const waits = [...t.waitsMs].sort((a, b) => a - b);
  const pct = (num: number, den: number) => (den === 0 ? null : round((100 * num) / den));
  const seconds = (ms: number | undefined) => (ms === undefined ? null : round(ms / 1000));
  return {
    id: c.id,
    arrivals: t.arrivals,
    answered,
    answeredWithinServiceLevel: t.withinSl,
    abandoned: t.abandoned,
    abandonedWithinServiceLevel: t.abandonedWithinSl,
    shortAbandoned: t.shortAbandoned,
    queueFull: t.queueFull,
    unfinished,
    serviceLevelPct: pct(t.withinSl, answered),
    serviceLevelWithAbandonedPct: pct(t.withinSl + t.abandonedWithinSl, answered + t.abandoned),
    abandonRatePct: pct(t.abandoned, answered + t.abandoned),
    wait: {
      meanSeconds: answered === 0 ? null : round(waits.reduce((a, b) => a + b, 0) / answered / 1000),
      p50Seconds: seconds(nearestRank(waits, 50)),
      p90Seconds: seconds(nearestRank(waits, 90)),
    },
  };
}

function nearestRank(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
