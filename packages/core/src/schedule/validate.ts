import { isValidTimeZone } from './time-zone';
import type { Schedule } from './types';

export interface ScheduleProblem {
  /** Path of the offending field, e.g. 'ranges[2].from'. */
  field: string;
  message: string;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minute of the day for 'HH:MM', or null when malformed. */
export function parseHhmm(value: string): number | null {
  const match = HHMM.exec(value);
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * Problems that make a schedule unusable, each naming its field; empty when valid.
 * A range whose `from` is after its `to` is refused rather than read as crossing midnight:
 * a night shift is written as two ranges (e.g. Mon 22:00–23:59 and Tue 00:00–05:59), which
 * keeps every range inside the day it names and the weekly grid unambiguous.
 */
export function validateSchedule(schedule: Schedule): ScheduleProblem[] {
  if (schedule === null) return [];
  const problems: ScheduleProblem[] = [];
  if (!isValidTimeZone(schedule.timezone)) {
    problems.push({ field: 'timezone', message: `unknown time zone "${schedule.timezone}"` });
  }
  schedule.ranges.forEach((range, index) => {
    const at = `ranges[${index}]`;
    if (!Number.isInteger(range.day) || range.day < 0 || range.day > 6) {
      problems.push({ field: `${at}.day`, message: 'day must be an integer from 0 (Sunday) to 6 (Saturday)' });
    }
    const from = parseHhmm(range.from);
    const to = parseHhmm(range.to);
    if (from === null)
      problems.push({ field: `${at}.from`, message: `"${range.from}" is not a time HH:MM (00:00–23:59)` });
    if (to === null) problems.push({ field: `${at}.to`, message: `"${range.to}" is not a time HH:MM (00:00–23:59)` });
    if (from !== null && to !== null && from > to) {
      problems.push({
        field: `${at}.from`,
        message: `from ${range.from} is after to ${range.to}; split a range that crosses midnight in two`,
      });
    }
  });
  return problems;
}
