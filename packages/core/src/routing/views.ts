import { takeExclusion } from './eligibility';
import type { RoutingState } from './state';
import { isManual, type AgentStatus, type InteractionState } from './types';

export interface AgentView {
  id: string;
  status: AgentStatus;
  pauseReason: string | null;
  wrapupUntil: number | null;
  onCall: boolean;
  /** Holds an incall interaction: paused for routing without a break record. */
  autoPaused: boolean;
  /** Derived status flag: holds at least one interaction. */
  busy: boolean;
  /** Offered + active, all campaigns. */
  held: number;
  heldIn: Readonly<Record<string, number>>;
  lastActivityAt: number;
  misses: number;
  campaigns: string[];
}

export interface InteractionView {
  id: string;
  campaignId: string;
  state: InteractionState;
  agentId: string | null;
  /** The staff member holding it while `taken_over`. */
  staffId: string | null;
  enteredAt: number;
  queuedAt: number;
  /** Offer expiry, queue timeout or transfer return, whichever is armed. */
  deadline: number | null;
  transfer: { fromAgentId: string; toAgentId: string } | null;
  skippedAgentIds: string[];
  agentPath: string[];
  campaignPath: string[];
}

export interface QueueEntryView {
  interactionId: string;
  campaignId: string;
  enteredAt: number;
  queuedAt: number;
  position: number;
}

export interface PendingItem extends QueueEntryView {
  /** Whether a `take` by this agent would succeed now (manual strategies only). */
  takeable: boolean;
}

export function agentView(state: RoutingState, agentId: string): AgentView | undefined {
  const a = state.agents.get(agentId);
  if (!a) return undefined;
  return {
    id: a.id,
    status: a.status,
    pauseReason: a.pauseReason,
    wrapupUntil: a.wrapupUntil,
    onCall: a.onCall,
    autoPaused: a.incallHeld > 0,
    busy: a.held > 0,
    held: a.held,
    heldIn: Object.fromEntries(a.heldIn),
    lastActivityAt: a.lastActivityAt,
    misses: a.misses,
    campaigns: [...a.campaigns],
  };
}

export function interactionView(state: RoutingState, id: string): InteractionView | undefined {
  const i = state.interactions.get(id);
  if (!i) return undefined;
  return {
    id: i.id,
    campaignId: i.campaignId,
    state: i.state,
    agentId: i.agentId,
    staffId: i.staffId,
    enteredAt: i.enteredAt,
    queuedAt: i.queuedAt,
    deadline: i.timer?.at ?? null,
    transfer: i.transfer ? { ...i.transfer } : null,
    skippedAgentIds: i.skipped ? [...i.skipped] : [],
    agentPath: [...i.agentPath],
    campaignPath: i.campaignPath ? [...i.campaignPath] : [i.campaignId],
  };
}

export function campaignQueue(
  state: RoutingState,
  campaignId: string,
  limit = Number.POSITIVE_INFINITY,
): QueueEntryView[] {
  const campaign = state.campaigns.get(campaignId);
  const out: QueueEntryView[] = [];
  campaign?.queue.scan((item, position) => {
    out.push({ interactionId: item.id, campaignId, enteredAt: item.enteredAt, queuedAt: item.queuedAt, position });
    return out.length < limit;
  });
  return out;
}

/**
 * The agent's Pending list. ringall shows only the oldest item (the one it may take); ringallmultiple
 * shows every waiting item; automatic strategies show their waiting items read-only (an agent may see
 * the waiting ones of their campaigns). Oldest first across campaigns.
 */
export function waitingVisibleTo(
  state: RoutingState,
  agentId: string,
  limit = Number.POSITIVE_INFINITY,
): PendingItem[] {
  const agent = state.agents.get(agentId);
  if (!agent || agent.status === 'offline') return [];
  const out: PendingItem[] = [];
  for (const campaignId of agent.campaigns) {
    const campaign = state.campaigns.get(campaignId);
    if (!campaign || !campaign.config.enabled) continue;
    const strategy = campaign.config.strategy;
    const canTake = isManual(strategy) && takeExclusion(agent, campaign) === null;
    campaign.queue.scan((item, position) => {
      out.push({
        interactionId: item.id,
        campaignId,
        enteredAt: item.enteredAt,
        queuedAt: item.queuedAt,
        position,
        takeable: canTake,
      });
      return strategy !== 'ringall' && position < limit;
    });
  }
  out.sort((a, b) => a.enteredAt - b.enteredAt || (a.interactionId < b.interactionId ? -1 : 1));
  return out.length > limit ? out.slice(0, limit) : out;
}
