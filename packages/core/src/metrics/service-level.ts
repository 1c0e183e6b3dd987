// Service-level maths on plain tallies, shared by the live counters and by reports.

/** The two thresholds (seconds) that decide how a wait is counted. */
export interface WaitThresholds {
  /** Answered or abandoned within this many seconds counts as "within T" (a wait of exactly T does). */
  serviceLevel: number;
  /** Abandons that waited less than this many seconds are short: left out of every SL figure. */
  shortAbandon: number;
}

/** Additive counts: tallies of several intervals are summed field by field. */
export interface Tally {
  /** Hand-offs that reached the campaign, including those refused at the door. */
  arrivals: number;
  answered: number;
  answeredWithinT: number;
  /** Abandons that were not short. */
  abandoned: number;
  abandonedWithinT: number;
  shortAbandoned: number;
  closed: number;
  transferred: number;
  queueFull: number;
  outOfSchedule: number;
  unrouted: number;
  /** Sum of the waits of answered interactions (queue entry → taken). */
  waitSumMs: number;
  /** Sum of handle times of closed interactions (taken → closed). */
  handleSumMs: number;
}

export interface ServiceFigures extends Tally {
  /** answeredWithinT / answered × 100; null when nothing was answered (UI shows "—"). */
  serviceLevelPercent: number | null;
  /** (answeredWithinT + abandonedWithinT) / (answered + abandoned) × 100; null on an empty denominator. */
  serviceLevelWithAbandonedPercent: number | null;
  /** abandoned / (answered + abandoned) × 100; null on an empty denominator. */
  abandonPercent: number | null;
  /** Mean wait of answered interactions; abandons are left out so that a customer who gave up does not look like a fast answer. */
  averageWaitMs: number | null;
  averageHandleMs: number | null;
}

export function emptyTally(): Tally {
  return {
    arrivals: 0,
    answered: 0,
    answeredWithinT: 0,
    abandoned: 0,
    abandonedWithinT: 0,
    shortAbandoned: 0,
    closed: 0,
    transferred: 0,
    queueFull: 0,
    outOfSchedule: 0,
    unrouted: 0,
    waitSumMs: 0,
    handleSumMs: 0,
  };
}

/** Adds `from` into `into` (mutates `into`, returns it). */
export function addTally(into: Tally, from: Tally): Tally {
  for (const field of Object.keys(into) as (keyof Tally)[]) into[field] += from[field];
  return into;
}

export function isWithinServiceLevel(waitMs: number, thresholds: WaitThresholds): boolean {
  return waitMs <= thresholds.serviceLevel * 1000;
}

export function isShortAbandon(waitMs: number, thresholds: WaitThresholds): boolean {
  return waitMs < thresholds.shortAbandon * 1000;
}

const percent = (part: number, whole: number): number | null => (whole === 0 ? null : (part / whole) * 100);
const mean = (sum: number, count: number): number | null => (count === 0 ? null : sum / count);

export function serviceFigures(tally: Tally): ServiceFigures {
  const handled = tally.answered + tally.abandoned;
  return {
    ...tally,
    serviceLevelPercent: percent(tally.answeredWithinT, tally.answered),
    serviceLevelWithAbandonedPercent: percent(tally.answeredWithinT + tally.abandonedWithinT, handled),
    abandonPercent: percent(tally.abandoned, handled),
    averageWaitMs: mean(tally.waitSumMs, tally.answered),
    averageHandleMs: mean(tally.handleSumMs, tally.closed),
  };
}

/** Figures of several intervals (e.g. buckets read back from storage) summed together. */
export function figuresOf(tallies: Iterable<Tally>): ServiceFigures {
  const total = emptyTally();
  for (const tally of tallies) addTally(total, tally);
  return serviceFigures(total);
}
