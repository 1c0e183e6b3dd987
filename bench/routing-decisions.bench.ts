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
import type { RoutingEvent } from '../packages/core/src/routing/index';
import { AGENTS, CAMPAIGNS, STEP_MS, WAITING, recordStream, world } from './routing-decisions/world';
import { percentile, report, round, sortedCopy } from './stats';

const EVENTS = Number(process.argv[2] ?? 150_000);
const ROUNDS = 5;
const LATENCY_SAMPLE = 16;

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

const events = recordStream(EVENTS);
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
