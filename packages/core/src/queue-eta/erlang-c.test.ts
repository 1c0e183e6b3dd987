import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erlangC, erlangCExpectedWait } from './erlang-c';

describe('erlangC', () => {
  it.each([
    // [slots, load, P(wait)]: M/M/1 waits with probability ρ; M/M/2 at a = 1 is 1/3 (textbook values).
    [1, 0.5, 0.5],
    [1, 0.9, 0.9],
    [2, 1, 1 / 3],
    [10, 8, 0.409],
    [3, 2, 0.444],
  ])('with %d slots and %f Erlangs the chance of waiting is %f', (c, a, expected) => {
    expect(erlangC(c, a)).toBeCloseTo(expected, 3);
  });

  it('says everybody waits when the load meets or exceeds the slots, nobody when there is no load', () => {
    expect(erlangC(3, 3)).toBe(1);
    expect(erlangC(3, 5)).toBe(1);
    expect(erlangC(0, 1)).toBe(1);
    expect(erlangC(4, 0)).toBe(0);
  });

  it('stays a probability that grows with the load and shrinks with the slots, even for hundreds of slots', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (c, rho) => {
        const p = erlangC(c, c * rho);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(erlangC(c, c * rho * 0.9)).toBeLessThanOrEqual(p + 1e-12);
        expect(erlangC(c + 1, c * rho)).toBeLessThanOrEqual(p + 1e-12);
      }),
    );
  });
});

describe('erlangCExpectedWait', () => {
  it('is C × AHT ÷ (c − a): two slots, one Erlang, 60 s handling waits 20 s on average', () => {
    expect(erlangCExpectedWait({ arrivalsPerSecond: 1 / 60, ahtSeconds: 60, servers: 2 })).toBeCloseTo(20, 6);
  });

  it('has no answer without slots, without handling time, or when the queue grows without bound', () => {
    expect(erlangCExpectedWait({ arrivalsPerSecond: 0.1, ahtSeconds: 60, servers: 0 })).toBeNull();
    expect(erlangCExpectedWait({ arrivalsPerSecond: 0.1, ahtSeconds: 0, servers: 2 })).toBeNull();
    expect(erlangCExpectedWait({ arrivalsPerSecond: 1, ahtSeconds: 60, servers: 2 })).toBeNull();
  });
});
