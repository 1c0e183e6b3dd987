import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, isValidTimeZone, nextOffsetChange, offsetAt, rawOffsetMs } from './time-zone';

const H = 3_600_000;
const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h, mi, s);

describe('time-zone offsets from Intl', () => {
  it('knows standard and summer offsets', () => {
    expect(offsetAt('America/New_York', utc(2024, 1, 15))).toBe(-5 * H);
    expect(offsetAt('America/New_York', utc(2024, 7, 15))).toBe(-4 * H);
    expect(offsetAt('Europe/Madrid', utc(2024, 7, 15))).toBe(2 * H);
    expect(offsetAt('Australia/Lord_Howe', utc(2024, 1, 15))).toBe(11 * H);
    expect(offsetAt('Australia/Lord_Howe', utc(2024, 7, 15))).toBe(10.5 * H);
    expect(offsetAt('Asia/Kathmandu', utc(2024, 7, 15))).toBe(5.75 * H);
    expect(offsetAt('UTC', utc(2024, 7, 15))).toBe(0);
  });

  it('keeps historic rules (Montevideo and São Paulo summer time)', () => {
    expect(offsetAt('America/Montevideo', utc(2015, 1, 15))).toBe(-2 * H);
    expect(offsetAt('America/Montevideo', utc(2016, 1, 15))).toBe(-3 * H);
    expect(offsetAt('America/Sao_Paulo', utc(2019, 1, 15))).toBe(-2 * H);
    expect(offsetAt('America/Sao_Paulo', utc(2020, 1, 15))).toBe(-3 * H);
  });

  it('resolves offsets with seconds (Monrovia before 1972)', () => {
    expect(offsetAt('Africa/Monrovia', utc(1960, 1, 1))).toBe(-(44 * 60 + 30) * 1000);
  });

  it('switches exactly at the transition instant', () => {
    const springForward = utc(2024, 3, 10, 7);
    expect(offsetAt('America/New_York', springForward - 1)).toBe(-5 * H);
    expect(offsetAt('America/New_York', springForward)).toBe(-4 * H);
    const lordHoweBack = utc(2024, 4, 6, 15);
    expect(offsetAt('Australia/Lord_Howe', lordHoweBack - 1)).toBe(11 * H);
    expect(offsetAt('Australia/Lord_Howe', lordHoweBack)).toBe(10.5 * H);
  });

  it('finds the next offset change inside a span, inclusive of its end', () => {
    const fallBack = utc(2024, 11, 3, 6);
    expect(nextOffsetChange('America/New_York', utc(2024, 10, 20), utc(2024, 11, 10))).toBe(fallBack);
    expect(nextOffsetChange('America/New_York', utc(2024, 10, 20), fallBack)).toBe(fallBack);
    expect(nextOffsetChange('America/New_York', utc(2024, 10, 20), fallBack - 1)).toBeNull();
    expect(nextOffsetChange('America/New_York', fallBack, utc(2024, 12, 1))).toBeNull();
    // A switch exactly on an hour boundary is seen as the start of that hour.
    expect(nextOffsetChange('Europe/Madrid', utc(2024, 3, 30), utc(2024, 4, 2))).toBe(utc(2024, 3, 31, 1));
  });

  it('agrees with an uncached Intl reading at any instant', () => {
    const zones = [
      'America/New_York',
      'Europe/Madrid',
      'America/Sao_Paulo',
      'Australia/Lord_Howe',
      'America/Montevideo',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: utc(1990, 1, 1), max: utc(2040, 1, 1) }), (zone, at) => {
        const format = new Intl.DateTimeFormat('en-US', {
          timeZone: zone,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
        });
        expect(offsetAt(zone, at)).toBe(rawOffsetMs(format, at));
      }),
      { numRuns: 300 },
    );
  });

  it('validates zone names through Intl', () => {
    expect(isValidTimeZone('America/Montevideo')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('spells a zone name the way Intl does', () => {
    expect(canonicalTimeZone('america/montevideo')).toBe('America/Montevideo');
    expect(canonicalTimeZone('Nowhere/Land')).toBeNull();
  });
});
