import type { CounterEvent } from '@switchboard/core';
import type { Kysely } from 'kysely';
import type { Tables } from '../storage/schema';
import type { InteractionTracker } from './monitor-tracker';
import { readEventDetail } from '../storage/json-columns';

/** How far back the start-up rebuild reads: a local day (up to 25 h on a DST day) plus slack. */
export const REBUILD_WINDOW_MS = 26 * 3600_000;

const COLUMNS = [
  'id',
  'campaign_id',
  'status',
  'close_reason',
  'owner_agent_id',
  'created_at',
  'entered_at',
  'taken_at',
  'closed_at',
] as const;

/**
 * Rebuilds today's and the chart's counters once, at start, from the interactions created in the last
 * ~26 hours (index on created_at) and the ones still open (index on status). Never called per refresh.
 * Known approximations, documented in ADR 0006: an interaction that moved campaigns counts in its last
 * campaign only, and "attended today" goes to its current owner.
 */
export async function rebuildFromDatabase(
  db: Kysely<Tables>,
  tracker: InteractionTracker,
  record: (campaignId: string, event: CounterEvent) => void,
  now: number,
): Promise<{ interactions: number }> {
  const since = now - REBUILD_WINDOW_MS;
  const recent = await db
    .selectFrom('interactions')
    .select(COLUMNS)
    .where('created_at', '>=', since)
    .orderBy('created_at')
    .execute();
  const older = await db
    .selectFrom('interactions')
    .select(COLUMNS)
    .where('status', 'in', ['waiting', 'offered', 'active'])
    .where('created_at', '<', since)
    .execute();

  for (const row of older) {
    if (!row.campaign_id) continue;
    tracker.adopt({
      id: row.id,
      campaignId: row.campaign_id,
      enteredAt: row.entered_at ?? row.created_at,
      takenAt: row.status === 'active' ? row.taken_at : null,
      ownerAgentId: row.owner_agent_id,
    });
  }
  for (const row of recent) {
    if (!row.campaign_id) continue;
    const refusedAtTheDoor = row.status === 'closed' && row.entered_at === null && row.taken_at === null;
    if (!refusedAtTheDoor) {
      tracker.arrived(row.id, row.campaign_id, row.entered_at ?? row.created_at);
      if (row.taken_at !== null)
        tracker.active(row.id, row.campaign_id, row.owner_agent_id, row.taken_at, row.taken_at);
    }
    if (row.status === 'closed')
      tracker.closed(row.id, row.campaign_id, row.close_reason ?? 'agent', row.closed_at ?? row.created_at);
  }

  // Transfers are facts of the timeline, not of the row: read them for the same window by the events' index.
  const transfers = await db
    .selectFrom('interaction_events')
    .innerJoin('interactions', 'interactions.id', 'interaction_events.interaction_id')
    .select(['interaction_events.at', 'interaction_events.detail_json', 'interactions.campaign_id'])
    .where('interactions.created_at', '>=', since)
    .where('interaction_events.type', '=', 'transferred')
    .execute();
  for (const t of transfers) {
    const from = t.detail_json ? readEventDetail(t.detail_json).fromCampaignId : undefined;
    const campaignId = from ?? t.campaign_id;
    if (campaignId) record(campaignId, { type: 'transferred', at: t.at });
  }
  return { interactions: recent.length + older.length };
}
