import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/**
 * Random bytes drawn from the system a few kilobytes at a time: a draw per id (several per message on the
 * ingest path) cost more than the rest of making the id.
 */
const pool = Buffer.alloc(4096);
let used = pool.length;

function randomHex8(): string {
  if (used + 4 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += 4;
  return pool.toString('hex', used - 4, used);
}

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
  return lastMs.toString(36).padStart(9, '0') + counter.toString(36).padStart(4, '0') + randomHex8();
}
