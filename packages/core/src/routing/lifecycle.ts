import { hasCandidate, select, type Selection } from './delivery';
import {
  extendPath,
  type AgentRecord,
  type CampaignRecord,
  type InteractionRecord,
  type RoutingState,
  type Timer,
} from './state';
import { isManual, type CloseReason } from './types';

/**
 * Assigns waiting interactions while anyone can receive them: the event-driven half of the rule "assigned as
 * soon as an eligible agent exists". Only campaigns marked dirty are looked at. Across them the oldest
 * assignable item goes first, so an agent freed in two campaigns serves the longer wait.
 */
export function drain(state: RoutingState, now: number): void {
  const dirty = state.dirty;
  while (dirty.length > 0) {
    let best: InteractionRecord | null = null;
    let bestCampaign: CampaignRecord | null = null;
    for (let i = 0; i < dirty.length;) {
      const campaign = dirty[i]!;
      const item =
        campaign.config.enabled && !isManual(campaign.config.strategy) ? firstAssignable(state, campaign) : null;
      if (!item) {
        state.settleDirty(i); // moves the last one into slot i
        continue;
      }
      i++;
      if (!best || item.enteredAt < best.enteredAt || (item.enteredAt === best.enteredAt && item.seq < best.seq)) {
        best = item;
        bestCampaign = campaign;
      }
    }
    if (!best || !bestCampaign) return;
    assign(state, bestCampaign, best, select(state, bestCampaign, best), now);
  }
}

/**
 * The oldest item someone can receive. An item nobody skipped that finds no candidate ends the search:
 * later items have the same candidates or fewer. Only items with a skip list are stepped over.
 */
function firstAssignable(state: RoutingState, campaign: CampaignRecord): InteractionRecord | null {
  if (campaign.queue.size === 0) return null;
  state.settleCandidates();
  if (campaign.candidates === 0) return null;
  // the usual case: the oldest item skipped nobody, and someone can receive it
  const head = campaign.queue.first();
  if (head && (head.skipped === null || head.skipped.size === 0)) return head;
  let found: InteractionRecord | null = null;
  campaign.queue.scan((item) => {
    if (hasCandidate(state, campaign, item)) {
      found = item;
      return false;
    }
    return item.skipped !== null && item.skipped.size > 0;
  });
  return found;
}

export function assign(
  state: RoutingState,
  campaign: CampaignRecord,
  item: InteractionRecord,
  selection: Selection,
  now: number,
): void {
  const agent = selection.agent;
  if (!agent) return;
  state.unqueue(item);
  item.incallPause = campaign.config.strategy === 'incall';
  campaign.lastAssigned = agent.id;
  agent.lastActivityAt = now;
  extendPath(item, agent.id);
  const offer = campaign.config.offerTimeout;
  const interactionId = item.id;
  const campaignId = campaign.config.id;
  const agentId = agent.id;
  const explanation = selection.explanation;
  if (offer) {
    item.state = 'offered';
    state.hold(item, agent);
    const deadline = now + offer.seconds * 1000;
    state.setTimer(item, deadline, 'offer_expiry');
    state.out.push({ type: 'offered', interactionId, campaignId, agentId, explanation, deadline });
  } else {
    item.state = 'active';
    state.hold(item, agent);
    state.out.push({ type: 'assigned', interactionId, campaignId, agentId, explanation });
  }
}

/** An offer that came back (declined, expired, withdrawn) waits again with its original entry time. */
export function requeue(state: RoutingState, item: InteractionRecord, skipAgentId: string | null): void {
  state.clearTimer(item);
  state.release(item);
  if (skipAgentId !== null) (item.skipped ??= new Set()).add(skipAgentId);
  const campaign = state.campaigns.get(item.campaignId);
  if (!campaign) {
    close(state, item, 'campaign_removed', false);
    return;
  }
  state.enqueue(item, campaign);
}

export function close(state: RoutingState, item: InteractionRecord, reason: CloseReason, abandoned: boolean): void {
  const agentId = item.agentId ?? item.staffId;
  detach(state, item);
  state.out.push({ type: 'closed', interactionId: item.id, campaignId: item.campaignId, reason, agentId, abandoned });
}

/** Forgets an interaction and everything it reserved, without announcing anything. */
export function detach(state: RoutingState, item: InteractionRecord): void {
  if (item.state === 'waiting') state.unqueue(item);
  else {
    state.clearTimer(item);
    state.release(item);
  }
  if (item.transfer) {
    state.agents.get(item.transfer.toAgentId)?.incomingTransfers.delete(item.id);
    item.transfer = null;
  }
  state.interactions.delete(item.id);
}

/** Offers held by an agent who can no longer answer go back to the queue; they do not count as misses. */
export function withdrawOffers(state: RoutingState, agent: AgentRecord): void {
  if (agent.offers.size === 0) return;
  for (const id of [...agent.offers]) {
    const item = state.interactions.get(id);
    if (!item || item.state !== 'offered') continue;
    state.out.push({ type: 'offer_withdrawn', interactionId: id, campaignId: item.campaignId, agentId: agent.id });
    requeue(state, item, null);
  }
}

export function returnTransfer(
  state: RoutingState,
  item: InteractionRecord,
  reason: 'timeout' | 'declined' | 'target_offline',
): void {
  const transfer = item.transfer;
  if (!transfer) return;
  state.agents.get(transfer.toAgentId)?.incomingTransfers.delete(item.id);
  item.transfer = null;
  state.clearTimer(item);
  extendPath(item, transfer.fromAgentId);
  state.out.push({
    type: 'transfer_returned',
    interactionId: item.id,
    agentId: transfer.fromAgentId,
    targetAgentId: transfer.toAgentId,
    reason,
    agentPath: [...item.agentPath],
  });
}

function autoPause(state: RoutingState, agent: AgentRecord, misses: number): void {
  agent.status = 'paused';
  agent.pauseReason = 'missed_offers';
  state.touch(agent);
  agent.misses = 0;
  state.out.push({ type: 'agent_auto_paused', agentId: agent.id, reason: 'missed_offers', misses });
  withdrawOffers(state, agent);
}

/** Fires the earliest timer if it is due by `now`; answers whether one fired. */
export function fireDueTimer(state: RoutingState, now: number): boolean {
  const timer = state.peekTimer();
  if (!timer || timer.at > now) return false;
  state.timers.pop();
  timer.live = false;
  fire(state, timer);
  return true;
}

function fire(state: RoutingState, timer: Timer): void {
  if (timer.kind === 'wrapup_end') {
    const agent = state.agents.get(timer.subject);
    if (!agent || agent.wrapupTimer !== timer) return;
    agent.wrapupTimer = null;
    agent.wrapupUntil = null;
    agent.status = 'available';
    state.out.push({ type: 'wrapup_ended', agentId: agent.id, early: false });
    state.markAgent(agent);
    return;
  }
  const item = state.interactions.get(timer.subject);
  if (!item || item.timer !== timer) return;
  item.timer = null;
  switch (timer.kind) {
    case 'queue_timeout':
      close(state, item, 'queue_timeout', true);
      return;
    case 'transfer_return':
      returnTransfer(state, item, 'timeout');
      return;
    case 'offer_expiry': {
      const agent = item.agentId === null ? undefined : state.agents.get(item.agentId);
      if (!agent) {
        requeue(state, item, null);
        return;
      }
      agent.misses++;
      const misses = agent.misses;
      state.out.push({
        type: 'offer_expired',
        interactionId: item.id,
        campaignId: item.campaignId,
        agentId: agent.id,
        misses,
      });
      requeue(state, item, agent.id);
      const limit = state.campaigns.get(item.campaignId)?.config.offerTimeout?.pauseAfterMisses;
      if (limit !== undefined && misses >= limit && agent.status === 'available') autoPause(state, agent, misses);
      return;
    }
  }
}
