// UTC offsets of IANA zones from the platform's ICU data (Intl), with no dependency.
//
// Intl only formats an instant into wall-clock fields (≈ 4 µs a call), so the offset is derived
// as wall-clock-read-as-UTC minus the instant. That is too slow for every hand-off, so each zone
// keeps a per-hour cache: an hour either has one offset, or (at a DST or standard-time change)
// one switch instant found once by binary search. This assumes no zone changes its offset twice
// within one hour, which holds for every rule in the tz database.
import { daysFromCivil, DAY_MS, HOUR_MS, MINUTE_MS } from './civil';

type HourOffset = number | { switchAt: number; before: number; after: number };

interface ZoneCache {
  format: Intl.DateTimeFormat;
  hours: Map<number, HourOffset>;
}

// Bounds memory for a long-running process that is asked about many distinct hours.
const MAX_CACHED_HOURS = 20_000;
const zones = new Map<string, ZoneCache>();

/** True when the platform knows the IANA zone name (aliases and any letter case are accepted, as Intl does). */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone's name as Intl spells it ('america/new_york' → 'America/New_York'), or null when
 * unknown; storing this form keeps one offset cache per zone and tidy display.
 */
export function canonicalTimeZone(timeZone: string): string | null {
  if (!isValidTimeZone(timeZone)) return null;
  return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
}

function zoneCache(timeZone: string): ZoneCache {
  let zone = zones.get(timeZone);
  if (!zone) {
    // Throws RangeError for an unknown zone: schedules are validated at the edge, so reaching
    // here with a bad name is a programming error, not user input.
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zone = { format, hours: new Map() };
    zones.set(timeZone, zone);
  }
  return zone;
}

/** Offset (local − UTC, ms) straight from Intl, at whole-second resolution; uncached. */
export function rawOffsetMs(format: Intl.DateTimeFormat, at: number): number {
  const second = Math.floor(at / 1000) * 1000;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let sec = 0;
  for (const part of format.formatToParts(second)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        sec = Number(part.value);
        break;
    }
  }
  const wallClock = daysFromCivil(year, month, day) * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS + sec * 1000;
  return wallClock - second;
}

function hourOffset(zone: ZoneCache, hour: number): HourOffset {
  const cached = zone.hours.get(hour);
  if (cached !== undefined) return cached;
  const start = hour * HOUR_MS;
  const before = rawOffsetMs(zone.format, start);
  const after = rawOffsetMs(zone.format, start + HOUR_MS - 1000);
  let entry: HourOffset = before;
  if (before !== after) {
    // Smallest whole second in the hour that already has the new offset.
    let lo = 1;
    let hi = 3599;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rawOffsetMs(zone.format, start + mid * 1000) === before) lo = mid + 1;
      else hi = mid;
    }
    entry = { switchAt: start + lo * 1000, before, after };
  }
  if (zone.hours.size >= MAX_CACHED_HOURS) zone.hours.clear();
  zone.hours.set(hour, entry);
  return entry;
}

/** Offset of `timeZone` at instant `at` (epoch ms), in ms: local wall clock = at + offset. */
export function offsetAt(timeZone: string, at: number): number {
  const entry = hourOffset(zoneCache(timeZone), Math.floor(at / HOUR_MS));
  if (typeof entry === 'number') return entry;
  return at < entry.switchAt ? entry.before : entry.after;
}

/** Wall-clock time of `at` in `timeZone`, as ms since 1970-01-01T00:00 local. */
export function wallClockAt(timeZone: string, at: number): number {
  return at + offsetAt(timeZone, at);
}

/**
 * First instant in (from, until] where the zone's offset differs from its offset at `from`,
 * or null. Walks the hour cache, so it costs one map lookup per hour of the span.
 */
export function nextOffsetChange(timeZone: string, from: number, until: number): number | null {
  const zone = zoneCache(timeZone);
  const current = offsetAt(timeZone, from);
  for (let hour = Math.floor(from / HOUR_MS); hour * HOUR_MS <= until; hour++) {
    const entry = hourOffset(zone, hour);
    const start = hour * HOUR_MS;
    const startOffset = typeof entry === 'number' ? entry : entry.before;
    if (start > from && startOffset !== current) return start;
    if (typeof entry !== 'number' && entry.switchAt > from && entry.switchAt <= until) return entry.switchAt;
  }
  return null;
}
