import { describe, expect, it } from 'vitest';
import { statusSupersedes, statusTimeAfter, type StatusMark } from './delivery-status';

/** Applies statuses in arrival order, as the store does, and returns where the message ends. */
function replay(start: StatusMark, arrivals: StatusMark[]): StatusMark {
  let current = start;
  for (const incoming of arrivals) {
    if (statusSupersedes(current, incoming))
      current = { status: incoming.status, at: statusTimeAfter(current, incoming) };
  }
  return current;
}

const sent: StatusMark = { status: 'sent', at: null };

describe('delivery status ordering', () => {
  it('read before delivered ends read', () => {
    expect(replay(sent, [{ status: 'read', at: 20 }]).status).toBe('read');
  });

  it('a delivered arriving after read never moves the message back, whatever its timestamp', () => {
    expect(
      replay(sent, [
        { status: 'read', at: 20 },
        { status: 'delivered', at: 10 },
        { status: 'delivered', at: 30 },
      ]).status,
    ).toBe('read');
  });

  it('a failed older than delivered is stale and the message stays delivered', () => {
    expect(
      replay(sent, [
        { status: 'delivered', at: 20 },
        { status: 'failed', at: 10 },
      ]).status,
    ).toBe('delivered');
  });

  it('a delivered newer than failed recovers the message (failed is terminal only when latest)', () => {
    expect(
      replay(sent, [
        { status: 'failed', at: 10 },
        { status: 'delivered', at: 20 },
      ]).status,
    ).toBe('delivered');
  });

  it('a failed newer than delivered wins, and an older delivered then cannot undo it', () => {
    expect(
      replay(sent, [
        { status: 'delivered', at: 10 },
        { status: 'failed', at: 20 },
        { status: 'read', at: 15 },
      ]).status,
    ).toBe('failed');
  });

  it('sent and failed in the same second end failed', () => {
    expect(
      replay(sent, [
        { status: 'sent', at: 10 },
        { status: 'failed', at: 10 },
      ]).status,
    ).toBe('failed');
  });

  it('the outbox (no provider time) moves pending to sent or failed, never over a provider status', () => {
    expect(statusSupersedes({ status: 'pending', at: null }, { status: 'sent', at: null })).toBe(true);
    expect(statusSupersedes({ status: 'pending', at: null }, { status: 'failed', at: null })).toBe(true);
    expect(statusSupersedes({ status: 'delivered', at: 5 }, { status: 'sent', at: null })).toBe(false);
    expect(statusSupersedes({ status: 'delivered', at: 5 }, { status: 'failed', at: null })).toBe(false);
  });
});
