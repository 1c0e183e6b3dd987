import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_QUEUE_NOTICE_INTERVAL_MS, queueNoticeDue, type QueueNoticePolicy } from './notify-policy';

const MIN = 60_000;
const step1: QueueNoticePolicy = { stepPositions: 1, everyMinutes: 0 };

describe('queueNoticeDue', () => {
  it.each([
    // [policy, last, current, send, recheckAt]
    ['first notice goes at once', step1, null, { position: 5, at: 0 }, true, null],
    [
      'first notice arms the interval',
      { stepPositions: 0, everyMinutes: 3 },
      null,
      { position: 5, at: 0 },
      true,
      3 * MIN,
    ],
    ['improved by the step after a minute', step1, { position: 5, at: 0 }, { position: 4, at: MIN }, true, null],
    [
      'improved by the step too soon: held to the minute',
      step1,
      { position: 5, at: 0 },
      { position: 4, at: 10_000 },
      false,
      MIN,
    ],
    [
      'improved by less than the step',
      { stepPositions: 3, everyMinutes: 0 },
      { position: 5, at: 0 },
      { position: 3, at: 5 * MIN },
      false,
      null,
    ],
    ['position unchanged, no interval', step1, { position: 5, at: 0 }, { position: 5, at: 9 * MIN }, false, null],
    [
      'position worse (moved back), no interval',
      step1,
      { position: 2, at: 0 },
      { position: 6, at: 9 * MIN },
      false,
      null,
    ],
    [
      'interval not yet due',
      { stepPositions: 0, everyMinutes: 2 },
      { position: 5, at: 0 },
      { position: 5, at: MIN },
      false,
      2 * MIN,
    ],
    [
      'interval due without improvement',
      { stepPositions: 0, everyMinutes: 2 },
      { position: 5, at: 0 },
      { position: 5, at: 2 * MIN },
      true,
      4 * MIN,
    ],
    [
      'back in the queue after an offer: like a first notice',
      { stepPositions: 0, everyMinutes: 0 },
      { position: Infinity, at: 0 },
      { position: 3, at: 2 * MIN },
      true,
      null,
    ],
    [
      'back in the queue within the minute: held to the minute',
      step1,
      { position: Infinity, at: 0 },
      { position: 3, at: 1_000 },
      false,
      MIN,
    ],
    [
      'step and interval: step first',
      { stepPositions: 2, everyMinutes: 5 },
      { position: 5, at: 0 },
      { position: 3, at: 2 * MIN },
      true,
      7 * MIN,
    ],
    [
      'step off and interval off: only the first',
      { stepPositions: 0, everyMinutes: 0 },
      { position: 9, at: 0 },
      { position: 1, at: 60 * MIN },
      false,
      null,
    ],
  ] as const)('%s', (_name, policy, last, current, send, recheckAt) => {
    expect(queueNoticeDue(policy, last, current)).toEqual({ send, recheckAt });
  });

  it('never sends twice within a minute, whatever the policy and however the queue moves', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 90_000 }), position: fc.integer({ min: 1, max: 50 }) }), {
          maxLength: 60,
        }),
        (stepPositions, everyMinutes, moves) => {
          let last: { position: number; at: number } | null = null;
          let at = 0;
          for (const m of moves) {
            at += m.dt;
            const d = queueNoticeDue({ stepPositions, everyMinutes }, last, { position: m.position, at });
            if (d.send) {
              if (last) expect(at - last.at).toBeGreaterThanOrEqual(MIN_QUEUE_NOTICE_INTERVAL_MS);
              last = { position: m.position, at };
            }
            if (d.recheckAt !== null) expect(d.recheckAt).toBeGreaterThan(at);
          }
        },
      ),
    );
  });
});
