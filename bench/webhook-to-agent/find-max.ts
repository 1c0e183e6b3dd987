// The --find-max search of the webhook-to-agent benchmark: each side climbs a ladder of rates until a step
// is no longer sustained; the highest sustained step is its maximum. Kept free of I/O so it can be tested.
import type { RunResult } from './load';

// Up to 10,000/s: on a quiet machine the bare baseline sustains 9,000–11,000/s, and a ladder that stops below
// its limit would report a ratio against the ladder's top instead of against the baseline.
export const DEFAULT_LADDER = [250, 500, 1000, 1500, 2000, 3000, 4000, 6000, 8000, 10000];
export const P99_LIMIT_MS = 50;

/** A step is sustained when nothing was missed (late, refused or lost) and p99 stayed within the limit. */
export function sustained(r: Pick<RunResult, 'p99Ms' | 'missed' | 'sent'>, p99LimitMs = P99_LIMIT_MS): boolean {
  return r.sent > 0 && r.missed === 0 && r.p99Ms <= p99LimitMs;
}

export interface Climb {
  runs: RunResult[];
  /** highest rate of the ladder that was sustained, 0 when not even the first one was */
  maxSustainedPerSec: number;
  /** server CPU per message at that rate (at the first step when none was sustained) */
  cpuMsPerMessage: number;
}

export interface ClimbOptions {
  p99LimitMs?: number;
  /** rounds of bisection after the ladder */
  refine?: number;
  /**
   * Runs a step may take before it counts as failed. One pause of the machine (on these VMs a first attempt
   * reached p99 51–360 ms where the attempt right after passed, on the bare baselines as much as on
   * Switchboard: docs/performance.md, fifth pass) puts a 5 s step's p99 over the limit at any rate, so
   * with a single attempt the climb stops wherever the first such pause falls rather than at the server's
   * limit. A step that fails twice in a row is past it: past the limit, the backlog grows on every attempt.
   */
  attempts?: number;
}

/**
 * Climbs the ladder for every side at once, one step at a time; at each step the sides still climbing run in
 * turn (the order alternating per step, so a slow drift of the shared machine favours neither). A side stops
 * at its first step that is not sustained in any of its `attempts`. Then `refine` rounds of bisection between
 * each side's last sustained and first failed rate (rounded to 50/s) narrow its maximum down.
 */
export async function climb<S extends string>(
  sides: readonly S[],
  ladder: readonly number[],
  run: (side: S, rate: number) => Promise<RunResult>,
  { p99LimitMs = P99_LIMIT_MS, refine = 2, attempts = 2 }: ClimbOptions = {},
): Promise<Record<S, Climb>> {
  const out = {} as Record<S, Climb>;
  for (const s of sides) out[s] = { runs: [], maxSustainedPerSec: 0, cpuMsPerMessage: NaN };
  /** Runs the step until one attempt is sustained; returns that run, or the last failed one. */
  const step = async (side: S, rate: number): Promise<RunResult> => {
    for (let attempt = 1; ; attempt++) {
      const r = await run(side, rate);
      out[side].runs.push(r);
      if (sustained(r, p99LimitMs) || attempt >= attempts) return r;
    }
  };
  const failedAt = new Map<S, number>();
  const climbing = new Set(sides);
  for (const [k, rate] of ladder.entries()) {
    const order = k % 2 === 0 ? [...sides] : [...sides].reverse();
    for (const side of order) {
      if (!climbing.has(side)) continue;
      const r = await step(side, rate);
      const c = out[side];
      if (sustained(r, p99LimitMs)) {
        c.maxSustainedPerSec = rate;
        c.cpuMsPerMessage = r.cpuMsPerMessage;
      } else {
        if (c.maxSustainedPerSec === 0) c.cpuMsPerMessage = r.cpuMsPerMessage;
        climbing.delete(side);
        failedAt.set(side, rate);
      }
    }
    if (climbing.size === 0) break;
  }
  for (let round = 0; round < refine; round++) {
    for (const side of sides) {
      const c = out[side];
      const hi = failedAt.get(side);
      if (hi === undefined || c.maxSustainedPerSec === 0) continue;
      const mid = Math.round((c.maxSustainedPerSec + hi) / 2 / 50) * 50;
      if (mid <= c.maxSustainedPerSec || mid >= hi) continue;
      const r = await step(side, mid);
      if (sustained(r, p99LimitMs)) {
        c.maxSustainedPerSec = mid;
        c.cpuMsPerMessage = r.cpuMsPerMessage;
      } else failedAt.set(side, mid);
    }
  }
  return out;
}
