// Whether a campaign is inside its schedule, and when that next changes.
//
// A schedule is wall-clock time in its zone, so an instant is first turned into local time and
// then looked up: in a spring-forward gap the skipped local minutes simply never occur (a range
// inside the gap is not open that day), and in a fall-back the repeated local hour is looked up
// twice (a range inside it is open both times).
import { MINUTE_MS, weekdayOfDays } from './civil';
import { compileSchedule, type CompiledSchedule } from './compile';
import { nextOffsetChange, wallClockAt } from './time-zone';
import type { Schedule, ScheduleTransition } from './types';

function minuteOfWeek(wallClock: number): number {
  const minutes = Math.floor(wallClock / MINUTE_MS);
  const days = Math.floor(minutes / 1440);
  return weekdayOfDays(days) * 1440 + (minutes - days * 1440);
}

function openAt(compiled: CompiledSchedule, at: number): boolean {
  if (compiled.constant !== null) return compiled.constant;
  return compiled.open[minuteOfWeek(wallClockAt(compiled.timezone, at))] === 1;
}

/** Is the campaign open at instant `at` (epoch ms)? `null` = no schedule = always open. */
export function isOpen(schedule: Schedule, at: number): boolean {
  if (schedule === null) return true;
  return openAt(compileSchedule(schedule), at);
}

// Every non-constant weekly schedule changes state within a week, plus a few offset changes
// on the way; the bound only guards against a broken time-zone table.
const MAX_STEPS = 64;

/**
 * The next instant after `at` where isOpen changes, or null when it never does (no schedule,
 * always open, always closed). Used to arm the closing timer that sends waiting customers the
 * out-of-time message.
 */
export function nextTransition(schedule: Schedule, at: number): ScheduleTransition | null {
  if (schedule === null) return null;
  const compiled = compileSchedule(schedule);
  if (compiled.constant !== null) return null;
  const state = openAt(compiled, at);
  let from = at;
  for (let step = 0; step < MAX_STEPS; step++) {
    const wallClock = wallClockAt(compiled.timezone, from);
    const offset = wallClock - from;
    const minuteStart = Math.floor(wallClock / MINUTE_MS) * MINUTE_MS;
    const run = compiled.runLength[minuteOfWeek(wallClock)] ?? 0;
    // Where the bitmap flips if the offset stays as it is now.
    const candidate = minuteStart + run * MINUTE_MS - offset;
    const offsetChange = nextOffsetChange(compiled.timezone, from, candidate);
    if (offsetChange === null) return { at: candidate, opens: !state };
    // The clock jumps before (or at) the flip: look again from the jump, which may itself
    // land in the other state.
    from = offsetChange;
    if (openAt(compiled, from) !== state) return { at: from, opens: !state };
  }
  return null;
}
