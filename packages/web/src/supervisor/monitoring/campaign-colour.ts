import type { CampaignMonitor, Colour } from '@switchboard/protocol';
import { colourBeyond, worse } from '../format';

/** The longest wait now, ticking from the value measured when the figures were fetched. */
export function longestWaitNow(row: CampaignMonitor, fetchedAt: number, now: number): number | null {
  return row.longestWaitMs === null ? null : row.longestWaitMs + Math.max(0, now - fetchedAt);
}

/** The server's colour, turned amber meanwhile if the oldest waiting item crossed the service level. */
export function waitingColourNow(row: CampaignMonitor, fetchedAt: number, now: number): Colour {
  const beyond =
    row.waiting > 0 ? colourBeyond(longestWaitNow(row, fetchedAt, now), row.thresholds.serviceLevel, 'amber') : 'none';
  return worse(row.waitingColour, beyond);
}
