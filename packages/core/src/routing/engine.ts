import { changeOnCall, changeStatus } from './agent-handlers';
import {
  addMember,
  removeCampaign,
  removeMember,
  reorderMembers,
  updateMember,
  upsertCampaign,
} from './campaign-handlers';
import type { Decision } from './decisions';
import { queuedExplanation } from './delivery';
import type { RoutingEvent, RoutingSnapshot } from './events';
import {
  acceptOffer,
  arrive,
  closeByAgent,
  customerLeft,
  declineOffer,
  scheduleClosed,
  take,
} from './interaction-handlers';
import { drain, fireDueTimer } from './lifecycle';
import { restoreInto, resync, snapshotOf } from './restore';
import { RoutingState, empty } from './state';
import { moveInteraction, releaseTakeOver, supervisorAssign, takeOver } from './supervision-handlers';
import { acceptTransfer, declineTransfer, transferToAgent, transferToCampaign } from './transfer-handlers';
import type { IsOpen, Rng } from './types';
import {
  agentView,
  campaignQueue,
  interactionView,
  waitingVisibleTo,
  type AgentView,
  type InteractionView,
  type PendingItem,
  type QueueEntryView,
} from './views';

export interface RoutingEngineOptions {
  rng: Rng;
  /** Schedule check from the schedule module; defaults to always open. */
  isOpen?: IsOpen;
}

/**
 * The routing engine: in-memory state changed only by `apply(event, now)`, which returns the decisions
 * the service must persist (conditional writes) and then announce. Same state + event + now + rng ⇒ same
 * decisions. Time never moves by itself: the service arms one timer at `nextDeadline()` and applies a
 * `tick` when it fires.
 */
export class RoutingEngine {
  private readonly state: RoutingState;

  constructor(options: RoutingEngineOptions) {
    this.state = new RoutingState(options.rng, options.isOpen ?? (() => true));
  }

  /** A new router rebuilt from database truth; the first `apply` (e.g. a tick) drains what is assignable. */
  static restore(snapshot: RoutingSnapshot, options: RoutingEngineOptions, now: number): RoutingEngine {
    const engine = new RoutingEngine(options);
    restoreInto(engine.state, snapshot, now);
    return engine;
  }

  apply(event: RoutingEvent, now: number): Decision[] {
    const state = this.state;
    // timers that fell due before this event happened first
    this.settle(now);
    this.handle(event, now);
    this.settle(now);
    this.announceQueued();
    // an exact-size copy: a fresh array grown by push would reserve 16 slots for the usual one or two decisions
    const out = state.out.slice();
    empty(state.out);
    return out;
  }

  /** The earliest instant at which a `tick` has work to do, or null when no timer is armed. */
  nextDeadline(): number | null {
    return this.state.peekTimer()?.at ?? null;
  }

  agentView(agentId: string): AgentView | undefined {
    return agentView(this.state, agentId);
  }

  interaction(interactionId: string): InteractionView | undefined {
    return interactionView(this.state, interactionId);
  }

  campaignQueue(campaignId: string, limit?: number): QueueEntryView[] {
    return campaignQueue(this.state, campaignId, limit);
  }

  waitingVisibleTo(agentId: string, limit?: number): PendingItem[] {
    return waitingVisibleTo(this.state, agentId, limit);
  }

  waitingCount(campaignId: string): number {
    return this.state.campaigns.get(campaignId)?.queue.size ?? 0;
  }

  snapshot(): RoutingSnapshot {
    return snapshotOf(this.state);
  }

  private settle(now: number): void {
    drain(this.state, now);
    while (fireDueTimer(this.state, now)) drain(this.state, now);
  }

  private announceQueued(): void {
    const state = this.state;
    if (state.entered.length === 0) return;
    // the same item can enter twice in one apply; the usual single arrival needs no set to tell
    const seen = state.entered.length > 1 ? new Set<string>() : null;
    for (const item of state.entered) {
      if (seen) {
        if (seen.has(item.id)) continue;
        seen.add(item.id);
      }
      const campaign = state.campaigns.get(item.campaignId);
      if (!campaign || item.state !== 'waiting' || !item.slot || state.interactions.get(item.id) !== item) continue;
      const position = campaign.queue.positionOf(item.slot);
      state.out.push({
        type: 'queued',
        interactionId: item.id,
        campaignId: item.campaignId,
        position,
        explanation: queuedExplanation(state, campaign, item, position),
      });
    }
    empty(state.entered);
  }

  private handle(event: RoutingEvent, now: number): void {
    const state = this.state;
    switch (event.type) {
      case 'campaign_upserted':
        return upsertCampaign(state, event, now);
      case 'campaign_removed':
        return removeCampaign(state, event);
      case 'member_added':
        return addMember(state, event, now);
      case 'member_updated':
        return updateMember(state, event);
      case 'member_removed':
        return removeMember(state, event);
      case 'members_reordered':
        return reorderMembers(state, event);
      case 'agent_status_changed':
        return changeStatus(state, event, now);
      case 'agent_on_call_changed':
        return changeOnCall(state, event, now);
      case 'interaction_arrived':
        return arrive(state, event, now);
      case 'interaction_taken':
        return take(state, event, now);
      case 'offer_accepted':
        return acceptOffer(state, event);
      case 'offer_declined':
        return declineOffer(state, event);
      case 'interaction_closed':
        return closeByAgent(state, event, now);
      case 'customer_left':
        return customerLeft(state, event);
      case 'transfer_to_agent':
        return transferToAgent(state, event, now);
      case 'transfer_accepted':
        return acceptTransfer(state, event, now);
      case 'transfer_declined':
        return declineTransfer(state, event);
      case 'transfer_to_campaign':
        return transferToCampaign(state, event, now);
      case 'interaction_taken_over':
        return takeOver(state, event);
      case 'takeover_released':
        return releaseTakeOver(state, event, now);
      case 'supervisor_assigned':
        return supervisorAssign(state, event, now);
      case 'interaction_moved':
        return moveInteraction(state, event, now);
      case 'schedule_closed':
        return scheduleClosed(state, event);
      case 'tick':
        return;
      case 'interaction_resynced':
      case 'agent_resynced':
        return resync(state, event, now);
    }
  }
}
