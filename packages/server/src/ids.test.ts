import { describe, expect, it } from 'vitest';
import { monotonicId } from './ids';

describe('monotonic ids', () => {
  it('sort by creation and stay distinct past the random pool refilling (thousands in one millisecond)', () => {
    const ids = Array.from({ length: 5000 }, () => monotonicId(1_700_000_000_000));
    ids.push(monotonicId(1_700_000_000_001));
    expect(ids.every((id) => /^[0-9a-z]{13}[0-9a-f]{8}$/.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids.map((id) => id.slice(13))).size).toBeGreaterThan(4990);
  });
});
