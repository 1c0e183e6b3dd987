// Structurally identical to protocol's Schedule (core must not import protocol).

export interface ScheduleRange {
  /** 0 = Sunday … 6 = Saturday, in the schedule's time zone. */
  day: number;
  /** 'HH:MM', 24 h. */
  from: string;
  /** 'HH:MM', inclusive to the minute: '17:59' is open until 17:59:59.999. */
  to: string;
}

export interface CustomSchedule {
  /** IANA zone, e.g. 'America/Montevideo'. */
  timezone: string;
  /** No ranges means always closed. */
  ranges: ScheduleRange[];
}

/** null = no schedule: open 24 h. */
export type Schedule = CustomSchedule | null;

export interface ScheduleTransition {
  /** First instant (epoch ms) with the new state. */
  at: number;
  /** true when the campaign opens at `at`, false when it closes. */
  opens: boolean;
}
