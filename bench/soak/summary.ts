// The soak benchmark's verdicts from its per-minute samples, kept pure so they are tested apart from the load.
import { round } from '../stats';

export interface MinuteSample {
  minute: number;
  p99Ms: number;
  rssMiB: number;
  /** SQLite: the -wal file's size at the end of the minute; PostgreSQL: WAL bytes written during the minute */
  walMiB: number;
  sent: number;
  missed: number;
}

export interface SoakSummary {
  rssStartMiB: number;
  rssEndMiB: number;
  /** (end − start) ÷ start, in percent: the target is under 10 % */
  rssGrowthPct: number;
  p99PerMinuteMs: number[];
  /**
   * The last minute's p99 over the median minute's: 1 means flat. The median, not the first minute, is the
   * reference, because one slow minute at either end (a checkpoint, a GC) should not decide the verdict alone.
   */
  p99Drift: number;
  walPerMinuteMiB: number[];
  sent: number;
  missed: number;
}

export function summarise(rssStartMiB: number, minutes: readonly MinuteSample[]): SoakSummary {
  if (minutes.length === 0) throw new Error('a soak needs at least one minute');
  const p99s = minutes.map((m) => m.p99Ms);
  const sorted = [...p99s].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  const last = minutes[minutes.length - 1]!;
  return {
    rssStartMiB: round(rssStartMiB, 1),
    rssEndMiB: round(last.rssMiB, 1),
    rssGrowthPct: rssStartMiB > 0 ? round(((last.rssMiB - rssStartMiB) / rssStartMiB) * 100, 1) : 0,
    p99PerMinuteMs: p99s.map((p) => round(p, 2)),
    p99Drift: median > 0 ? round(last.p99Ms / median, 2) : 1,
    walPerMinuteMiB: minutes.map((m) => round(m.walMiB, 2)),
    sent: minutes.reduce((n, m) => n + m.sent, 0),
    missed: minutes.reduce((n, m) => n + m.missed, 0),
  };
}
