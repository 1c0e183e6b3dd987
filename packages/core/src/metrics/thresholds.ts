// Threshold colours of campaign monitoring. Pure: the monitor passes the numbers and `now`, and can ask when a
// colour will next change so it arms one timer instead of polling.

export type ThresholdColour = 'normal' | 'amber' | 'red';

/**
 * Campaign row: red when the waiting count reaches `acd`. An `acd` of 0 switches the alert off
 * (otherwise an empty queue would be red), like the other 0 = "none" thresholds of a campaign.
 */
export function waitingCountColour(waiting: number, acd: number): 'normal' | 'red' {
  return acd > 0 && waiting >= acd ? 'red' : 'normal';
}

/** A waiting item turns amber once it has waited longer than `serviceLevel` seconds. */
export function waitingItemColour(enteredAt: number, now: number, serviceLevelSeconds: number): 'normal' | 'amber' {
  return now - enteredAt > serviceLevelSeconds * 1000 ? 'amber' : 'normal';
}

/** First instant at which a waiting item is amber ("longer than" is strict, hence the +1 ms). */
export function waitingItemAmberAt(enteredAt: number, serviceLevelSeconds: number): number {
  return enteredAt + serviceLevelSeconds * 1000 + 1;
}

/** Agent row: an active chat older than `chatTime` seconds is red; a `chatTime` of 0 switches it off. */
export function activeChatColour(takenAt: number, now: number, chatTimeSeconds: number): 'normal' | 'red' {
  return chatTimeSeconds > 0 && now - takenAt > chatTimeSeconds * 1000 ? 'red' : 'normal';
}

/** First instant at which an active chat is red, or null when the alert is off. */
export function activeChatRedAt(takenAt: number, chatTimeSeconds: number): number | null {
  return chatTimeSeconds > 0 ? takenAt + chatTimeSeconds * 1000 + 1 : null;
}

export interface QueueView {
  waiting: number;
  /** ms the oldest waiting item has waited; null when none waits. */
  longestWaitMs: number | null;
  /** Items past the service level (amber). */
  late: number;
  colour: 'normal' | 'red';
}

/** The campaign row's queue columns from the entry times of the waiting items. O(waiting). */
export function queueView(
  enteredAts: readonly number[],
  now: number,
  thresholds: { serviceLevel: number; acd: number },
): QueueView {
  let oldest = Number.POSITIVE_INFINITY;
  let late = 0;
  for (const enteredAt of enteredAts) {
    if (enteredAt < oldest) oldest = enteredAt;
    if (waitingItemColour(enteredAt, now, thresholds.serviceLevel) === 'amber') late++;
  }
  return {
    waiting: enteredAts.length,
    longestWaitMs: enteredAts.length === 0 ? null : now - oldest,
    late,
    colour: waitingCountColour(enteredAts.length, thresholds.acd),
  };
}
