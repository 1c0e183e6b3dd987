import { describe, expect, it } from 'vitest';
import type { RunResult } from './load';
import { climb, sustained } from './find-max';

const result = (rate: number, p99Ms: number, missed = 0, cpuMsPerMessage = rate / 1000): RunResult => ({
  rate,
  achieved: rate,
  p50Ms: p99Ms / 2,
  p99Ms,
  maxMs: p99Ms,
  sent: rate,
  delivered: rate - missed,
  missed,
  late: 0,
  httpErrors: 0,
  sendLagP99Ms: 0,
  serverCpu: 0,
  cpuMsPerMessage,
  loadAvg: 0,
});

describe('find-max', () => {
  it('counts a step as sustained only with nothing missed and p99 within 50 ms', () => {
    expect(sustained(result(500, 50))).toBe(true);
    expect(sustained(result(500, 50.1))).toBe(false);
    expect(sustained(result(500, 3, 1))).toBe(false);
  });

  it('reports for each side the highest sustained step and its CPU per message, and stops a side at its first failure', async () => {
    // a: fine up to 1200; b: p99 over the limit above 1500; c: misses one at the first step.
    const limits = { a: 1200, b: 1500, c: 0 };
    const calls: string[] = [];
    const out = await climb(
      ['a', 'b', 'c'] as const,
      [250, 500, 1000, 1500, 2000, 3000],
      async (side, rate) => {
        calls.push(`${side}@${rate}`);
        if (side === 'c') return result(rate, 5, 1, 0.9);
        return result(rate, rate <= limits[side] ? 10 : 80);
      },
      { attempts: 1 },
    );
    // a: the ladder stops at 1500; bisection tries 1250 (fails), then 1150 (sustained).
    expect(out.a.maxSustainedPerSec).toBe(1150);
    expect(out.a.cpuMsPerMessage).toBe(1.15);
    expect(out.b.maxSustainedPerSec).toBe(1500);
    expect(out.c.maxSustainedPerSec).toBe(0);
    expect(out.c.cpuMsPerMessage).toBe(0.9);
    // Nobody climbs beyond its first failed step; the order alternates per step; then the bisection.
    expect(calls).toEqual([
      'a@250',
      'b@250',
      'c@250',
      'b@500',
      'a@500',
      'a@1000',
      'b@1000',
      'b@1500',
      'a@1500',
      'b@2000',
      'a@1250',
      'b@1750',
      'a@1150',
      'b@1650',
    ]);
  });

  it('runs a failed step again and climbs on when the second attempt is sustained', async () => {
    // One pause of the machine at 1000/s, first attempt only; the real limit is 2000/s.
    const calls: string[] = [];
    const out = await climb(
      ['a'] as const,
      [500, 1000, 2000, 3000],
      async (side, rate) => {
        calls.push(`${side}@${rate}`);
        const pausedOnce = rate === 1000 && calls.filter((c) => c === 'a@1000').length === 1;
        return result(rate, pausedOnce || rate > 2000 ? 150 : 10);
      },
      { refine: 0 },
    );
    expect(out.a.maxSustainedPerSec).toBe(2000);
    // 1000 twice (the pause, then sustained), 3000 twice (both failed): the limit needs two failures in a row.
    expect(calls).toEqual(['a@500', 'a@1000', 'a@1000', 'a@2000', 'a@3000', 'a@3000']);
    expect(out.a.runs.map((r) => r.rate)).toEqual([500, 1000, 1000, 2000, 3000, 3000]);
  });

  it('retries failed bisection steps too, and with one attempt a single failure ends the climb', async () => {
    const calls: string[] = [];
    const twice = await climb(
      ['a'] as const,
      [1000, 2000],
      async (side, rate) => {
        calls.push(`${side}@${rate}`);
        return result(rate, rate > 1200 ? 80 : 10);
      },
      { refine: 1 },
    );
    expect(twice.a.maxSustainedPerSec).toBe(1000);
    expect(calls).toEqual(['a@1000', 'a@2000', 'a@2000', 'a@1500', 'a@1500']);

    const once = await climb(
      ['a'] as const,
      [500, 1000, 2000],
      async (_side, rate) => result(rate, rate === 1000 ? 150 : 10),
      {
        attempts: 1,
        refine: 0,
      },
    );
    expect(once.a.maxSustainedPerSec).toBe(500);
    expect(once.a.runs).toHaveLength(2);
  });
});
