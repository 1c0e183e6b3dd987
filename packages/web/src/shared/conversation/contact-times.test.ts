import { describe, expect, it } from 'vitest';
import { contactTimes } from './contact-times';

const base = { createdAt: 1_000, enteredAt: 2_000, takenAt: null, closedAt: null };

describe('contactTimes', () => {
  it('counts waiting up to now while nobody has taken it, and no handling yet', () => {
    expect(contactTimes(base, 65_000)).toEqual({ waiting: 63_000, handling: null });
  });

  it('stops waiting at the take and counts handling up to now', () => {
    expect(contactTimes({ ...base, takenAt: 12_000 }, 72_000)).toEqual({ waiting: 10_000, handling: 60_000 });
  });

  it('freezes both clocks once closed', () => {
    expect(contactTimes({ ...base, takenAt: 12_000, closedAt: 42_000 }, 999_000)).toEqual({
      waiting: 10_000,
      handling: 30_000,
    });
    expect(contactTimes({ ...base, closedAt: 5_000 }, 999_000)).toEqual({ waiting: 3_000, handling: null });
  });

  it('counts from creation when it never entered a queue, and never goes negative', () => {
    expect(contactTimes({ ...base, enteredAt: null }, 4_000).waiting).toBe(3_000);
    expect(contactTimes({ ...base, takenAt: 50_000 }, 40_000)).toEqual({ waiting: 48_000, handling: 0 });
  });
});
