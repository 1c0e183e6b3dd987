export type { CustomSchedule, Schedule, ScheduleRange, ScheduleTransition } from './types';
export { validateSchedule, parseHhmm, type ScheduleProblem } from './validate';
export { compileSchedule, type CompiledSchedule } from './compile';
export { isOpen, nextTransition } from './open-state';
export { localDay, localTime, type LocalDay, type LocalTime } from './local-day';
export { rangesToday } from './today-ranges';
export { canonicalTimeZone, isValidTimeZone, offsetAt } from './time-zone';
