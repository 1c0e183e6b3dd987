import type {
  AgentSnapshot,
  CampaignRouting,
  InteractionSnapshot,
  RoutingEvent,
  RoutingSnapshot,
} from '@switchboard/core';
import { CUSTOMER_LEFT } from '../conversations/conversation-store';
import type { Campaign } from '@switchboard/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { AgentPresenceTable, InteractionsTable, Tables } from '../storage/schema';

/** What routing reads of a campaign (thresholds map onto queue limits). */
export function routingOf(
  campaign: Campaign,
  members: { agent_id: string; penalty: number; position: number }[],
): CampaignRouting {
  return {
    id: campaign.id,
    enabled: campaign.enabled,
    strategy: campaign.strategy,
    deliveryMode: campaign.deliveryMode,
    maxInteractionsPerAgent: campaign.maxInteractionsPerAgent,
    members: members.map((m) => ({ agentId: m.agent_id, penalty: m.penalty, position: m.position })),
    maxQueued: campaign.thresholds.maxQueued,
    queueTimeoutSeconds: campaign.thresholds.queueTimeout,
    offerTimeout: campaign.offerTimeout,
    maxTransferSeconds: campaign.maxTransferSeconds,
    wrapUpSeconds: campaign.wrapUpSeconds,
  };
}

export async function loadMembers(db: Kysely<Tables>, campaignIds?: string[]) {
  let q = db.selectFrom('members').select(['campaign_id', 'agent_id', 'penalty', 'position']).orderBy('position');
  if (campaignIds) q = q.where('campaign_id', 'in', campaignIds.length ? campaignIds : ['']);
  const rows = await q.execute();
  const by = new Map<string, typeof rows>();
  for (const r of rows) by.set(r.campaign_id, [...(by.get(r.campaign_id) ?? []), r]);
  return by;
}

export function agentSnapshotOf(row: Selectable<AgentPresenceTable>): AgentSnapshot {
  return {
    id: row.agent_id,
    status: row.status as AgentSnapshot['status'],
    pauseReason: row.reason,
    wrapupUntil: row.wrapup_until,
    onCall: row.on_call === 1,
    lastActivityAt: row.since,
  };
}

export function interactionSnapshotOf(
  row: Selectable<InteractionsTable>,
  offerSeconds: number | null,
): InteractionSnapshot | null {
  if (!row.campaign_id || row.status === 'closed') return null;
  // Held by the staff member in owner_agent_id after a take-over: open, and in no agent's load.
  if (row.status === 'active' && row.taken_over_at !== null)
    return {
      id: row.id,
      campaignId: row.campaign_id,
      state: 'taken_over',
      enteredAt: row.entered_at ?? row.created_at,
      agentId: null,
      staffId: row.owner_agent_id,
    };
  return {
    id: row.id,
    campaignId: row.campaign_id,
    state: row.status as InteractionSnapshot['state'],
    enteredAt: row.entered_at ?? row.created_at,
    agentId: row.owner_agent_id,
    offerDeadline:
      row.status === 'offered' && row.offered_at !== null && offerSeconds ? row.offered_at + offerSeconds * 1000 : null,
    transfer: row.transfer_to_agent_id
      ? { toAgentId: row.transfer_to_agent_id, deadline: row.transfer_deadline }
      : null,
  };
}

/** Database truth for a new router: a new leader rebuilds its state from it (docs/adr/0002-routing-engine.md). */
export async function loadRoutingSnapshot(db: Kysely<Tables>, campaigns: Campaign[]): Promise<RoutingSnapshot> {
  const members = await loadMembers(db);
  const presence = await db.selectFrom('agent_presence').selectAll().execute();
  const open = await db
    .selectFrom('interactions')
    .selectAll()
    .where('status', 'in', ['waiting', 'offered', 'active'])
    // Hand-offs the router has not let in yet are decided again as arrivals (pendingInputs), not restored.
    .where((eb) => eb.or([eb('status', '<>', 'waiting'), eb('entered_at', 'is not', null)]))
    .execute();
  const offerSeconds = new Map(campaigns.map((c) => [c.id, c.offerTimeout?.seconds ?? null]));
  const agentIds = new Set<string>();
  for (const list of members.values()) for (const m of list) agentIds.add(m.agent_id);
  const present = new Map(presence.map((p) => [p.agent_id, agentSnapshotOf(p)]));
  const agents: AgentSnapshot[] = [...agentIds].map((id) => present.get(id) ?? { id, status: 'offline' });
  return {
    campaigns: campaigns.map((c) => routingOf(c, members.get(c.id) ?? [])),
    agents,
    interactions: open
      .map((row) => interactionSnapshotOf(row, row.campaign_id ? (offerSeconds.get(row.campaign_id) ?? null) : null))
      .filter((s): s is InteractionSnapshot => s !== null),
  };
}

/**
 * What ingest stored and acknowledged but the router may not have decided before it stopped: hand-offs never let
 * into a queue (waiting, no entry time: refused at the door by the directory, or let in but never heard of), and
 * open interactions whose customer left. Replayed as commands after a restore; replaying a decided one changes
 * nothing (a duplicate arrival is ignored, a closed interaction is not open).
 */
export async function pendingInputs(db: Kysely<Tables>): Promise<RoutingEvent[]> {
  const arrivals = await db
    .selectFrom('interactions')
    .select(['id', 'campaign_id', 'created_at'])
    .where('status', '=', 'waiting')
    .where('entered_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  // From the few open interactions (status index) to their timeline (interaction index), never the whole timeline.
  const left = await db
    .selectFrom('interactions')
    .select('interactions.id')
    .where('interactions.status', 'in', ['waiting', 'offered', 'active'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('interaction_events')
          .select('interaction_events.id')
          .whereRef('interaction_events.interaction_id', '=', 'interactions.id')
          .where('interaction_events.type', '=', CUSTOMER_LEFT),
      ),
    )
    .execute();
  return [
    ...arrivals.map((row): RoutingEvent => ({
      type: 'interaction_arrived',
      interactionId: row.id,
      campaignId: row.campaign_id,
      enteredAt: row.created_at,
    })),
    ...left.map((row): RoutingEvent => ({ type: 'customer_left', interactionId: row.id })),
  ];
}
