import { describe, expect, it } from 'vitest';
import { ReceiptClock } from './receipt-clock';

describe('webhook-to-agent receipt clock', () => {
  it('observes once per interaction, from its earliest unpushed receipt', () => {
    const seen: number[] = [];
    const clock = new ReceiptClock((ms) => seen.push(ms));
    clock.stamp('i1', 1000);
    clock.stamp('i1', 1500);
    clock.pushed('i1', 1800);
    clock.pushed('i1', 1900);
    expect(seen).toEqual([800]);
    expect(clock.size).toBe(0);
  });

  it('forgets closed interactions and evicts the oldest beyond its capacity', () => {
    const seen: number[] = [];
    const clock = new ReceiptClock((ms) => seen.push(ms), 2);
    clock.stamp('closed', 0);
    clock.forget('closed');
    clock.pushed('closed', 10);
    clock.stamp('a', 0);
    clock.stamp('b', 1);
    clock.stamp('c', 2);
    expect(clock.size).toBe(2);
    clock.pushed('a', 10);
    clock.pushed('c', 10);
    expect(seen).toEqual([8]);
  });
});
