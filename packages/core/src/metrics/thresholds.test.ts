import { describe, expect, it } from 'vitest';
import {
  activeChatColour,
  activeChatRedAt,
  queueView,
  waitingCountColour,
  waitingItemAmberAt,
  waitingItemColour,
} from './thresholds';

describe('threshold colours (scenario 16: ACD 3, chat time 600 s, SL 20 s)', () => {
  it('turns the campaign row red with 3 waiting', () => {
    expect(waitingCountColour(2, 3)).toBe('normal');
    expect(waitingCountColour(3, 3)).toBe('red');
    expect(waitingCountColour(4, 3)).toBe('red');
  });

  it('never turns red when acd is 0 (off)', () => {
    expect(waitingCountColour(0, 0)).toBe('normal');
    expect(waitingCountColour(50, 0)).toBe('normal');
  });

  it('flags an active chat only once it is longer than 600 s', () => {
    expect(activeChatColour(0, 600_000, 600)).toBe('normal');
    expect(activeChatColour(0, 600_001, 600)).toBe('red');
    expect(activeChatRedAt(0, 600)).toBe(600_001);
    expect(activeChatColour(0, 10 ** 9, 0)).toBe('normal');
    expect(activeChatRedAt(0, 0)).toBeNull();
  });

  it('turns a waiting item amber once it has waited longer than the service level', () => {
    expect(waitingItemColour(1000, 21_000, 20)).toBe('normal');
    expect(waitingItemColour(1000, 21_001, 20)).toBe('amber');
    expect(waitingItemAmberAt(1000, 20)).toBe(21_001);
  });

  it('summarises the queue: count, longest wait, late items, colour', () => {
    expect(queueView([0, 10_000, 50_000], 60_000, { serviceLevel: 20, acd: 3 })).toEqual({
      waiting: 3,
      longestWaitMs: 60_000,
      late: 2,
      colour: 'red',
    });
    expect(queueView([], 60_000, { serviceLevel: 20, acd: 3 })).toEqual({
      waiting: 0,
      longestWaitMs: null,
      late: 0,
      colour: 'normal',
    });
  });
});
