import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDay, localTime } from './local-day';

const H = 3_600_000;
const utc = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);

describe('localDay: the campaign\'s "today"', () => {
  it('is 24 h on an ordinary day, starting at local midnight', () => {
    const day = localDay('America/Montevideo', utc(2024, 6, 3, 12));
    expect(day).toEqual({ year: 2024, month: 6, day: 3, startsAt: utc(2024, 6, 3, 3), endsAt: utc(2024, 6, 4, 3) });
  });

  it('follows the zone, not UTC, near midnight', () => {
    // 02:00 UTC on June 4th is still June 3rd, 23:00 in Montevideo.
    expect(localDay('America/Montevideo', utc(2024, 6, 4, 2)).day).toBe(3);
    expect(localDay('Asia/Kathmandu', utc(2024, 6, 3, 18, 15))).toMatchObject({
      day: 4,
      startsAt: utc(2024, 6, 3, 18, 15),
    });
  });

  it('lasts 23 h on a spring-forward day and 25 h on a fall-back day (New York)', () => {
    const spring = localDay('America/New_York', utc(2024, 3, 10, 12));
    expect(spring.startsAt).toBe(utc(2024, 3, 10, 5));
    expect(spring.endsAt - spring.startsAt).toBe(23 * H);
    const fall = localDay('America/New_York', utc(2024, 11, 3, 12));
    expect(fall.startsAt).toBe(utc(2024, 11, 3, 4));
    expect(fall.endsAt - fall.startsAt).toBe(25 * H);
  });

  it('starts at 01:00 when midnight is skipped (São Paulo, 2018)', () => {
    const day = localDay('America/Sao_Paulo', utc(2018, 11, 4, 12));
    expect(day).toMatchObject({ year: 2018, month: 11, day: 4, startsAt: utc(2018, 11, 4, 3) });
    expect(day.endsAt - day.startsAt).toBe(23 * H);
    expect(localDay('America/Sao_Paulo', utc(2018, 11, 3, 12)).endsAt).toBe(day.startsAt);
  });

  it('has 23:00–23:59 twice when summer time ends at midnight (São Paulo, 2019)', () => {
    const day = localDay('America/Sao_Paulo', utc(2019, 2, 16, 12));
    expect(day.startsAt).toBe(utc(2019, 2, 16, 2));
    expect(day.endsAt).toBe(utc(2019, 2, 17, 3));
  });

  it('lasts 24.5 h when Lord Howe falls back half an hour', () => {
    const day = localDay('Australia/Lord_Howe', utc(2024, 4, 7, 0));
    expect(day).toMatchObject({ year: 2024, month: 4, day: 7, startsAt: utc(2024, 4, 6, 13) });
    expect(day.endsAt - day.startsAt).toBe(24.5 * H);
  });

  it('contains its own bounds: startsAt is in the day, endsAt is the next day', () => {
    const zones = [
      'America/New_York',
      'Europe/Madrid',
      'America/Sao_Paulo',
      'Australia/Lord_Howe',
      'America/Montevideo',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: utc(1995, 1, 1), max: utc(2035, 1, 1) }), (zone, at) => {
        const day = localDay(zone, at);
        expect(day.startsAt).toBeLessThanOrEqual(at);
        expect(day.endsAt).toBeGreaterThan(at);
        expect(localDay(zone, day.startsAt)).toEqual(day);
        expect(localDay(zone, day.endsAt - 1)).toEqual(day);
        expect(localDay(zone, day.endsAt).startsAt).toBe(day.endsAt);
        expect(localDay(zone, day.startsAt - 1).endsAt).toBe(day.startsAt);
      }),
      { numRuns: 200 },
    );
  });
  it('chains day after day for nine years, each 23 to 25 hours long, in every test zone', () => {
    for (const zone of [
      'America/New_York',
      'Europe/Madrid',
      'America/Sao_Paulo',
      'America/Montevideo',
      'Australia/Lord_Howe',
    ]) {
      let day = localDay(zone, utc(2012, 1, 1, 12));
      while (day.startsAt < utc(2021, 1, 1)) {
        const next = localDay(zone, day.endsAt);
        expect(next.startsAt).toBe(day.endsAt);
        expect(Date.UTC(next.year, next.month - 1, next.day) - Date.UTC(day.year, day.month - 1, day.day)).toBe(24 * H);
        expect(next.endsAt - next.startsAt).toBeGreaterThanOrEqual(23 * H);
        expect(next.endsAt - next.startsAt).toBeLessThanOrEqual(25 * H);
        day = next;
      }
    }
  });
});

describe('localTime', () => {
  it('gives weekday and wall-clock fields in the zone', () => {
    expect(localTime('Europe/Madrid', utc(2024, 3, 31, 1))).toEqual({
      year: 2024,
      month: 3,
      day: 31,
      weekday: 0,
      hour: 3,
      minute: 0,
    });
  });
});
