import { describe, expect, it } from 'vitest';
import {
  emptyTally,
  figuresOf,
  isShortAbandon,
  isWithinServiceLevel,
  serviceFigures,
  type Tally,
  type WaitThresholds,
} from './service-level';

const thresholds: WaitThresholds = { serviceLevel: 20, shortAbandon: 5 };

/** Builds a tally the slow way, straight from the definitions. */
function tallyOf(answers: number[], abandons: number[], t = thresholds): Tally {
  const tally = emptyTally();
  for (const s of answers) {
    tally.answered++;
    tally.waitSumMs += s * 1000;
    if (isWithinServiceLevel(s * 1000, t)) tally.answeredWithinT++;
  }
  for (const s of abandons) {
    if (isShortAbandon(s * 1000, t)) tally.shortAbandoned++;
    else {
      tally.abandoned++;
      if (isWithinServiceLevel(s * 1000, t)) tally.abandonedWithinT++;
    }
  }
  return tally;
}

describe('service level', () => {
  it('shows "—" (null) for every ratio when nothing was answered or abandoned', () => {
    expect(serviceFigures(emptyTally())).toMatchObject({
      serviceLevelPercent: null,
      serviceLevelWithAbandonedPercent: null,
      abandonPercent: null,
      averageWaitMs: null,
      averageHandleMs: null,
    });
  });

  it('computes the three percentages by hand', () => {
    // Answers at 5, 20 (exactly T: within), 21, 60 s; abandons at 3 (short), 10, 30 s.
    const f = serviceFigures(tallyOf([5, 20, 21, 60], [3, 10, 30]));
    expect(f).toMatchObject({ answered: 4, answeredWithinT: 2, abandoned: 2, abandonedWithinT: 1, shortAbandoned: 1 });
    expect(f.serviceLevelPercent).toBe(50); // 2 / 4
    expect(f.serviceLevelWithAbandonedPercent).toBe(50); // (2 + 1) / (4 + 2)
    expect(f.abandonPercent).toBeCloseTo(100 / 3, 10); // 2 / 6
    expect(f.averageWaitMs).toBe(26_500); // (5 + 20 + 21 + 60) / 4 s
  });

  it('leaves short abandons out of both denominators', () => {
    const f = serviceFigures(tallyOf([10], [1, 2, 4.999]));
    expect(f.shortAbandoned).toBe(3);
    expect(f.serviceLevelWithAbandonedPercent).toBe(100);
    expect(f.abandonPercent).toBe(0);
  });

  it('has no SL% but does have SL+abandoned% and abandon% when only abandons happened', () => {
    const f = serviceFigures(tallyOf([], [8, 40]));
    expect(f.serviceLevelPercent).toBeNull();
    expect(f.serviceLevelWithAbandonedPercent).toBe(50);
    expect(f.abandonPercent).toBe(100);
  });

  it('shows "—" everywhere when every abandon was short', () => {
    const f = serviceFigures(tallyOf([], [1, 2]));
    expect(f.serviceLevelWithAbandonedPercent).toBeNull();
    expect(f.abandonPercent).toBeNull();
  });

  it('counts a wait of exactly shortAbandon as a real abandon, and nothing as short when it is 0', () => {
    expect(isShortAbandon(5000, thresholds)).toBe(false);
    expect(isShortAbandon(4999, thresholds)).toBe(true);
    expect(isShortAbandon(0, { serviceLevel: 20, shortAbandon: 0 })).toBe(false);
  });

  it('averages handle time over closed interactions', () => {
    expect(serviceFigures({ ...emptyTally(), closed: 2, handleSumMs: 90_000 }).averageHandleMs).toBe(45_000);
  });

  it('sums several tallies before dividing, never averaging their percentages', () => {
    // 1/1 and 0/3 answered within T: 25 %, not the 50 % a mean of percentages would give.
    const f = figuresOf([tallyOf([1], []), tallyOf([30, 40, 50], [])]);
    expect(f.serviceLevelPercent).toBe(25);
    expect(f.answered).toBe(4);
  });
});
