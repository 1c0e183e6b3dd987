import { mulberry32 } from '../routing/rng';
import { exponential, logNormal } from '../simulation/distributions';
import { estimateWait, queueStats } from './eta';

export interface AccuracyScenario {
  seed: number;
  slots: number;
  ahtSeconds: number;
  /** Offered load ÷ slots. */
  utilisation: number;
  /** Handling-time spread: exponential (the Erlang assumption) or log-normal with this coefficient of variation. */
  handling: 'exponential' | { logNormalCv: number };
  arrivals: number;
  /** How many recent closes the AHT is averaged over, as the server does with its window. */
  ahtWindow: number;
}

export interface AccuracyResult {
  /** Arrivals that had to wait (the only ones that receive a position). */
  waited: number;
  meanWaitSeconds: number;
  maeSeconds: number;
  p90AbsErrorSeconds: number;
}

/**
 * Replays a FIFO queue with `slots` servers (Poisson arrivals) and compares, for every arrival that had to
 * wait, the estimate made at its arrival (position × AHT measured from earlier closes ÷ slots) with the wait
 * it then had. Deterministic for a seed: used by the accuracy test and the figures in docs/routing.md.
 */
export function measureEtaAccuracy(s: AccuracyScenario): AccuracyResult {
  const rng = mulberry32(s.seed);
  const meanGap = s.ahtSeconds / (s.utilisation * s.slots);
  const arrival: number[] = [];
  const duration: number[] = [];
  let t = 0;
  for (let i = 0; i < s.arrivals; i++) {
    t += exponential(rng, meanGap);
    arrival.push(t);
    duration.push(
      s.handling === 'exponential'
        ? exponential(rng, s.ahtSeconds)
        : logNormal(rng, s.ahtSeconds, s.ahtSeconds * s.handling.logNormalCv),
    );
  }
  // FIFO over identical slots: each arrival starts at the earliest free slot, in arrival order.
  const free = new Array<number>(s.slots).fill(0);
  const start: number[] = [];
  const finish: number[] = [];
  for (let i = 0; i < s.arrivals; i++) {
    let k = 0;
    for (let j = 1; j < s.slots; j++) if (free[j]! < free[k]!) k = j;
    start.push(Math.max(arrival[i]!, free[k]!));
    finish.push(start[i]! + duration[i]!);
    free[k] = finish[i]!;
  }
  const closes = finish.map((f, i) => ({ f, d: duration[i]! })).sort((a, b) => a.f - b.f);
  const recent: number[] = [];
  let closed = 0;
  let started = 0;
  const errors: number[] = [];
  let waitSum = 0;
  for (let i = 0; i < s.arrivals; i++) {
    const now = arrival[i]!;
    while (closed < closes.length && closes[closed]!.f <= now) {
      recent.push(closes[closed]!.d);
      if (recent.length > s.ahtWindow) recent.shift();
      closed++;
    }
    // Starts are non-decreasing in FIFO order: the ones not started yet are ahead of i in the queue.
    while (started < i && start[started]! <= now) started++;
    const wait = start[i]! - now;
    if (wait <= 0) continue;
    const position = i - started + 1;
    const stats = queueStats({
      arrivals: 0,
      windowSeconds: 0,
      handlingSeconds: recent,
      agentsServing: s.slots,
      perAgentCap: 1,
    });
    const estimate = estimateWait(stats, position);
    if (estimate === null) continue;
    errors.push(Math.abs(estimate - wait));
    waitSum += wait;
  }
  errors.sort((a, b) => a - b);
  const n = errors.length;
  return {
    waited: n,
    meanWaitSeconds: n ? waitSum / n : 0,
    maeSeconds: n ? errors.reduce((a, b) => a + b, 0) / n : 0,
    p90AbsErrorSeconds: n ? errors[Math.min(n - 1, Math.floor(0.9 * n))]! : 0,
  };
}
