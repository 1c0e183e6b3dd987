import type { CounterEvent } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { csvCell } from './recordings-export';
import { InteractionTracker } from './monitor-tracker';

function tracker() {
  const events: [string, CounterEvent][] = [];
  const t = new InteractionTracker(
    (campaignId, event) => events.push([campaignId, event]),
    () => 'UTC',
  );
  return { t, events, types: () => events.map(([c, e]) => `${c}:${e.type}`) };
}

describe('turning lifecycle events into counts', () => {
  it('counts a refusal at the door as an arrival and a rejection', () => {
    const { t, types } = tracker();
    t.closed('i1', 'c1', 'out_of_schedule', 1000);
    t.closed('i2', 'c1', 'unrouted', 1000);
    t.closed('i3', null, 'unrouted', 1000);
    expect(types()).toEqual(['c1:arrived', 'c1:rejected', 'c1:arrived', 'c1:rejected']);
  });

  it('counts an answer once, however many times the owner is announced', () => {
    const { t, events } = tracker();
    t.arrived('i1', 'c1', 0);
    t.active('i1', 'c1', 'a1', 4000, 4000);
    t.active('i1', 'c1', 'a1', 4000, 5000);
    expect(events.filter(([, e]) => e.type === 'answered')).toEqual([
      ['c1', { type: 'answered', at: 4000, waitMs: 4000 }],
    ]);
    expect(t.attendedToday('c1', 'a1', 5000)).toBe(1);
  });

  it('counts a transfer to another agent, and to another campaign keeping the first entry for the wait', () => {
    const { t, events, types } = tracker();
    t.arrived('i1', 'c1', 0);
    t.active('i1', 'c1', 'a1', 1000, 1000);
    t.active('i1', 'c1', 'a2', 1000, 2000);
    t.waiting('i1', 'c2', 3000);
    t.active('i1', 'c2', 'a3', 9000, 9000);
    expect(types()).toEqual([
      'c1:arrived',
      'c1:answered',
      'c1:transferred',
      'c1:transferred',
      'c2:arrived',
      'c2:answered',
    ]);
    expect(events.at(-1)).toEqual(['c2', { type: 'answered', at: 9000, waitMs: 9000 }]);
    expect(t.activeCount('c1')).toBe(0);
    expect(t.activeCount('c2')).toBe(1);
  });

  it('tells an abandon (never taken) from a close after talking', () => {
    const { t, events } = tracker();
    t.arrived('gone', 'c1', 0);
    t.closed('gone', 'c1', 'queue_timeout', 30_000);
    t.arrived('talked', 'c1', 0);
    t.active('talked', 'c1', 'a1', 1000, 1000);
    t.closed('talked', 'c1', 'customer_left', 61_000);
    expect(events.map(([, e]) => e)).toContainEqual({ type: 'abandoned', at: 30_000, waitMs: 30_000 });
    expect(events.map(([, e]) => e)).toContainEqual({ type: 'closed', at: 61_000, handleMs: 60_000 });
  });

  it('does not count a take-over as a transfer', () => {
    const { t, types } = tracker();
    t.arrived('i1', 'c1', 0);
    t.active('i1', 'c1', 'a1', 1000, 1000);
    t.takenOver('i1', 'sup');
    t.active('i1', 'c1', 'sup', 1000, 2000);
    expect(types()).toEqual(['c1:arrived', 'c1:answered']);
  });
});

describe('CSV cells', () => {
  it('quotes separators and quotes, and defuses formulas but not phone numbers', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('+59899111222')).toBe('+59899111222');
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell(null)).toBe('');
  });
});
