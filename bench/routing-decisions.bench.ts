// Routing engine throughput and per-apply latency with 1,000 agents in 20 campaigns and 10,000 waiting
// interactions, against a same-run baseline that walks the same events doing trivial work. Runs of both
// alternate so that machine drift hits them alike; the last line is the JSON summary.
import {
  mulberry32,
  RoutingEngine,
  type CampaignRouting,
  type RoutingEvent,
  type Strategy,
} from '../packages/core/src/routing/index';
import { percentile, report, round, sortedCopy } from './stats';

const AGENTS = 1000;
const CAMPAIGNS = 20;
const PER_CAMPAIGN = 50;
const MAX = 3;
const WAITING = 10_000;
const EVENTS = Number(process.argv[2] ?? 150_000);
const ROUNDS = 5;
const STEP_MS = 20;

const MANUAL = new Set([3, 11]); // ringallmultiple campaigns, exercised through takes

function campaigns(): CampaignRouting[] {
  const modes = ['rrmemory', 'linear', 'wrandom'] as const;
  const out: CampaignRouting[] = [];
  for (let c = 0; c < CAMPAIGNS; c++) {
    const members = [];
    for (let i = 0; i < PER_CAMPAIGN; i++)
      members.push({ agentId: `a${c * PER_CAMPAIGN + i}`, penalty: (i * 7) % 101, position: i + 1 });
    // every tenth agent of the next campaign also works here: some agents are in two campaigns
    for (let i = 0; i < PER_CAMPAIGN; i += 10)
      members.push({
        agentId: `a${((c + 1) % CAMPAIGNS) * PER_CAMPAIGN + i}`,
        penalty: 50,
        position: PER_CAMPAIGN + i + 1,
      });
    const strategy: Strategy = MANUAL.has(c) ? 'ringallmultiple' : c % 5 === 4 ? 'omni' : 'nocall';
    out.push({
      id: `c${c}`,
      enabled: true,
      strategy,
      deliveryMode: modes[c % 3]!,
      maxInteractionsPerAgent: MAX,
      members,
      maxQueued: 0,
      queueTimeoutSeconds: 0,
      offerTimeout: null,
      maxTransferSeconds: 0,
      wrapUpSeconds: c % 4 === 0 ? 3 : 0,
    });
  }
  return out;
}

/** 1,000 agents at their cap and 10,000 interactions waiting, ready for the measured stream. */
function world(): { engine: RoutingEngine; now: number; counter: number } {
  const engine = new RoutingEngine({ rng: mulberry32(12345) });
  let now = 0;
  for (const campaign of campaigns()) engine.apply({ type: 'campaign_upserted', campaign }, now);
  for (let a = 0; a < AGENTS; a++)
    engine.apply({ type: 'agent_status_changed', agentId: `a${a}`, status: 'available' }, now);
  let counter = 0;
  // fill every automatic agent to the cap, then queue WAITING more
  const automatic = CAMPAIGNS - MANUAL.size;
  const fill = automatic * PER_CAMPAIGN * MAX + 2000;
  for (let i = 0; i < fill + WAITING; i++) {
    now += 1;
    engine.apply({ type: 'interaction_arrived', interactionId: `s${counter++}`, campaignId: `c${i % CAMPAIGNS}` }, now);
  }
  return { engine, now, counter };
}

/** Chooses a realistic mixed stream by running it once, so that every close names a held interaction. */
function recordStream(): RoutingEvent[] {
  const { engine, counter: start, now: setupEnd } = world();
  let now = setupEnd;
  let counter = start;
  const rng = mulberry32(99);
  const held: string[] = [];
  const heldIndex = new Map<string, number>();
  const paused = new Set<string>();
  const add = (id: string) => {
    heldIndex.set(id, held.length);
    held.push(id);
  };
  const remove = (id: string) => {
    const i = heldIndex.get(id);
    if (i === undefined) return;
    const last = held.pop()!;
    if (last !== id) {
      held[i] = last;
      heldIndex.set(last, i);
    }
    heldIndex.delete(id);
  };
  // seed the held list from the setup's own state
  for (let i = 0; i < start; i++) if (engine.interaction(`s${i}`)?.state === 'active') add(`s${i}`);
  const events: RoutingEvent[] = [];
  while (events.length < EVENTS) {
    const r = rng();
    let event: RoutingEvent;
    if (r < 0.32) {
      event = {
        type: 'interaction_arrived',
        interactionId: `s${counter++}`,
        campaignId: `c${Math.floor(rng() * CAMPAIGNS)}`,
      };
    } else if (r < 0.64 && held.length > 0) {
      event = { type: 'interaction_closed', interactionId: held[Math.floor(rng() * held.length)]! };
    } else if (r < 0.8) {
      const agentId = `a${Math.floor(rng() * AGENTS)}`;
      const pause = !paused.has(agentId) && rng() < 0.5;
      if (pause) paused.add(agentId);
      else paused.delete(agentId);
      event = {
        type: 'agent_status_changed',
        agentId,
        status: pause ? 'paused' : 'available',
        ...(pause ? { reason: 'break' } : {}),
      };
    } else if (r < 0.95) {
      const c = [...MANUAL][Math.floor(rng() * MANUAL.size)]!;
      const waiting = engine.campaignQueue(`c${c}`, 20);
      const item = waiting[Math.floor(rng() * waiting.length)];
      event = {
        type: 'interaction_taken',
        interactionId: item?.interactionId ?? 'none',
        agentId: `a${c * PER_CAMPAIGN + Math.floor(rng() * PER_CAMPAIGN)}`,
      };
    } else {
      event = { type: 'tick' };
    }
    now += STEP_MS;
    events.push(event);
    for (const d of engine.apply(event, now)) {
      if (d.type === 'assigned' || d.type === 'taken') add(d.interactionId);
      else if (d.type === 'closed') remove(d.interactionId);
    }
  }
  return events;
}

interface Round {
  perSec: number;
  eventsPerSec: number;
  decisions: number;
  latenciesMs: Float64Array;
}

function measureEngine(events: RoutingEvent[]): Round {
  const { engine, now: start } = world();
  const latencies = new Float64Array(events.length);
  let decisions = 0;
  let now = start;
  let total = 0n;
  for (let i = 0; i < events.length; i++) {
    now += STEP_MS;
    const t0 = process.hrtime.bigint();
    const out = engine.apply(events[i]!, now);
    const dt = process.hrtime.bigint() - t0;
    total += dt;
    decisions += out.length;
    latencies[i] = Number(dt) / 1e6;
  }
  const waiting = Array.from({ length: CAMPAIGNS }, (_, c) => engine.waitingCount(`c${c}`)).reduce((a, b) => a + b, 0);
  if (Math.abs(waiting - WAITING) > WAITING * 0.5) console.error(`note: ${waiting} waiting at the end of the run`);
  const seconds = Number(total) / 1e9;
  return { perSec: decisions / seconds, eventsPerSec: events.length / seconds, decisions, latenciesMs: latencies };
}

/** Same events, trivial work: a switch that touches a Map, timed the same way. */
function measureBaseline(events: RoutingEvent[]): Round {
  const touched = new Map<string, number>();
  const latencies = new Float64Array(events.length);
  let total = 0n;
  for (let i = 0; i < events.length; i++) {
    const t0 = process.hrtime.bigint();
    const event = events[i]!;
    switch (event.type) {
      case 'interaction_arrived':
      case 'interaction_closed':
      case 'interaction_taken':
        touched.set(event.interactionId, i);
        break;
      case 'agent_status_changed':
        touched.set(event.agentId, i);
        break;
      default:
        touched.delete('tick');
    }
    const dt = process.hrtime.bigint() - t0;
    total += dt;
    latencies[i] = Number(dt) / 1e6;
  }
  const perSec = events.length / (Number(total) / 1e9);
  return { perSec, eventsPerSec: perSec, decisions: events.length, latenciesMs: latencies };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const events = recordStream();
const counts = new Map<string, number>();
for (const e of events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
console.log(`stream: ${events.length} events (${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')})`);
measureEngine(events.slice(0, 20_000)); // warm-up: let the JIT settle before anything is timed
measureBaseline(events);

const engineRounds: Round[] = [];
const baseRounds: Round[] = [];
for (let r = 0; r < ROUNDS; r++) {
  (globalThis as { gc?: () => void }).gc?.();
  const e = measureEngine(events);
  const b = measureBaseline(events);
  engineRounds.push(e);
  baseRounds.push(b);
  const p99 = percentile(sortedCopy(e.latenciesMs), 99);
  console.log(
    `round ${r + 1}: engine ${Math.round(e.perSec)} decisions/s, ${Math.round(e.eventsPerSec)} events/s (${e.decisions} decisions), p99 ${round(p99, 4)} ms; baseline ${Math.round(b.perSec)} events/s`,
  );
}
const engineLatencies = sortedCopy(engineRounds.flatMap((r) => Array.from(r.latenciesMs)));
const baseLatencies = sortedCopy(baseRounds.flatMap((r) => Array.from(r.latenciesMs)));
const decisionsPerSec = median(engineRounds.map((r) => r.perSec));
const baselinePerSec = median(baseRounds.map((r) => r.perSec));
report({
  bench: 'routing-decisions',
  decisionsPerSec: Math.round(decisionsPerSec),
  p99Ms: round(percentile(engineLatencies, 99), 4),
  p50Ms: round(percentile(engineLatencies, 50), 4),
  agents: AGENTS,
  campaigns: CAMPAIGNS,
  waiting: WAITING,
  baseline: { eventsPerSec: Math.round(baselinePerSec), p99Ms: round(percentile(baseLatencies, 99), 4) },
  ratio: round(decisionsPerSec / baselinePerSec, 4),
});
