import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CampaignCounters, type CounterEvent } from './counters';
import { emptyTally, isShortAbandon, isWithinServiceLevel, serviceFigures, type WaitThresholds } from './service-level';

const M = 60_000;
const H = 60 * M;
const utc = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);
const thresholds: WaitThresholds = { serviceLevel: 20, shortAbandon: 5 };

function feed(counters: CampaignCounters, events: CounterEvent[]): CampaignCounters {
  for (const event of events) counters.record(event);
  return counters;
}

/** The service-level definitions applied directly to a list of events: the reference the buckets must agree with. */
function directFigures(events: CounterEvent[], t: WaitThresholds, from: number, to: number) {
  const tally = emptyTally();
  for (const e of events) {
    if (e.at < from || e.at >= to) continue;
    if (e.type === 'arrived') tally.arrivals++;
    if (e.type === 'transferred') tally.transferred++;
    if (e.type === 'closed') {
      tally.closed++;
      tally.handleSumMs += e.handleMs;
    }
    if (e.type === 'rejected') {
      if (e.reason === 'queue_full') tally.queueFull++;
      if (e.reason === 'out_of_schedule') tally.outOfSchedule++;
      if (e.reason === 'unrouted') tally.unrouted++;
    }
    if (e.type === 'answered') {
      tally.answered++;
      tally.waitSumMs += e.waitMs;
      if (isWithinServiceLevel(e.waitMs, t)) tally.answeredWithinT++;
    }
    if (e.type === 'abandoned') {
      if (isShortAbandon(e.waitMs, t)) tally.shortAbandoned++;
      else {
        tally.abandoned++;
        if (isWithinServiceLevel(e.waitMs, t)) tally.abandonedWithinT++;
      }
    }
  }
  return serviceFigures(tally);
}

describe('CampaignCounters', () => {
  it('counts each kind of event in the bucket of the moment it happened', () => {
    const c = feed(new CampaignCounters({ thresholds }), [
      { type: 'arrived', at: utc(2024, 6, 3, 10, 5) },
      { type: 'answered', at: utc(2024, 6, 3, 10, 20), waitMs: 15_000 },
      { type: 'closed', at: utc(2024, 6, 3, 10, 40), handleMs: 300_000 },
      { type: 'transferred', at: utc(2024, 6, 3, 10, 41) },
      { type: 'rejected', at: utc(2024, 6, 3, 10, 42), reason: 'queue_full' },
      { type: 'rejected', at: utc(2024, 6, 3, 10, 43), reason: 'out_of_schedule' },
      { type: 'rejected', at: utc(2024, 6, 3, 10, 44), reason: 'unrouted' },
    ]);
    expect(c.figures(utc(2024, 6, 3, 10), utc(2024, 6, 3, 10, 30))).toMatchObject({
      arrivals: 1,
      answered: 1,
      closed: 0,
    });
    expect(c.figures(utc(2024, 6, 3, 10), utc(2024, 6, 3, 11))).toMatchObject({
      arrivals: 1,
      answered: 1,
      answeredWithinT: 1,
      closed: 1,
      averageHandleMs: 300_000,
      transferred: 1,
      queueFull: 1,
      outOfSchedule: 1,
      unrouted: 1,
      serviceLevelPercent: 100,
    });
  });

  it("sums only the campaign's local day for today (Montevideo, UTC−3)", () => {
    const c = feed(new CampaignCounters({ thresholds }), [
      { type: 'answered', at: utc(2024, 6, 4, 2, 59), waitMs: 1000 }, // June 3, 23:59 local
      { type: 'answered', at: utc(2024, 6, 4, 3), waitMs: 60_000 }, // June 4, 00:00 local
    ]);
    expect(c.today('America/Montevideo', utc(2024, 6, 4, 15))).toMatchObject({ answered: 1, serviceLevelPercent: 0 });
    expect(c.today('America/Montevideo', utc(2024, 6, 4, 1))).toMatchObject({ answered: 1, serviceLevelPercent: 100 });
    expect(c.today('UTC', utc(2024, 6, 4, 15))).toMatchObject({ answered: 2, serviceLevelPercent: 50 });
  });

  it('counts the 25th hour of a fall-back day as today (New York, 2024-11-03)', () => {
    const c = feed(new CampaignCounters({ thresholds }), [
      { type: 'arrived', at: utc(2024, 11, 3, 4, 10) }, // 00:10 EDT
      { type: 'arrived', at: utc(2024, 11, 4, 4, 30) }, // 23:30 EST, same local day
      { type: 'arrived', at: utc(2024, 11, 4, 5, 0) }, // 00:00 EST, November 4
    ]);
    expect(c.today('America/New_York', utc(2024, 11, 3, 12)).arrivals).toBe(2);
  });

  it('cuts the day on a half-hour boundary for a +10:30 zone (Lord Howe)', () => {
    const c = feed(new CampaignCounters({ thresholds }), [
      { type: 'arrived', at: utc(2024, 7, 15, 13, 29) }, // 23:59 local, July 15
      { type: 'arrived', at: utc(2024, 7, 15, 13, 30) }, // 00:00 local, July 16
    ]);
    expect(c.today('Australia/Lord_Howe', utc(2024, 7, 16, 0)).arrivals).toBe(1);
  });

  it('re-counts kept waits when the service level or short-abandon threshold changes', () => {
    const c = feed(new CampaignCounters({ thresholds }), [
      { type: 'answered', at: utc(2024, 6, 3, 10), waitMs: 10_000 },
      { type: 'answered', at: utc(2024, 6, 3, 10), waitMs: 45_000 },
      { type: 'abandoned', at: utc(2024, 6, 3, 11), waitMs: 8_000 },
    ]);
    const day = [utc(2024, 6, 3), utc(2024, 6, 4)] as const;
    expect(c.figures(...day)).toMatchObject({ serviceLevelPercent: 50, abandoned: 1, shortAbandoned: 0 });
    c.setThresholds({ serviceLevel: 60, shortAbandon: 10 });
    expect(c.figures(...day)).toMatchObject({
      serviceLevelPercent: 100,
      abandoned: 0,
      shortAbandoned: 1,
      abandonPercent: 0,
    });
    c.record({ type: 'answered', at: utc(2024, 6, 3, 12), waitMs: 50_000 });
    expect(c.figures(...day)).toMatchObject({ answered: 3, answeredWithinT: 3, averageWaitMs: 35_000 });
  });

  it('gives chart points per hour with empty hours as zeros and "—" SL', () => {
    const c = feed(new CampaignCounters({ thresholds }), [
      { type: 'arrived', at: utc(2024, 6, 3, 10, 1) },
      { type: 'answered', at: utc(2024, 6, 3, 10, 50), waitMs: 30_000 },
      { type: 'abandoned', at: utc(2024, 6, 3, 12, 10), waitMs: 30_000 },
    ]);
    expect(c.chart(utc(2024, 6, 3, 10), utc(2024, 6, 3, 13), 60)).toEqual([
      { startsAt: utc(2024, 6, 3, 10), arrivals: 1, answered: 1, abandoned: 0, serviceLevelPercent: 0 },
      { startsAt: utc(2024, 6, 3, 11), arrivals: 0, answered: 0, abandoned: 0, serviceLevelPercent: null },
      { startsAt: utc(2024, 6, 3, 12), arrivals: 0, answered: 0, abandoned: 1, serviceLevelPercent: null },
    ]);
    expect(() => c.chart(0, H, 20)).toThrow(RangeError);
  });

  it('drops buckets older than the retention', () => {
    const c = feed(new CampaignCounters({ thresholds, retentionMs: 2 * H }), [
      { type: 'arrived', at: utc(2024, 6, 3, 8) },
      { type: 'arrived', at: utc(2024, 6, 3, 9) },
      { type: 'arrived', at: utc(2024, 6, 3, 11) },
    ]);
    expect(c.retained().map((b) => b.startsAt)).toEqual([utc(2024, 6, 3, 9), utc(2024, 6, 3, 11)]);
  });

  it('refuses bucket lengths that would not stay aligned to local quarter-hours', () => {
    expect(() => new CampaignCounters({ thresholds, bucketMinutes: 7 })).toThrow(RangeError);
    expect(() => new CampaignCounters({ thresholds, bucketMinutes: 60 })).toThrow(RangeError);
    expect(new CampaignCounters({ thresholds, bucketMinutes: 5 }).bucketMs).toBe(5 * M);
  });

  it('agrees with D5 applied to the raw events, also after a threshold change', () => {
    const start = utc(2024, 11, 2);
    const span = 3 * 24 * H;
    const at = fc.integer({ min: start, max: start + span - 1 });
    const wait = fc.integer({ min: 0, max: 120_000 });
    const event: fc.Arbitrary<CounterEvent> = fc.oneof(
      at.map((t) => ({ type: 'arrived' as const, at: t })),
      fc.record({ at, waitMs: wait }).map((e) => ({ type: 'answered' as const, ...e })),
      fc.record({ at, waitMs: wait }).map((e) => ({ type: 'abandoned' as const, ...e })),
      fc
        .record({ at, handleMs: fc.integer({ min: 0, max: 3_600_000 }) })
        .map((e) => ({ type: 'closed' as const, ...e })),
      at.map((t) => ({ type: 'transferred' as const, at: t })),
      fc
        .record({ at, reason: fc.constantFrom('queue_full' as const, 'out_of_schedule' as const, 'unrouted' as const) })
        .map((e) => ({ type: 'rejected' as const, ...e })),
    );
    const threshold = fc.record({
      serviceLevel: fc.integer({ min: 1, max: 90 }),
      shortAbandon: fc.integer({ min: 0, max: 30 }),
    });
    const zone = fc.constantFrom('America/New_York', 'America/Montevideo', 'Australia/Lord_Howe', 'Asia/Kathmandu');
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 200 }).map((events) => events.sort((a, b) => a.at - b.at)),
        threshold,
        threshold,
        zone,
        fc.integer({ min: start, max: start + span - 1 }),
        (all, before, after, timeZone, now) => {
          // A live feed: everything recorded happened before `now`.
          const events = all.filter((e) => e.at <= now);
          const c = feed(new CampaignCounters({ thresholds: before }), events);
          c.setThresholds(after);
          const today = c.today(timeZone, now);
          const day = new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
          const onDay = events.filter((e) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(e.at) === day);
          expect(today).toEqual(directFigures(onDay, after, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY));
        },
      ),
      { numRuns: 150 },
    );
  });
});
