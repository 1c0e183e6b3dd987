import { describe, expect, it } from 'vitest';
import { summarise, type MinuteSample } from './summary';

const minute = (minute: number, p99Ms: number, rssMiB: number, missed = 0): MinuteSample => ({
  minute,
  p99Ms,
  rssMiB,
  walMiB: 4,
  sent: 30_000,
  missed,
});

describe('soak summary', () => {
  it('reports RSS growth from the start to the last minute in percent', () => {
    const s = summarise(100, [minute(1, 5, 104), minute(2, 5, 112)]);
    expect(s.rssStartMiB).toBe(100);
    expect(s.rssEndMiB).toBe(112);
    expect(s.rssGrowthPct).toBe(12);
  });

  it('measures p99 drift against the median minute, so one slow minute elsewhere does not decide it', () => {
    const flat = summarise(100, [minute(1, 40, 100), minute(2, 5, 100), minute(3, 5, 100), minute(4, 5, 100)]);
    expect(flat.p99Drift).toBe(1);
    const rising = summarise(100, [minute(1, 5, 100), minute(2, 5, 100), minute(3, 6, 100), minute(4, 20, 100)]);
    expect(rising.p99Drift).toBe(4);
  });

  it('adds up what was sent and missed over every minute', () => {
    const s = summarise(100, [minute(1, 5, 100, 2), minute(2, 5, 100, 3)]);
    expect(s.sent).toBe(60_000);
    expect(s.missed).toBe(5);
  });

  it('refuses an empty soak', () => {
    expect(() => summarise(100, [])).toThrow(/at least one minute/);
  });
});
