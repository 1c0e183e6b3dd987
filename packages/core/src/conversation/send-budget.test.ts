import { describe, expect, it } from 'vitest';
import { SendBudget } from './send-budget';

describe('per-number send budget', () => {
  it('lets a burst up to the budget through, then says how long to wait', () => {
    const budget = new SendBudget();
    for (let i = 0; i < 5; i++) expect(budget.take('n1', 5, 1000)).toBe(0);
    expect(budget.take('n1', 5, 1000)).toBe(1000);
    expect(budget.take('n1', 5, 1400)).toBe(600);
    expect(budget.take('n1', 5, 2000)).toBe(0);
  });

  it('keeps one budget per key', () => {
    const budget = new SendBudget();
    expect(budget.take('a', 1, 0)).toBe(0);
    expect(budget.take('a', 1, 0)).toBe(1000);
    expect(budget.take('b', 1, 0)).toBe(0);
  });

  it('never lets more than the budget through in any one-second window', () => {
    const budget = new SendBudget();
    const sends: number[] = [];
    // A fixed pseudo-random walk of the clock (no Math.random: reproducible).
    let now = 0;
    let seed = 7;
    while (sends.length < 500) {
      if (budget.take('n', 50, now) === 0) sends.push(now);
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      now += seed % 37;
    }
    for (const start of sends)
      expect(sends.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(50);
  });

  it('forgets numbers idle for a second', () => {
    const budget = new SendBudget();
    budget.take('a', 1, 0);
    budget.forgetIdle(1000);
    expect(budget.take('a', 1, 1000)).toBe(0);
  });
});
