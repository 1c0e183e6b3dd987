/**
 * Erlang C for an M/M/c queue: `servers` parallel serving slots, offered load `a = λ × AHT` (in Erlangs).
 * Returns the probability that an arrival has to wait at all; 1 when the load meets or exceeds the slots
 * (the queue grows without bound, everybody waits).
 *
 * Computed through the Erlang B recursion B(0)=1, B(k)=a·B(k−1)/(k + a·B(k−1)), which stays finite for
 * hundreds of slots where the textbook factorial form overflows; then C = c·B / (c − a·(1 − B)).
 */
export function erlangC(servers: number, offeredLoad: number): number {
  if (!(servers >= 1) || !Number.isFinite(offeredLoad) || offeredLoad < 0) return 1;
  const c = Math.floor(servers);
  if (offeredLoad >= c) return 1;
  if (offeredLoad === 0) return 0;
  let b = 1;
  for (let k = 1; k <= c; k++) b = (offeredLoad * b) / (k + offeredLoad * b);
  return (c * b) / (c - offeredLoad * (1 - b));
}

export interface ErlangCInput {
  /** λ: arrivals per second. */
  arrivalsPerSecond: number;
  /** Average handling time in seconds (1/μ). */
  ahtSeconds: number;
  /** Serving slots c: agents able to take work × the campaign's per-agent cap. */
  servers: number;
}

/**
 * Expected wait in queue of a random arrival, W_q = C(c, a) × AHT ÷ (c − a), in seconds. Null when it
 * does not exist: no slots, no handling time, or a load at or above the slots (the wait grows without bound).
 */
export function erlangCExpectedWait(input: ErlangCInput): number | null {
  const { arrivalsPerSecond, ahtSeconds, servers } = input;
  if (!(servers >= 1) || !(ahtSeconds > 0) || !(arrivalsPerSecond >= 0)) return null;
  const c = Math.floor(servers);
  const a = arrivalsPerSecond * ahtSeconds;
  if (a >= c) return null;
  return (erlangC(c, a) * ahtSeconds) / (c - a);
}
