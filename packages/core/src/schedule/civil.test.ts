import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil, weekdayOfDays } from './civil';

describe('civil calendar arithmetic', () => {
  it('counts days from the epoch like Date.UTC does', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 2, 29)).toBe(Date.UTC(2000, 1, 29) / 86_400_000);
    expect(daysFromCivil(1900, 3, 1)).toBe(Date.UTC(1900, 2, 1) / 86_400_000);
  });

  it('round-trips every day between years 1600 and 2400', () => {
    fc.assert(
      fc.property(fc.integer({ min: daysFromCivil(1600, 1, 1), max: daysFromCivil(2400, 12, 31) }), (days) => {
        const { year, month, day } = civilFromDays(days);
        expect(daysFromCivil(year, month, day)).toBe(days);
        const viaDate = new Date(days * 86_400_000);
        expect([year, month, day]).toEqual([viaDate.getUTCFullYear(), viaDate.getUTCMonth() + 1, viaDate.getUTCDate()]);
      }),
    );
  });

  it('numbers weekdays from Sunday = 0, also before 1970', () => {
    expect(weekdayOfDays(daysFromCivil(2024, 6, 2))).toBe(0);
    expect(weekdayOfDays(daysFromCivil(1969, 12, 31))).toBe(3);
  });
});
