import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/**
 * Ids that sort by creation time (like ULIDs): 9 base-36 chars of milliseconds, 4 of a per-millisecond counter,
 * 8 random. Ordering an outbox or a timeline by id is then ordering by when things happened, on one node.
 */
export function monotonicId(now: number = Date.now()): string {
  if (now <= lastMs) {
    counter++;
  } else {
    lastMs = now;
    counter = 0;
  }
  return (
    lastMs.toString(36).padStart(9, '0') +
    counter.toString(36).padStart(4, '0') +
    randomBytes(5).toString('hex').slice(0, 8)
  );
}
