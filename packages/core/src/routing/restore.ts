import { campaignConfig, upsertCampaign } from './campaign-handlers';
import type { AgentSnapshot, InteractionSnapshot, RoutingEvent, RoutingSnapshot } from './events';
import { close, detach } from './lifecycle';
import { NO_AGENTS, extendPath, type InteractionRecord, type RoutingState } from './state';

/**
 * Rebuilds the router's memory from database truth (a new leader after restart). Nothing is announced:
 * the database already holds these facts. Every campaign is marked for a drain, so the first `apply`
 * (a `tick` is enough) assigns whatever became assignable while no router ran.
 */
export function restoreInto(state: RoutingState, snapshot: RoutingSnapshot, now: number): void {
  for (const campaign of snapshot.campaigns) upsertCampaign(state, { type: 'campaign_upserted', campaign }, now);
  for (const agent of snapshot.agents) applyAgentSnapshot(state, agent, now);
  // stable sort: equal entry times keep the snapshot's order, which must be arrival order
  const ordered = [...snapshot.interactions].sort((a, b) => a.enteredAt - b.enteredAt);
  for (const interaction of ordered) insertInteraction(state, interaction, now);
  for (const [campaignId, agentId] of Object.entries(snapshot.lastAssigned ?? {})) {
    const campaign = state.campaigns.get(campaignId);
    if (campaign) campaign.lastAssigned = agentId;
  }
  for (const campaign of state.campaigns.values()) state.markDirty(campaign);
}

export function resync(
  state: RoutingState,
  event: Extract<RoutingEvent, { type: 'interaction_resynced' | 'agent_resynced' }>,
  now: number,
): void {
  if (event.type === 'agent_resynced') {
    applyAgentSnapshot(state, event.agent, now);
    state.out.push({ type: 'resynced', subject: 'agent', id: event.agent.id });
    return;
  }
  const existing = state.interactions.get(event.interaction.id);
  if (existing) detach(state, existing);
  if (event.interaction.state !== 'closed') insertInteraction(state, event.interaction as InteractionSnapshot, now);
  state.out.push({ type: 'resynced', subject: 'interaction', id: event.interaction.id });
}

/** Status and flags only: loads are never copied, they follow from the interactions each agent holds. */
function applyAgentSnapshot(state: RoutingState, snap: AgentSnapshot, now: number): void {
  const agent = state.agent(snap.id, now);
  agent.status = snap.status;
  agent.pauseReason = snap.status === 'paused' ? (snap.pauseReason ?? null) : null;
  agent.onCall = snap.onCall ?? false;
  if (snap.lastActivityAt !== undefined) agent.lastActivityAt = snap.lastActivityAt;
  if (snap.status === 'wrapup') {
    agent.wrapupUntil = snap.wrapupUntil ?? now;
    state.setWrapupTimer(agent, agent.wrapupUntil);
  } else {
    agent.wrapupUntil = null;
    state.setWrapupTimer(agent, null);
  }
  state.markAgent(agent);
}

function insertInteraction(state: RoutingState, snap: InteractionSnapshot, now: number): void {
  const campaign = state.campaigns.get(snap.campaignId);
  const owner = snap.agentId ?? null;
  const item: InteractionRecord = {
    id: snap.id,
    campaignId: snap.campaignId,
    state: snap.state,
    enteredAt: snap.enteredAt,
    queuedAt: snap.queuedAt ?? snap.enteredAt,
    seq: state.nextSeq(),
    agentId: null,
    staffId: null,
    slot: null,
    timer: null,
    skipped: snap.skippedAgentIds?.length ? new Set(snap.skippedAgentIds) : null,
    incallPause: snap.incallPause ?? (snap.state !== 'waiting' && campaign?.config.strategy === 'incall'),
    transfer: null,
    agentPath: owner ? [owner] : NO_AGENTS,
    campaignPath: null,
  };
  state.interactions.set(item.id, item);
  if (snap.state === 'taken_over') {
    // held by staff: open, attended, and in nobody's load
    item.staffId = snap.staffId ?? null;
    item.incallPause = false;
    item.agentPath = NO_AGENTS;
    return;
  }
  if (snap.state === 'waiting' || owner === null) {
    if (!campaign) {
      // nobody can serve it any more; say so rather than keep a ghost in memory
      close(state, item, 'campaign_removed', false);
      return;
    }
    state.enqueue(item, campaign, false);
    return;
  }
  const agent = state.agent(owner, now);
  state.hold(item, agent);
  if (snap.state === 'offered') {
    const seconds = campaign?.config.offerTimeout?.seconds;
    const deadline = snap.offerDeadline ?? (seconds ? now + seconds * 1000 : null);
    state.setTimer(item, deadline, 'offer_expiry');
    return;
  }
  if (snap.transfer) {
    item.transfer = { fromAgentId: owner, toAgentId: snap.transfer.toAgentId };
    state.agent(snap.transfer.toAgentId, now).incomingTransfers.add(item.id);
    extendPath(item, snap.transfer.toAgentId);
    state.setTimer(item, snap.transfer.deadline, 'transfer_return');
  }
}

/** What the router believes, in the shape `restore` reads; for diagnostics and restart tests. */
export function snapshotOf(state: RoutingState): RoutingSnapshot {
  const lastAssigned: Record<string, string> = {};
  for (const [id, campaign] of state.campaigns) if (campaign.lastAssigned) lastAssigned[id] = campaign.lastAssigned;
  return {
    campaigns: [...state.campaigns.values()].map(campaignConfig),
    agents: [...state.agents.values()].map((a) => ({
      id: a.id,
      status: a.status,
      pauseReason: a.pauseReason,
      wrapupUntil: a.wrapupUntil,
      onCall: a.onCall,
      lastActivityAt: a.lastActivityAt,
    })),
    interactions: [...state.interactions.values()]
      .sort((a, b) => a.enteredAt - b.enteredAt || a.seq - b.seq)
      .map((i) => ({
        id: i.id,
        campaignId: i.campaignId,
        state: i.state,
        enteredAt: i.enteredAt,
        queuedAt: i.queuedAt,
        agentId: i.transfer ? i.transfer.fromAgentId : i.agentId,
        staffId: i.staffId,
        offerDeadline: i.state === 'offered' ? (i.timer?.at ?? null) : null,
        transfer: i.transfer ? { toAgentId: i.transfer.toAgentId, deadline: i.timer?.at ?? null } : null,
        skippedAgentIds: i.skipped ? [...i.skipped] : [],
        incallPause: i.incallPause,
      })),
    lastAssigned,
  };
}
