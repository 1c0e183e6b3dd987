// "Today" is the campaign's calendar day in its own time zone. On a DST day it lasts 23 or
// 25 hours (23.5 / 24.5 on Lord Howe), so it is found from the zone's offsets, never as 24 h.
import { civilFromDays, DAY_MS, MINUTE_MS, weekdayOfDays } from './civil';
import { wallClockAt } from './time-zone';

export interface LocalDay {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** First instant (epoch ms) of the local day. */
  startsAt: number;
  /** First instant of the next local day (exclusive end). */
  endsAt: number;
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday */
  weekday: number;
  hour: number;
  minute: number;
}

function localDayNumber(timeZone: string, at: number): number {
  return Math.floor(wallClockAt(timeZone, at) / DAY_MS);
}

export function localTime(timeZone: string, at: number): LocalTime {
  const wall = wallClockAt(timeZone, at);
  const days = Math.floor(wall / DAY_MS);
  const minuteOfDay = Math.floor((wall - days * DAY_MS) / MINUTE_MS);
  return {
    ...civilFromDays(days),
    weekday: weekdayOfDays(days),
    hour: Math.floor(minuteOfDay / 60),
    minute: minuteOfDay % 60,
  };
}

// A local day starts within 27 h before any instant of it (24 h day + 3 h of the widest
// offset change on record), so the search window below always brackets it.
const SEARCH_WINDOW_MS = 27 * 3_600_000;

/**
 * Smallest instant in [lo, hi] whose local day number is ≥ `dayNumber`. Relies on the local
 * date never going backwards, which holds for every tz rule (fall-backs at midnight go back to
 * 23:00 of the *same* day that is ending, as Brazil's did).
 */
function firstInstantOfDay(timeZone: string, dayNumber: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (localDayNumber(timeZone, mid) >= dayNumber) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function startOf(timeZone: string, dayNumber: number, near: number): number {
  // Fast path: local midnight at the offset of `near`, when that instant really is the start.
  const guess = dayNumber * DAY_MS - (wallClockAt(timeZone, near) - near);
  if (localDayNumber(timeZone, guess) >= dayNumber && localDayNumber(timeZone, guess - 1) < dayNumber) return guess;
  // Midnight skipped (spring-forward at 00:00) or the offset differs from `near`'s: search.
  return firstInstantOfDay(timeZone, dayNumber, guess - SEARCH_WINDOW_MS, guess + SEARCH_WINDOW_MS);
}

/** The local calendar day of `timeZone` that contains instant `at`. */
export function localDay(timeZone: string, at: number): LocalDay {
  const dayNumber = localDayNumber(timeZone, at);
  const startsAt = startOf(timeZone, dayNumber, at);
  const endsAt = startOf(timeZone, dayNumber + 1, at);
  return { ...civilFromDays(dayNumber), startsAt, endsAt };
}
