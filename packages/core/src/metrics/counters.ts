// Incremental monitoring figures per campaign (docs/adr/0006-monitoring-and-search.md: never rescan interactions).
//
// Events are counted into fixed-length buckets keyed by their UTC start. Buckets are aligned
// to UTC quarter-hours, which are also local quarter-hours in every zone in use today (all
// offsets are whole multiples of 15 min, incl. +05:45 and Lord Howe's +10:30), so a local day
// or a local hour is always a whole run of buckets. An event is counted in the bucket of the
// moment it happened: an answer at 10:05 counts at 10:05 even if the customer queued at 09:58.
//
// Thresholds can change at runtime, and `serviceLevel` / `shortAbandon` decide how each wait
// is counted. A histogram would only be exact for the thresholds on its bucket edges, so each
// bucket keeps the raw waits of its answers and abandons as well as the counts for the current
// thresholds: counting stays O(1), and a threshold change re-counts the retained buckets once
// (O(events kept), about two days of them). Past the retention, buckets are dropped.
import { localDay } from '../schedule/local-day';
import {
  addTally,
  emptyTally,
  isShortAbandon,
  isWithinServiceLevel,
  serviceFigures,
  type ServiceFigures,
  type Tally,
  type WaitThresholds,
} from './service-level';

export type RejectReason = 'queue_full' | 'out_of_schedule' | 'unrouted';

export type CounterEvent =
  /** The interaction reached the campaign (feed it also for hand-offs then refused). */
  | { type: 'arrived'; at: number }
  /** Taken by an agent; waitMs = queue entry → taken (entry kept across transfers). */
  | { type: 'answered'; at: number; waitMs: number }
  /** Customer left, or queue timeout (counted as abandoned). */
  | { type: 'abandoned'; at: number; waitMs: number }
  /** Closed after being taken; handleMs = taken → closed. */
  | { type: 'closed'; at: number; handleMs: number }
  | { type: 'transferred'; at: number }
  /** Refused at the door (queue_full, out_of_schedule, unrouted) or closed waiting when the campaign closed (out_of_schedule). */
  | { type: 'rejected'; at: number; reason: RejectReason };

export interface Bucket extends Tally {
  readonly startsAt: number;
  readonly answerWaits: number[];
  readonly abandonWaits: number[];
}

export interface ChartPoint {
  startsAt: number;
  arrivals: number;
  answered: number;
  abandoned: number;
  serviceLevelPercent: number | null;
}

export interface CampaignCountersOptions {
  thresholds: WaitThresholds;
  /** Bucket length; must divide 15 so buckets stay aligned in every zone. Default 15. */
  bucketMinutes?: number;
  /** How long buckets (and their raw waits) are kept after the newest event. Default 48 h: a local day plus a chart. */
  retentionMs?: number;
}

const MINUTE_MS = 60_000;

export class CampaignCounters {
  readonly bucketMs: number;
  private readonly retentionMs: number;
  private thresholds: WaitThresholds;
  // Map keeps insertion order, which is time order for a live feed, so pruning pops from the front.
  private readonly buckets = new Map<number, Bucket>();
  private newest = Number.NEGATIVE_INFINITY;

  constructor(options: CampaignCountersOptions) {
    const minutes = options.bucketMinutes ?? 15;
    if (!Number.isInteger(minutes) || minutes <= 0 || 15 % minutes !== 0) {
      throw new RangeError(`bucketMinutes must divide 15, got ${minutes}`);
    }
    this.bucketMs = minutes * MINUTE_MS;
    this.retentionMs = options.retentionMs ?? 48 * 3_600_000;
    this.thresholds = { ...options.thresholds };
  }

  /** O(1) amortised. */
  record(event: CounterEvent): void {
    const bucket = this.bucketAt(event.at);
    switch (event.type) {
      case 'arrived':
        bucket.arrivals++;
        break;
      case 'answered':
        bucket.answerWaits.push(event.waitMs);
        this.countAnswer(bucket, event.waitMs);
        break;
      case 'abandoned':
        bucket.abandonWaits.push(event.waitMs);
        this.countAbandon(bucket, event.waitMs);
        break;
      case 'closed':
        bucket.closed++;
        bucket.handleSumMs += event.handleMs;
        break;
      case 'transferred':
        bucket.transferred++;
        break;
      case 'rejected':
        if (event.reason === 'queue_full') bucket.queueFull++;
        else if (event.reason === 'out_of_schedule') bucket.outOfSchedule++;
        else bucket.unrouted++;
        break;
    }
  }

  /** New thresholds apply to every retained bucket, as if they had always been in force. */
  setThresholds(thresholds: WaitThresholds): void {
    this.thresholds = { ...thresholds };
    for (const bucket of this.buckets.values()) {
      bucket.answered = bucket.answeredWithinT = bucket.waitSumMs = 0;
      bucket.abandoned = bucket.abandonedWithinT = bucket.shortAbandoned = 0;
      for (const wait of bucket.answerWaits) this.countAnswer(bucket, wait);
      for (const wait of bucket.abandonWaits) this.countAbandon(bucket, wait);
    }
  }

  /** Figures over the buckets that start in [from, to): O(buckets in range). */
  figures(from: number, to: number): ServiceFigures {
    const total = emptyTally();
    for (const bucket of this.bucketsIn(from, to)) addTally(total, bucket);
    return serviceFigures(total);
  }

  /** Today's figures, "today" being the local day of the campaign's time zone. */
  today(timeZone: string, now: number): ServiceFigures {
    const day = localDay(timeZone, now);
    return this.figures(day.startsAt, day.endsAt);
  }

  /**
   * Points of the last-hours chart from `from` (inclusive) to `to` (exclusive), one per
   * `stepMinutes` (a multiple of the bucket length), empty intervals included as zeros.
   */
  chart(from: number, to: number, stepMinutes = this.bucketMs / MINUTE_MS): ChartPoint[] {
    const stepMs = stepMinutes * MINUTE_MS;
    if (stepMs <= 0 || stepMs % this.bucketMs !== 0)
      throw new RangeError('stepMinutes must be a multiple of the bucket length');
    const points: ChartPoint[] = [];
    for (let start = from; start < to; start += stepMs) {
      const f = this.figures(start, Math.min(start + stepMs, to));
      points.push({
        startsAt: start,
        arrivals: f.arrivals,
        answered: f.answered,
        abandoned: f.abandoned,
        serviceLevelPercent: f.serviceLevelPercent,
      });
    }
    return points;
  }

  /** Buckets kept, oldest first (for inspection and persistence). */
  retained(): readonly Bucket[] {
    return [...this.buckets.values()].sort((a, b) => a.startsAt - b.startsAt);
  }

  private *bucketsIn(from: number, to: number): Iterable<Bucket> {
    const first = Math.ceil(from / this.bucketMs) * this.bucketMs;
    if ((to - first) / this.bucketMs > this.buckets.size) {
      // A wide range (e.g. "everything"): walking the kept buckets is cheaper than the keys.
      for (const bucket of this.buckets.values()) if (bucket.startsAt >= from && bucket.startsAt < to) yield bucket;
      return;
    }
    for (let start = first; start < to; start += this.bucketMs) {
      const bucket = this.buckets.get(start);
      if (bucket) yield bucket;
    }
  }

  private countAnswer(bucket: Bucket, waitMs: number): void {
    bucket.answered++;
    bucket.waitSumMs += waitMs;
    if (isWithinServiceLevel(waitMs, this.thresholds)) bucket.answeredWithinT++;
  }

  private countAbandon(bucket: Bucket, waitMs: number): void {
    if (isShortAbandon(waitMs, this.thresholds)) {
      bucket.shortAbandoned++;
      return;
    }
    bucket.abandoned++;
    if (isWithinServiceLevel(waitMs, this.thresholds)) bucket.abandonedWithinT++;
  }

  private bucketAt(at: number): Bucket {
    const startsAt = Math.floor(at / this.bucketMs) * this.bucketMs;
    let bucket = this.buckets.get(startsAt);
    if (!bucket) {
      bucket = { startsAt, ...emptyTally(), answerWaits: [], abandonWaits: [] };
      this.buckets.set(startsAt, bucket);
      if (at > this.newest) this.newest = at;
      this.prune();
    } else if (at > this.newest) {
      this.newest = at;
    }
    return bucket;
  }

  private prune(): void {
    const cutoff = this.newest - this.retentionMs;
    for (const [start, bucket] of this.buckets) {
      // Out-of-order inserts can leave an old bucket behind a newer one; it goes on a later pass.
      if (bucket.startsAt + this.bucketMs > cutoff) break;
      this.buckets.delete(start);
    }
  }
}
