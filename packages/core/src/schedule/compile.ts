// isOpen runs on every hand-off, so a schedule is compiled once into a minute-of-week bitmap:
// the check becomes one offset lookup plus one array read.
import type { CustomSchedule } from './types';
import { parseHhmm } from './validate';

export const MINUTES_PER_WEEK = 7 * 24 * 60;

export interface CompiledSchedule {
  readonly timezone: string;
  /** 1 where the local minute of the week (0 = Sunday 00:00) is open. */
  readonly open: Uint8Array;
  /** For each minute, how many minutes until the bitmap changes value (cyclic); 0 when it never does. */
  readonly runLength: Uint16Array;
  /** Set when every minute has the same value, so the state never changes. */
  readonly constant: boolean | null;
}

// Keyed by the schedule object: campaigns hold their schedule unchanged until they are saved
// again (which produces a new object), so identity is a safe cache key and entries go away
// with the campaign.
const compiled = new WeakMap<CustomSchedule, CompiledSchedule>();

/**
 * Compiles a validated schedule. Ranges that validateSchedule would refuse (bad day or time,
 * from after to) contribute nothing rather than throwing: validation belongs at the edge.
 */
export function compileSchedule(schedule: CustomSchedule): CompiledSchedule {
  const cached = compiled.get(schedule);
  if (cached) return cached;
  const open = new Uint8Array(MINUTES_PER_WEEK);
  for (const range of schedule.ranges) {
    const from = parseHhmm(range.from);
    const to = parseHhmm(range.to);
    if (from === null || to === null || from > to) continue;
    if (!Number.isInteger(range.day) || range.day < 0 || range.day > 6) continue;
    open.fill(1, range.day * 1440 + from, range.day * 1440 + to + 1);
  }
  const result: CompiledSchedule = { timezone: schedule.timezone, open, ...runLengths(open) };
  compiled.set(schedule, result);
  return result;
}

function runLengths(open: Uint8Array): Pick<CompiledSchedule, 'runLength' | 'constant'> {
  const runLength = new Uint16Array(MINUTES_PER_WEEK);
  const first = open[0];
  const changeAt = open.findIndex((bit) => bit !== first);
  if (changeAt === -1) return { runLength, constant: first === 1 };
  // Walk backwards from a minute just before a change, twice around the week, so every
  // minute sees the next change even across the Saturday → Sunday wrap.
  let distance = 0;
  let next = open[changeAt];
  for (let step = 0; step < 2 * MINUTES_PER_WEEK; step++) {
    const minute = (((changeAt - 1 - step) % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
    const bit = open[minute];
    distance = bit === next ? distance + 1 : 1;
    next = bit;
    runLength[minute] = distance;
  }
  return { runLength, constant: null };
}
