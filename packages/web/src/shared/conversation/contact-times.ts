import type { InteractionSummary } from '@switchboard/protocol';

type Times = Pick<InteractionSummary, 'createdAt' | 'enteredAt' | 'takenAt' | 'closedAt'>;

/**
 * How long the customer waited for a person, and how long a person has handled them, at `now`. Waiting runs
 * from entering the queue until someone took it (or it closed untaken); handling from the take until it
 * closed. null means that clock has not started. A clock slightly behind the server's never shows negative time.
 */
export function contactTimes(i: Times, now: number): { waiting: number; handling: number | null } {
  const entered = i.enteredAt ?? i.createdAt;
  const waitingEnd = i.takenAt ?? i.closedAt ?? now;
  const handling = i.takenAt === null ? null : Math.max(0, (i.closedAt ?? now) - i.takenAt);
  return { waiting: Math.max(0, waitingEnd - entered), handling };
}
