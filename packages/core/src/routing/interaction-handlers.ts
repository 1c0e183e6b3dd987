import type { ArrivalRejection, TakeRejection } from './decisions';
import { takeExclusion } from './eligibility';
import type { RoutingEvent } from './events';
import { close, requeue } from './lifecycle';
import { NO_AGENTS, extendPath, type InteractionRecord, type RoutingState } from './state';
import { isAttended, isManual } from './types';

type EventOf<T extends RoutingEvent['type']> = Extract<RoutingEvent, { type: T }>;

// The refusals are module functions rather than closures in the handlers: the runtime names every closure it
// creates (tsx keeps function names), which cost an arrival more than its queue insert.
function rejectArrival(state: RoutingState, event: EventOf<'interaction_arrived'>, reason: ArrivalRejection): void {
  const { interactionId, campaignId } = event;
  state.out.push({ type: 'arrival_rejected', interactionId, campaignId, reason });
}

export function arrive(state: RoutingState, event: EventOf<'interaction_arrived'>, now: number): void {
  const { interactionId, campaignId } = event;
  if (state.interactions.has(interactionId)) return rejectArrival(state, event, 'duplicate');
  if (campaignId === null) return rejectArrival(state, event, 'unrouted');
  const campaign = state.campaigns.get(campaignId);
  if (!campaign) return rejectArrival(state, event, 'unknown_campaign');
  if (!campaign.config.enabled) return rejectArrival(state, event, 'campaign_disabled');
  if (!state.isOpen(campaignId, now)) return rejectArrival(state, event, 'out_of_schedule');
  const maxQueued = campaign.config.maxQueued;
  if (maxQueued > 0 && campaign.queue.size >= maxQueued) {
    state.out.push({ type: 'rejected_queue_full', interactionId, campaignId, maxQueued });
    return;
  }
  const item: InteractionRecord = {
    id: interactionId,
    campaignId,
    state: 'waiting',
    enteredAt: event.enteredAt ?? now,
    queuedAt: now,
    seq: state.nextSeq(),
    agentId: null,
    staffId: null,
    slot: null,
    timer: null,
    skipped: null,
    incallPause: false,
    transfer: null,
    agentPath: NO_AGENTS,
    campaignPath: null,
  };
  state.interactions.set(interactionId, item);
  state.enqueue(item, campaign);
}

/** Manual take (ringall / ringallmultiple); the first take of an item wins, the next gets `already_taken`. */
function rejectTake(
  state: RoutingState,
  event: EventOf<'interaction_taken'>,
  reason: TakeRejection,
  detail: string,
): void {
  state.out.push({ type: 'take_rejected', interactionId: event.interactionId, agentId: event.agentId, reason, detail });
}

export function take(state: RoutingState, event: EventOf<'interaction_taken'>, now: number): void {
  const { interactionId, agentId } = event;
  const item = state.interactions.get(interactionId);
  if (!item) return rejectTake(state, event, 'not_waiting', 'no such waiting interaction (closed or unknown)');
  if (item.state !== 'waiting')
    return rejectTake(
      state,
      event,
      'already_taken',
      item.agentId === agentId ? 'you already hold it' : 'another agent holds it',
    );
  const campaign = state.campaigns.get(item.campaignId);
  if (!campaign) return rejectTake(state, event, 'not_waiting', 'its campaign no longer exists');
  if (!campaign.memberByAgent.has(agentId))
    return rejectTake(state, event, 'not_member', `not a member of campaign ${campaign.config.id}`);
  if (!isManual(campaign.config.strategy))
    return rejectTake(
      state,
      event,
      'not_eligible',
      `campaign strategy ${campaign.config.strategy} assigns automatically`,
    );
  const agent = state.agents.get(agentId);
  const exclusion = takeExclusion(agent, campaign);
  if (exclusion) return rejectTake(state, event, exclusion.code, exclusion.detail);
  if (campaign.config.strategy === 'ringall' && campaign.queue.first() !== item)
    return rejectTake(state, event, 'not_oldest', 'ringall hands out the oldest waiting interaction first');
  if (!agent) return;
  state.unqueue(item);
  item.state = 'active';
  item.incallPause = false;
  extendPath(item, agentId);
  agent.lastActivityAt = now;
  state.hold(item, agent);
  state.out.push({ type: 'taken', interactionId, campaignId: item.campaignId, agentId });
}

export function acceptOffer(state: RoutingState, event: EventOf<'offer_accepted'>): void {
  const item = offeredTo(state, event.interactionId, event.agentId, event.type);
  if (!item) return;
  const agent = state.agents.get(event.agentId);
  state.clearTimer(item);
  item.state = 'active';
  if (agent) {
    agent.offers.delete(item.id);
    agent.misses = 0;
  }
  state.out.push({
    type: 'offer_accepted',
    interactionId: item.id,
    campaignId: item.campaignId,
    agentId: event.agentId,
  });
}

/** A declined offer waits again at its entry-time place (the head, for the oldest) and skips this agent. */
export function declineOffer(state: RoutingState, event: EventOf<'offer_declined'>): void {
  const item = offeredTo(state, event.interactionId, event.agentId, event.type);
  if (!item) return;
  state.out.push({
    type: 'offer_declined',
    interactionId: item.id,
    campaignId: item.campaignId,
    agentId: event.agentId,
  });
  requeue(state, item, event.agentId);
}

function offeredTo(
  state: RoutingState,
  interactionId: string,
  agentId: string,
  eventType: string,
): InteractionRecord | null {
  const item = state.interactions.get(interactionId);
  if (!item || item.state !== 'offered' || item.agentId !== agentId) {
    state.out.push({
      type: 'ignored',
      event: eventType,
      reason: `interaction ${interactionId} is not offered to agent ${agentId}`,
    });
    return null;
  }
  return item;
}

export function closeByAgent(state: RoutingState, event: EventOf<'interaction_closed'>, now: number): void {
  const item = state.interactions.get(event.interactionId);
  if (item?.state === 'taken_over' && (event.agentId === undefined || item.staffId === event.agentId)) {
    // The supervisor who took it over closes it; nobody's load or wrap-up is involved.
    close(state, item, 'agent', false);
    return;
  }
  if (!item || item.state !== 'active' || (event.agentId !== undefined && item.agentId !== event.agentId)) {
    state.out.push({
      type: 'ignored',
      event: event.type,
      reason: `interaction ${event.interactionId} is not active${event.agentId ? ` with agent ${event.agentId}` : ''}`,
    });
    return;
  }
  const agent = item.agentId === null ? undefined : state.agents.get(item.agentId);
  const wrapUpSeconds = event.wrapUpSeconds ?? state.campaigns.get(item.campaignId)?.config.wrapUpSeconds ?? 0;
  close(state, item, 'agent', false);
  if (!agent) return;
  agent.lastActivityAt = now;
  // Wrap-up follows work done while available; a paused or logged-out agent stays as they chose.
  if (wrapUpSeconds > 0 && (agent.status === 'available' || agent.status === 'wrapup')) {
    const until = Math.max(agent.wrapupUntil ?? 0, now + wrapUpSeconds * 1000);
    agent.status = 'wrapup';
    agent.wrapupUntil = until;
    state.touch(agent);
    state.setWrapupTimer(agent, until);
    state.out.push({ type: 'wrapup_started', agentId: agent.id, until });
  }
}

/** Before being attended it counts as an abandon; once active the conversation simply ends. */
export function customerLeft(state: RoutingState, event: EventOf<'customer_left'>): void {
  const item = state.interactions.get(event.interactionId);
  if (!item) {
    state.out.push({ type: 'ignored', event: event.type, reason: `interaction ${event.interactionId} is not open` });
    return;
  }
  close(state, item, 'customer_left', !isAttended(item.state));
}

/** The campaign closed for the day, which clears its queue: whoever was not attended yet is told so and closed. */
export function scheduleClosed(state: RoutingState, event: EventOf<'schedule_closed'>): void {
  const pending: InteractionRecord[] = [];
  for (const item of state.interactions.values()) {
    if (item.campaignId === event.campaignId && !isAttended(item.state)) pending.push(item);
  }
  pending.sort((a, b) => a.enteredAt - b.enteredAt || a.seq - b.seq);
  for (const item of pending) close(state, item, 'out_of_schedule', false);
}
