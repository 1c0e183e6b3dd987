/** Small measuring helpers shared by the benchmarks. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

export function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Prints the one JSON line every benchmark ends with. */
export function report(
  line: { bench: string; baseline: Record<string, unknown>; ratio: number } & Record<string, unknown>,
): void {
  console.log(JSON.stringify(line));
}
