import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOpen, nextTransition } from './open-state';
import { nextOffsetChange, offsetAt } from './time-zone';
import type { CustomSchedule, ScheduleRange } from './types';

const M = 60_000;
const utc = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);
const weekdays = (from: string, to: string): ScheduleRange[] => [1, 2, 3, 4, 5].map((day) => ({ day, from, to }));

// uContact's classic default: Monday–Friday 09:00–17:59.
const office: CustomSchedule = { timezone: 'America/Montevideo', ranges: weekdays('09:00', '17:59') };

describe('isOpen', () => {
  it('is always open without a schedule and always closed with an empty one', () => {
    expect(isOpen(null, utc(2024, 6, 1))).toBe(true);
    expect(isOpen({ timezone: 'UTC', ranges: [] }, utc(2024, 6, 1))).toBe(false);
    expect(nextTransition(null, 0)).toBeNull();
    expect(nextTransition({ timezone: 'UTC', ranges: [] }, 0)).toBeNull();
  });

  it('opens at `from` and stays open through the whole `to` minute (Montevideo, UTC−3)', () => {
    // Monday 2024-06-03.
    expect(isOpen(office, utc(2024, 6, 3, 12) - 1)).toBe(false);
    expect(isOpen(office, utc(2024, 6, 3, 12))).toBe(true);
    expect(isOpen(office, utc(2024, 6, 3, 21) - 1)).toBe(true);
    expect(isOpen(office, utc(2024, 6, 3, 21))).toBe(false);
    expect(isOpen(office, utc(2024, 6, 8, 15))).toBe(false); // Saturday
  });

  it('reads the weekday in the zone: Sunday 22:00 in Montevideo is Monday 01:00 UTC', () => {
    const sundayNight: CustomSchedule = {
      timezone: 'America/Montevideo',
      ranges: [{ day: 0, from: '22:00', to: '22:59' }],
    };
    expect(isOpen(sundayNight, utc(2024, 6, 3, 1, 30))).toBe(true);
  });

  it('is open for exactly one minute when from equals to', () => {
    const minute: CustomSchedule = { timezone: 'UTC', ranges: [{ day: 1, from: '10:00', to: '10:00' }] };
    expect(nextTransition(minute, utc(2024, 6, 3, 9))).toEqual({ at: utc(2024, 6, 3, 10), opens: true });
    expect(nextTransition(minute, utc(2024, 6, 3, 10))).toEqual({ at: utc(2024, 6, 3, 10, 1), opens: false });
  });
});

describe('nextTransition', () => {
  it('jumps over the weekend to Monday 09:00', () => {
    expect(nextTransition(office, utc(2024, 6, 7, 21))).toEqual({ at: utc(2024, 6, 10, 12), opens: true });
    expect(nextTransition(office, utc(2024, 6, 7, 15))).toEqual({ at: utc(2024, 6, 7, 21), opens: false });
  });

  it('treats 23:59 followed by 00:00 the next day as one open stretch, wrapping Saturday to Sunday', () => {
    const overnight: CustomSchedule = {
      timezone: 'UTC',
      ranges: [
        { day: 6, from: '20:00', to: '23:59' },
        { day: 0, from: '00:00', to: '05:59' },
      ],
    };
    expect(nextTransition(overnight, utc(2024, 6, 1, 21))).toEqual({ at: utc(2024, 6, 2, 6), opens: false });
  });

  it('opens an hour earlier in UTC on the day Madrid moves to summer time', () => {
    const daily: CustomSchedule = {
      timezone: 'Europe/Madrid',
      ranges: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from: '09:00', to: '17:59' })),
    };
    expect(nextTransition(daily, utc(2024, 3, 29, 17))).toEqual({ at: utc(2024, 3, 30, 8), opens: true });
    expect(nextTransition(daily, utc(2024, 3, 30, 17))).toEqual({ at: utc(2024, 3, 31, 7), opens: true });
  });

  it('never opens a range that falls in a spring-forward gap (New York, 02:00 → 03:00)', () => {
    const gap: CustomSchedule = { timezone: 'America/New_York', ranges: [{ day: 0, from: '02:00', to: '02:30' }] };
    const springSunday = utc(2024, 3, 10, 7); // 03:00 EDT, the instant the clock jumps
    expect(isOpen(gap, springSunday - 1)).toBe(false);
    expect(isOpen(gap, springSunday)).toBe(false);
    // The next opening is the following Sunday, 02:00 EDT.
    expect(nextTransition(gap, utc(2024, 3, 9, 12))).toEqual({ at: utc(2024, 3, 17, 6), opens: true });
  });

  it('opens twice when the range is in the repeated hour of a fall-back (New York, 02:00 → 01:00)', () => {
    const twice: CustomSchedule = { timezone: 'America/New_York', ranges: [{ day: 0, from: '01:00', to: '01:29' }] };
    expect(nextTransition(twice, utc(2024, 11, 3, 4))).toEqual({ at: utc(2024, 11, 3, 5), opens: true });
    expect(nextTransition(twice, utc(2024, 11, 3, 5))).toEqual({ at: utc(2024, 11, 3, 5, 30), opens: false });
    expect(nextTransition(twice, utc(2024, 11, 3, 5, 30))).toEqual({ at: utc(2024, 11, 3, 6), opens: true });
    expect(nextTransition(twice, utc(2024, 11, 3, 6))).toEqual({ at: utc(2024, 11, 3, 6, 30), opens: false });
  });

  it('stays open across a half-hour fall-back when the range covers the repeated half hour (Lord Howe)', () => {
    // 2024-04-07 02:00 (+11) becomes 01:30 (+10:30): 01:30–01:59 is lived twice, back to back.
    const repeated: CustomSchedule = {
      timezone: 'Australia/Lord_Howe',
      ranges: [{ day: 0, from: '01:30', to: '01:59' }],
    };
    expect(nextTransition(repeated, utc(2024, 4, 6, 14))).toEqual({ at: utc(2024, 4, 6, 14, 30), opens: true });
    expect(isOpen(repeated, utc(2024, 4, 6, 15))).toBe(true);
    expect(nextTransition(repeated, utc(2024, 4, 6, 14, 45))).toEqual({ at: utc(2024, 4, 6, 15, 30), opens: false });
  });

  it('skips a half-hour spring-forward gap (Lord Howe, 02:00 → 02:30)', () => {
    const gap: CustomSchedule = { timezone: 'Australia/Lord_Howe', ranges: [{ day: 0, from: '02:00', to: '02:14' }] };
    // Sunday 2024-10-06: never open; next Sunday 02:00 (+11) = Saturday 15:00 UTC.
    expect(nextTransition(gap, utc(2024, 10, 5, 12))).toEqual({ at: utc(2024, 10, 12, 15), opens: true });
  });

  it("handles São Paulo's historic midnight changes", () => {
    // 2018-11-04 00:00 did not exist (clocks went to 01:00).
    const midnight: CustomSchedule = {
      timezone: 'America/Sao_Paulo',
      ranges: [{ day: 0, from: '00:00', to: '00:59' }],
    };
    expect(nextTransition(midnight, utc(2018, 11, 3, 12))).toEqual({ at: utc(2018, 11, 11, 2), opens: true });
    // 2019-02-16 23:00–23:59 was lived twice (−02 then −03): open two hours in a row.
    const lateSaturday: CustomSchedule = {
      timezone: 'America/Sao_Paulo',
      ranges: [{ day: 6, from: '23:00', to: '23:59' }],
    };
    expect(nextTransition(lateSaturday, utc(2019, 2, 16, 12))).toEqual({ at: utc(2019, 2, 17, 1), opens: true });
    expect(nextTransition(lateSaturday, utc(2019, 2, 17, 1))).toEqual({ at: utc(2019, 2, 17, 3), opens: false });
  });

  const zones = [
    'America/New_York',
    'Europe/Madrid',
    'America/Sao_Paulo',
    'America/Montevideo',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
  ];
  // Random instants rarely land near a clock change, so half the cases start within a week of one.
  const clockChanges = zones.flatMap((zone) => {
    const found: { zone: string; at: number }[] = [];
    // Probe day by day (cheap), then pin the change down inside the day that has one.
    for (let day = utc(2012, 1, 1); day < utc(2021, 1, 1); day += 1440 * M) {
      if (offsetAt(zone, day) === offsetAt(zone, day + 1440 * M)) continue;
      const at = nextOffsetChange(zone, day, day + 1440 * M);
      if (at !== null) found.push({ zone, at });
    }
    return found;
  });
  const nearClockChange = fc
    .record({ change: fc.constantFrom(...clockChanges), shift: fc.integer({ min: -7 * 1440 * M, max: 1440 * M }) })
    .map(({ change, shift }) => ({ zone: change.zone, at: change.at + shift }));
  const anywhere = fc.record({
    zone: fc.constantFrom(...zones),
    at: fc.integer({ min: utc(1995, 1, 1), max: utc(2035, 1, 1) }),
  });

  it('agrees with a minute-by-minute scan of isOpen, for random schedules and zones', () => {
    const hhmm = fc.integer({ min: 0, max: 1439 });
    const range = fc.record({ day: fc.integer({ min: 0, max: 6 }), a: hhmm, b: hhmm }).map(({ day, a, b }) => {
      const text = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      return { day, from: text(Math.min(a, b)), to: text(Math.max(a, b)) };
    });
    const ranges = fc.array(range, { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(ranges, fc.oneof(anywhere, nearClockChange), (r, { zone, at }) => {
        const s: CustomSchedule = { timezone: zone, ranges: r };
        const state = isOpen(s, at);
        let expected: number | null = null;
        // Offsets are whole minutes in these zones, so changes happen on UTC minute boundaries.
        for (let t = Math.floor(at / M) * M + M; t <= at + 15 * 1440 * M; t += M) {
          if (isOpen(s, t) !== state) {
            expected = t;
            break;
          }
        }
        const actual = nextTransition(s, at);
        expect(actual).toEqual(expected === null ? null : { at: expected, opens: !state });
      }),
      { numRuns: 300 },
    );
  });
});
