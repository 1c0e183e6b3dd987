// Routing engine throughput and per-apply latency with 1,000 agents in 20 campaigns and 10,000 waiting
// interactions, against a same-run baseline that walks the same events doing trivial work. Runs of both
// alternate so that machine drift hits them alike; the last line is the JSON summary.
//
// Throughput is decisions (everything `apply` returns) per second of this process's CPU time over a whole pass,
// so other work on a shared machine does not count against the engine; wall-clock throughput is printed too.
// Per-event timers would cost about as much as a cheap event, so only every LATENCY_SAMPLE-th apply is timed
// for the percentiles. The baseline is the harness's floor (the same loop touching a Map): `ratio` (engine
// events/s ÷ baseline events/s) tells runs on a busier or quieter machine apart, it is not a target.
import { loadavg } from 'node:os';
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
const LATENCY_SAMPLE = 16;

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
  /** Per CPU second of this process. */
  perSec: number;
  eventsPerSec: number;
  /** Per wall-clock second, which includes time other processes had the core. */
  wallPerSec: number;
  decisions: number;
  latenciesMs: Float64Array;
}

/** Times a pass over the events: process CPU and wall clock for the whole pass, sampled per-event latencies. */
function timedPass(events: RoutingEvent[], step: (event: RoutingEvent, i: number) => number): Round {
  const latencies = new Float64Array(Math.ceil(events.length / LATENCY_SAMPLE));
  let decisions = 0;
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  for (let i = 0; i < events.length; i++) {
    if (i % LATENCY_SAMPLE !== 0) {
      decisions += step(events[i]!, i);
      continue;
    }
    const t0 = process.hrtime.bigint();
    decisions += step(events[i]!, i);
    latencies[i / LATENCY_SAMPLE] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  const wallSeconds = Number(process.hrtime.bigint() - wall0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    perSec: decisions / cpuSeconds,
    eventsPerSec: events.length / cpuSeconds,
    wallPerSec: decisions / wallSeconds,
    decisions,
    latenciesMs: latencies,
  };
}

function measureEngine(events: RoutingEvent[], byType?: Map<string, number>): Round {
  const { engine, now: start } = world();
  (globalThis as { gc?: () => void }).gc?.(); // the set-up's garbage is not the stream's
  let now = start;
  const round = timedPass(events, (event) => {
    now += STEP_MS;
    const out = engine.apply(event, now);
    if (byType) for (const d of out) byType.set(d.type, (byType.get(d.type) ?? 0) + 1);
    return out.length;
  });
  const waiting = Array.from({ length: CAMPAIGNS }, (_, c) => engine.waitingCount(`c${c}`)).reduce((a, b) => a + b, 0);
  if (Math.abs(waiting - WAITING) > WAITING * 0.5) console.error(`note: ${waiting} waiting at the end of the run`);
  return round;
}

/** Same events, trivial work: a switch that touches a Map, timed the same way; one "decision" per event. */
function measureBaseline(events: RoutingEvent[]): Round {
  const touched = new Map<string, number>();
  return timedPass(events, (event, i) => {
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
    return 1;
  });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const events = recordStream();
const counts = new Map<string, number>();
for (const e of events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
console.log(`stream: ${events.length} events (${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')})`);
const byType = new Map<string, number>();
measureEngine(events, byType); // warm-up: let the JIT settle before anything is timed, and count what is decided
measureBaseline(events);
console.log(`decisions per pass: ${[...byType].map(([k, v]) => `${k} ${v}`).join(', ')}`);

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
    `round ${r + 1}: engine ${Math.round(e.perSec)} decisions/CPU-s (${Math.round(e.wallPerSec)} per wall-s), ${Math.round(e.eventsPerSec)} events/CPU-s (${e.decisions} decisions), p99 ${round(p99, 4)} ms; baseline ${Math.round(b.eventsPerSec)} events/CPU-s`,
  );
}
const engineLatencies = sortedCopy(engineRounds.flatMap((r) => Array.from(r.latenciesMs)));
const baseLatencies = sortedCopy(baseRounds.flatMap((r) => Array.from(r.latenciesMs)));
const decisionsPerSec = median(engineRounds.map((r) => r.perSec));
const eventsPerSec = median(engineRounds.map((r) => r.eventsPerSec));
const baselinePerSec = median(baseRounds.map((r) => r.eventsPerSec));
report({
  bench: 'routing-decisions',
  decisionsPerSec: Math.round(decisionsPerSec),
  eventsPerSec: Math.round(eventsPerSec),
  wallDecisionsPerSec: Math.round(median(engineRounds.map((r) => r.wallPerSec))),
  cpuMicrosPerDecision: round(1e6 / decisionsPerSec, 3),
  p99Ms: round(percentile(engineLatencies, 99), 4),
  p50Ms: round(percentile(engineLatencies, 50), 4),
  agents: AGENTS,
  campaigns: CAMPAIGNS,
  waiting: WAITING,
  baseline: { eventsPerSec: Math.round(baselinePerSec), p99Ms: round(percentile(baseLatencies, 99), 4) },
  ratio: round(eventsPerSec / baselinePerSec, 4),
  loadAverage: round(loadavg()[0]!, 2),
});
