import type { SupervisionCommand, SupervisionRejection } from './decisions';
import { capOf } from './eligibility';
import type { RoutingEvent } from './events';
import { close } from './lifecycle';
import { extendPath, type AgentRecord, type CampaignRecord, type InteractionRecord, type RoutingState } from './state';

type EventOf<T extends RoutingEvent['type']> = Extract<RoutingEvent, { type: T }>;

/**
 * A supervisor takes the conversation from its agent. The interaction stays open and attended, held by the
 * staff member, who counts toward no cap; the agent's load drops now, so waiting work can reach them.
 */
export function takeOver(state: RoutingState, event: EventOf<'interaction_taken_over'>): void {
  const item = state.interactions.get(event.interactionId);
  const refuse = refuser(state, event.interactionId, 'take_over', event.staffId);
  if (!item || item.state !== 'active' || item.agentId === null)
    return refuse('not_active', item?.state === 'taken_over' ? 'already taken over' : 'not an active conversation');
  if (item.agentId === event.staffId) return refuse('same_agent', 'you already hold this conversation');
  const fromAgentId = item.agentId;
  cancelTransfer(state, item);
  state.clearTimer(item);
  state.release(item);
  item.state = 'taken_over';
  item.staffId = event.staffId;
  item.incallPause = false;
  state.out.push({
    type: 'taken_over',
    interactionId: item.id,
    campaignId: item.campaignId,
    staffId: event.staffId,
    fromAgentId,
  });
}

/** The staff member who took it over hands it to an agent (within that agent's cap) or back to the queue. */
export function releaseTakeOver(state: RoutingState, event: EventOf<'takeover_released'>, now: number): void {
  const item = state.interactions.get(event.interactionId);
  const toAgentId = event.toAgentId ?? null;
  const refuse = refuser(state, event.interactionId, 'release', toAgentId);
  if (!item || item.state !== 'taken_over' || item.staffId !== event.staffId)
    return refuse('not_taken_over', 'you do not hold this conversation after a take-over');
  const campaign = state.campaigns.get(item.campaignId);
  if (toAgentId !== null) {
    const target = placeable(state, campaign, toAgentId);
    if ('reason' in target) return refuse(target.reason, target.detail);
    item.staffId = null;
    placeWith(state, item, campaign!, target, now);
    state.out.push(released(item, event.staffId, toAgentId));
    return;
  }
  item.staffId = null;
  state.out.push(released(item, event.staffId, null));
  if (!campaign) {
    close(state, item, 'campaign_removed', false);
    return;
  }
  // It keeps its entry time (its place among the waiting); the queue timeout counts from now.
  item.queuedAt = now;
  item.skipped = null;
  item.incallPause = false;
  state.enqueue(item, campaign);
}

/** A supervisor gives a waiting interaction to a chosen member, who must be under the campaign's cap. */
export function supervisorAssign(state: RoutingState, event: EventOf<'supervisor_assigned'>, now: number): void {
  const item = state.interactions.get(event.interactionId);
  const refuse = refuser(state, event.interactionId, 'assign', event.agentId);
  if (!item || item.state !== 'waiting') return refuse('not_waiting', 'the interaction is no longer waiting');
  const campaign = state.campaigns.get(item.campaignId);
  const target = placeable(state, campaign, event.agentId);
  if ('reason' in target) return refuse(target.reason, target.detail);
  state.unqueue(item);
  placeWith(state, item, campaign!, target, now);
  state.out.push({
    type: 'supervisor_assigned',
    interactionId: item.id,
    campaignId: item.campaignId,
    agentId: target.id,
  });
}

/** A supervisor moves an active interaction to another member; a pending transfer of it is cancelled. */
export function moveInteraction(state: RoutingState, event: EventOf<'interaction_moved'>, now: number): void {
  const item = state.interactions.get(event.interactionId);
  const refuse = refuser(state, event.interactionId, 'move', event.toAgentId);
  if (!item || item.state !== 'active' || item.agentId === null)
    return refuse('not_active', 'only a conversation an agent is attending can be moved');
  if (item.agentId === event.toAgentId) return refuse('same_agent', 'that agent already holds it');
  const campaign = state.campaigns.get(item.campaignId);
  const target = placeable(state, campaign, event.toAgentId);
  if ('reason' in target) return refuse(target.reason, target.detail);
  const fromAgentId = item.agentId;
  cancelTransfer(state, item);
  state.clearTimer(item);
  state.release(item);
  placeWith(state, item, campaign!, target, now);
  state.out.push({
    type: 'moved',
    interactionId: item.id,
    campaignId: item.campaignId,
    fromAgentId,
    toAgentId: target.id,
  });
}

/**
 * Whether a supervisor may place an interaction of `campaign` with `agentId`: a logged-in member under the
 * campaign's cap. A supervisor may choose a paused agent on purpose; the cap and membership still hold.
 */
function placeable(
  state: RoutingState,
  campaign: CampaignRecord | undefined,
  agentId: string,
): AgentRecord | { reason: SupervisionRejection; detail: string } {
  if (!campaign) return { reason: 'not_member', detail: 'its campaign no longer exists' };
  if (!campaign.memberByAgent.has(agentId))
    return { reason: 'not_member', detail: `agent is not a member of campaign ${campaign.config.id}` };
  const agent = state.agents.get(agentId);
  if (!agent || agent.status === 'offline') return { reason: 'not_eligible', detail: 'agent is offline' };
  const held = state.heldIn(agent, campaign.config.id);
  const cap = capOf(campaign);
  if (held >= cap) return { reason: 'at_capacity', detail: `agent holds ${held}/${cap} in this campaign` };
  return agent;
}

function placeWith(
  state: RoutingState,
  item: InteractionRecord,
  campaign: CampaignRecord,
  agent: AgentRecord,
  now: number,
): void {
  item.state = 'active';
  item.incallPause = campaign.config.strategy === 'incall';
  extendPath(item, agent.id);
  agent.lastActivityAt = now;
  state.hold(item, agent);
}

function cancelTransfer(state: RoutingState, item: InteractionRecord): void {
  if (!item.transfer) return;
  state.agents.get(item.transfer.toAgentId)?.incomingTransfers.delete(item.id);
  item.transfer = null;
}

function released(item: InteractionRecord, staffId: string, toAgentId: string | null) {
  return {
    type: 'takeover_released' as const,
    interactionId: item.id,
    campaignId: item.campaignId,
    staffId,
    toAgentId,
  };
}

function refuser(state: RoutingState, interactionId: string, command: SupervisionCommand, agentId: string | null) {
  return (reason: SupervisionRejection, detail: string): void => {
    state.out.push({ type: 'supervision_rejected', interactionId, command, agentId, reason, detail });
  };
}
