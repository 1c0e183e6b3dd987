import type { Schedule } from '@switchboard/protocol';

export type Range = Schedule['ranges'][number];

/** Monday first, as the week is read in uContact's markets; `day` keeps the API's 0 = Sunday. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

export function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map((p) => Number.parseInt(p, 10));
  return (h ?? 0) * 60 + (m ?? 0);
}

export function hhmm(total: number): string {
  const clamped = Math.max(0, Math.min(23 * 60 + 59, total));
  return `${String(Math.floor(clamped / 60)).padStart(2, '0')}:${String(clamped % 60).padStart(2, '0')}`;
}

/** The ranges of one day with their index in the full list (the index the API names in errors). */
export function rangesOfDay(ranges: readonly Range[], day: number): { range: Range; index: number }[] {
  return ranges.flatMap((range, index) => (range.day === day ? [{ range, index }] : []));
}

/** A new range for the day: office hours on an empty day, else the rest of the day after its last range. */
export function addRange(ranges: readonly Range[], day: number): Range[] {
  const today = rangesOfDay(ranges, day);
  if (today.length === 0) return [...ranges, { day, from: '09:00', to: '18:00' }];
  const lastEnd = Math.max(...today.map(({ range }) => minutes(range.to)));
  const from = Math.min(lastEnd + 60, 23 * 60);
  return [...ranges, { day, from: hhmm(from), to: '23:59' }];
}

export function removeRange(ranges: readonly Range[], index: number): Range[] {
  return ranges.filter((_, i) => i !== index);
}

export function updateRange(ranges: readonly Range[], index: number, patch: Partial<Omit<Range, 'day'>>): Range[] {
  return ranges.map((r, i) => (i === index ? { ...r, ...patch } : r));
}

/** Replaces the ranges of every target day with a copy of the source day's ranges. */
export function copyDay(ranges: readonly Range[], source: number, targets: readonly number[]): Range[] {
  const into = new Set(targets.filter((d) => d !== source));
  const copied = rangesOfDay(ranges, source).map(({ range }) => range);
  const kept = ranges.filter((r) => !into.has(r.day));
  const added = [...into].sort((a, b) => a - b).flatMap((day) => copied.map((r) => ({ ...r, day })));
  return [...kept, ...added];
}

/** Segments for the day's bar, as fractions of the day; `to` is inclusive to the minute. */
export function daySegments(ranges: readonly Range[], day: number): { start: number; width: number }[] {
  return rangesOfDay(ranges, day).flatMap(({ range }) => {
    const from = minutes(range.from);
    const to = minutes(range.to) + 1;
    return to > from ? [{ start: from / 1440, width: (to - from) / 1440 }] : [];
  });
}

/** Whether the schedule is open at `now` (null schedule = 24 h). */
export function isOpenAt(schedule: Schedule | null, now: Date): boolean {
  if (!schedule) return true;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: schedule.timezone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(now);
  } catch {
    return false;
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  const at = minutes(`${get('hour')}:${get('minute')}`);
  return rangesOfDay(schedule.ranges, day).some(({ range }) => minutes(range.from) <= at && at <= minutes(range.to));
}
