import { capOf } from './eligibility';
import type { RoutingEvent } from './events';
import type { TransferRejection } from './decisions';
import { returnTransfer } from './lifecycle';
import { extendPath, type InteractionRecord, type RoutingState } from './state';

type EventOf<T extends RoutingEvent['type']> = Extract<RoutingEvent, { type: T }>;

/** The transferring agent keeps the interaction (and its load) until the target accepts. */
export function transferToAgent(state: RoutingState, event: EventOf<'transfer_to_agent'>, now: number): void {
  const item = ownedBy(state, event.interactionId, event.fromAgentId);
  if (typeof item === 'string') return reject(state, event.interactionId, event.fromAgentId, item);
  if (event.toAgentId === event.fromAgentId) return reject(state, item.id, event.fromAgentId, 'same_agent');
  if (item.transfer) return reject(state, item.id, event.fromAgentId, 'already_pending');
  const target = state.agents.get(event.toAgentId);
  if (!target || target.status === 'offline') return reject(state, item.id, event.fromAgentId, 'target_offline');
  item.transfer = { fromAgentId: event.fromAgentId, toAgentId: event.toAgentId };
  target.incomingTransfers.add(item.id);
  extendPath(item, event.toAgentId);
  const seconds = state.campaigns.get(item.campaignId)?.config.maxTransferSeconds ?? 0;
  const deadline = seconds > 0 ? now + seconds * 1000 : null;
  state.setTimer(item, deadline, 'transfer_return');
  state.out.push({
    type: 'transfer_requested',
    interactionId: item.id,
    fromAgentId: event.fromAgentId,
    toAgentId: event.toAgentId,
    deadline,
  });
}

/** Accepting is a take by the target: the campaign cap holds for it like for anyone. */
export function acceptTransfer(state: RoutingState, event: EventOf<'transfer_accepted'>, now: number): void {
  const item = state.interactions.get(event.interactionId);
  const refuse = (reason: 'not_pending' | 'at_capacity' | 'not_eligible', detail: string) => {
    state.out.push({
      type: 'transfer_accept_rejected',
      interactionId: event.interactionId,
      agentId: event.agentId,
      reason,
      detail,
    });
  };
  if (!item || !item.transfer || item.transfer.toAgentId !== event.agentId)
    return refuse('not_pending', 'no transfer to this agent is pending');
  const target = state.agents.get(event.agentId);
  if (!target || target.status !== 'available')
    return refuse('not_eligible', `agent is ${target?.status ?? 'unknown'}`);
  const campaign = state.campaigns.get(item.campaignId);
  const strategy = campaign?.config.strategy;
  if (target.incallHeld > 0 && strategy !== 'nopause')
    return refuse('not_eligible', 'auto-paused by an incall interaction');
  if (campaign) {
    const held = target.heldIn.get(item.campaignId) ?? 0;
    const cap = capOf(campaign);
    if (held >= cap) return refuse('at_capacity', `holds ${held}/${cap} in this campaign`);
    if ((strategy === 'interaction' || strategy === 'incall') && target.held > 0)
      return refuse('at_capacity', `strategy ${strategy} allows one interaction at a time`);
  }
  const fromAgentId = item.transfer.fromAgentId;
  target.incomingTransfers.delete(item.id);
  item.transfer = null;
  state.clearTimer(item);
  state.release(item);
  item.incallPause = strategy === 'incall';
  target.lastActivityAt = now;
  state.hold(item, target);
  state.out.push({ type: 'transfer_accepted', interactionId: item.id, fromAgentId, toAgentId: target.id });
}

export function declineTransfer(state: RoutingState, event: EventOf<'transfer_declined'>): void {
  const item = state.interactions.get(event.interactionId);
  if (!item || !item.transfer || item.transfer.toAgentId !== event.agentId) {
    state.out.push({
      type: 'ignored',
      event: event.type,
      reason: `no transfer of ${event.interactionId} to ${event.agentId} is pending`,
    });
    return;
  }
  returnTransfer(state, item, 'declined');
}

/** The interaction queues in the new campaign with its original entry time, so it keeps its place. */
export function transferToCampaign(state: RoutingState, event: EventOf<'transfer_to_campaign'>, now: number): void {
  const item = ownedBy(state, event.interactionId, event.fromAgentId);
  if (typeof item === 'string') return reject(state, event.interactionId, event.fromAgentId, item);
  const target = state.campaigns.get(event.campaignId);
  if (!target) return reject(state, item.id, event.fromAgentId, 'unknown_campaign');
  if (!target.config.enabled) return reject(state, item.id, event.fromAgentId, 'campaign_disabled');
  if (!state.isOpen(event.campaignId, now)) return reject(state, item.id, event.fromAgentId, 'out_of_schedule');
  if (target.config.maxQueued > 0 && target.queue.size >= target.config.maxQueued)
    return reject(state, item.id, event.fromAgentId, 'queue_full');
  if (item.transfer) {
    state.agents.get(item.transfer.toAgentId)?.incomingTransfers.delete(item.id);
    item.transfer = null;
  }
  const fromCampaignId = item.campaignId;
  state.clearTimer(item);
  state.release(item);
  item.campaignId = event.campaignId;
  (item.campaignPath ??= [fromCampaignId]).push(event.campaignId);
  item.skipped = null;
  item.incallPause = false;
  // the queue timeout counts from entering this queue; ordering keeps the original entry time
  item.queuedAt = now;
  state.out.push({
    type: 'transferred_to_campaign',
    interactionId: item.id,
    fromCampaignId,
    toCampaignId: event.campaignId,
    fromAgentId: event.fromAgentId,
    enteredAt: item.enteredAt,
  });
  state.enqueue(item, target);
}

function ownedBy(
  state: RoutingState,
  interactionId: string,
  agentId: string,
): InteractionRecord | 'not_active' | 'not_owner' {
  const item = state.interactions.get(interactionId);
  if (!item || item.state !== 'active') return 'not_active';
  if (item.agentId !== agentId) return 'not_owner';
  return item;
}

function reject(state: RoutingState, interactionId: string, agentId: string, reason: TransferRejection): void {
  state.out.push({ type: 'transfer_rejected', interactionId, agentId, reason });
}
