import { describe, expect, it } from 'vitest';
import { agentCampaignRow, countByStatus, countToday, monitorStatus, readToday } from './agent-view';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);

describe('agent monitoring row', () => {
  it('groups agents: busy wins over available and paused, not over wrap-up or offline', () => {
    expect(monitorStatus('available', 0)).toBe('available');
    expect(monitorStatus('available', 1)).toBe('busy');
    expect(monitorStatus('paused', 1)).toBe('busy');
    expect(monitorStatus('paused', 0)).toBe('paused');
    expect(monitorStatus('wrapup', 0)).toBe('wrapup');
    expect(monitorStatus('offline', 2)).toBe('offline');
    expect(countByStatus(['busy', 'busy', 'paused'])).toEqual({
      available: 0,
      busy: 2,
      paused: 1,
      wrapup: 0,
      offline: 0,
    });
  });

  it('shows status since, active/max, the oldest active chat and flags it past chat time', () => {
    const row = agentCampaignRow(
      {
        status: 'available',
        statusSince: 0,
        activeInAllCampaigns: 2,
        activeTakenAts: [100_000, 30_000],
        max: 3,
        attendedToday: 7,
      },
      700_000,
      600,
    );
    expect(row).toEqual({
      status: 'busy',
      statusSince: 0,
      statusForMs: 700_000,
      active: 2,
      max: 3,
      oldestActiveMs: 670_000,
      colour: 'red',
      attendedToday: 7,
    });
  });

  it('has no oldest chat and no colour when idle', () => {
    const row = agentCampaignRow(
      { status: 'paused', statusSince: 5, activeInAllCampaigns: 0, activeTakenAts: [], max: 1, attendedToday: 0 },
      10,
      600,
    );
    expect(row).toMatchObject({ status: 'paused', oldestActiveMs: null, colour: 'normal', active: 0 });
  });
});

describe('attended today', () => {
  it('restarts at local midnight of the campaign zone, not UTC midnight', () => {
    const zone = 'America/Montevideo';
    let counter = countToday(null, utc(2024, 6, 3, 22), zone); // 19:00 local, June 3
    counter = countToday(counter, utc(2024, 6, 4, 2, 59), zone); // 23:59 local, still June 3
    expect(readToday(counter, utc(2024, 6, 4, 2, 59))).toBe(2);
    expect(readToday(counter, utc(2024, 6, 4, 3))).toBe(0); // 00:00 local, June 4
    counter = countToday(counter, utc(2024, 6, 4, 3), zone);
    expect(counter.count).toBe(1);
  });
});
