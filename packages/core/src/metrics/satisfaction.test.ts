import { describe, expect, it } from 'vitest';
import { SatisfactionLedger, satisfactionOf } from './satisfaction';

const NOON_UTC = Date.UTC(2026, 4, 4, 12, 0, 0);
const HOUR = 3600_000;

describe('satisfaction figures', () => {
  it('average the scores, or say there are none', () => {
    expect(satisfactionOf([4, 5, 3])).toEqual({ average: 4, count: 3 });
    expect(satisfactionOf([5, 4])).toEqual({ average: 4.5, count: 2 });
    expect(satisfactionOf([])).toEqual({ average: null, count: 0 });
  });

  it('split today (in the campaign time zone) from the last hours, per campaign and per person', () => {
    const ledger = new SatisfactionLedger();
    const rate = (id: string, score: number, hoursAgo: number, agentId = 'ana', campaignId = 'c1') =>
      ledger.add({ interactionId: id, campaignId, agentId, score, at: NOON_UTC - hoursAgo * HOUR }, NOON_UTC);
    rate('a', 5, 1);
    rate('b', 3, 1, 'leo');
    rate('c', 1, 10); // 02:00 UTC: today in UTC, outside the last 8 hours
    rate('d', 2, 13); // 23:00 the day before (UTC)
    rate('e', 4, 1, 'ana', 'c2');
    rate('a', 5, 1); // the same answer again counts once

    expect(ledger.figures('c1', 'UTC', NOON_UTC, 8)).toEqual({
      today: { average: 3, count: 3 },
      recent: { average: 4, count: 2 },
    });
    expect(ledger.figures('c1', 'UTC', NOON_UTC, 8, 'ana')).toEqual({
      today: { average: 3, count: 2 },
      recent: { average: 5, count: 1 },
    });
    // In Montevideo (UTC−3) it is 09:00: 23:00 UTC yesterday was 20:00 local yesterday, 02:00 UTC was 23:00.
    expect(ledger.figures('c1', 'America/Montevideo', NOON_UTC, 8).today).toEqual({ average: 4, count: 2 });
  });
});
