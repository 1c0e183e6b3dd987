/** A customer hears about their place in the queue at most once a minute, whatever the campaign says. */
export const MIN_QUEUE_NOTICE_INTERVAL_MS = 60_000;

export interface QueueNoticePolicy {
  /** Tell again when the position improved by at least this many places since the last notice; 0 = never. */
  stepPositions: number;
  /** Tell again every this many minutes, improved or not; 0 = never. */
  everyMinutes: number;
}

export interface QueueNotice {
  /** Infinity once the interaction left the queue (offered, then declined): its next queuing counts as new. */
  position: number;
  at: number;
}

export interface NoticeDecision {
  send: boolean;
  /**
   * When to look again if nothing changes in the queue meanwhile (a due interval, or a step that was held
   * back by the one-minute floor); null when only a queue change can make a notice due.
   */
  recheckAt: number | null;
}

/**
 * Whether the waiting customer should receive a queue notice now. The first notice (nothing sent yet) goes
 * at once. After that a notice is due when the position improved by the step, or when the interval has
 * passed; either way never sooner than MIN_QUEUE_NOTICE_INTERVAL_MS after the last one. Back in the queue
 * after leaving it (last position Infinity) is due like a first notice, but still after the minute.
 */
export function queueNoticeDue(
  policy: QueueNoticePolicy,
  last: QueueNotice | null,
  current: QueueNotice,
): NoticeDecision {
  const intervalMs =
    policy.everyMinutes > 0 ? Math.max(policy.everyMinutes * 60_000, MIN_QUEUE_NOTICE_INTERVAL_MS) : null;
  if (last === null) return { send: true, recheckAt: intervalMs === null ? null : current.at + intervalMs };
  const floorAt = last.at + MIN_QUEUE_NOTICE_INTERVAL_MS;
  const requeued = last.position === Number.POSITIVE_INFINITY;
  const stepMet = requeued || (policy.stepPositions > 0 && last.position - current.position >= policy.stepPositions);
  const intervalAt = intervalMs === null ? null : last.at + intervalMs;
  const due = stepMet || (intervalAt !== null && current.at >= intervalAt);
  if (due && current.at >= floorAt)
    return { send: true, recheckAt: intervalMs === null ? null : current.at + intervalMs };
  if (stepMet) return { send: false, recheckAt: floorAt };
  return { send: false, recheckAt: intervalAt };
}
