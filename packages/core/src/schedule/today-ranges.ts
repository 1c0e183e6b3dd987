import { localTime } from './local-day';
import type { Schedule, ScheduleRange } from './types';

/**
 * The ranges of the campaign's current local weekday, sorted by start, for the campaign list
 * ("inside or outside its schedule and the ranges for today"). null = no schedule (24 h).
 */
export function rangesToday(schedule: Schedule, at: number): ScheduleRange[] | null {
  if (schedule === null) return null;
  const { weekday } = localTime(schedule.timezone, at);
  return schedule.ranges.filter((range) => range.day === weekday).sort((a, b) => a.from.localeCompare(b.from));
}
