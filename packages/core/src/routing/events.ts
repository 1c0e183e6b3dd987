import type { AgentStatus, CampaignRouting, InteractionState, SettableStatus } from './types';

/** What a router learns from the world. Everything routing does follows from one of these. */
export type RoutingEvent =
  | { type: 'campaign_upserted'; campaign: CampaignRouting }
  | { type: 'campaign_removed'; campaignId: string }
  | { type: 'member_added'; campaignId: string; agentId: string; penalty?: number; position?: number }
  | { type: 'member_updated'; campaignId: string; agentId: string; penalty?: number; position?: number }
  | { type: 'member_removed'; campaignId: string; agentId: string }
  /** The full new order; members not listed keep their relative order after the listed ones. */
  | { type: 'members_reordered'; campaignId: string; agentIds: string[] }
  /** Login is a change from `offline`; logout is a change to `offline`; available ends a wrap-up early. */
  | { type: 'agent_status_changed'; agentId: string; status: SettableStatus; reason?: string }
  | { type: 'agent_on_call_changed'; agentId: string; onCall: boolean }
  /**
   * A hand-off, stored. `campaignId` is the campaign its skill resolved to (a disabled one too), or null when no
   * campaign takes it: the engine decides whether it queues or is refused at the door. `enteredAt` defaults to
   * `now`: the moment the interaction entered the campaign queue.
   */
  | { type: 'interaction_arrived'; interactionId: string; campaignId: string | null; enteredAt?: number }
  | { type: 'interaction_taken'; interactionId: string; agentId: string }
  | { type: 'offer_accepted'; interactionId: string; agentId: string }
  | { type: 'offer_declined'; interactionId: string; agentId: string }
  /** Closed by the agent; `wrapUpSeconds` overrides the campaign's value. */
  | { type: 'interaction_closed'; interactionId: string; agentId?: string; wrapUpSeconds?: number }
  | { type: 'customer_left'; interactionId: string }
  | { type: 'transfer_to_agent'; interactionId: string; fromAgentId: string; toAgentId: string }
  | { type: 'transfer_accepted'; interactionId: string; agentId: string }
  | { type: 'transfer_declined'; interactionId: string; agentId: string }
  | { type: 'transfer_to_campaign'; interactionId: string; fromAgentId: string; campaignId: string }
  /** A supervisor takes an active interaction from its agent; the agent's load drops at once. */
  | { type: 'interaction_taken_over'; interactionId: string; staffId: string }
  /** The staff member who took it over hands it to an agent (`toAgentId`) or back to its campaign queue. */
  | { type: 'takeover_released'; interactionId: string; staffId: string; toAgentId?: string | null }
  /** A supervisor places a waiting interaction with a chosen member, within that member's cap. */
  | { type: 'supervisor_assigned'; interactionId: string; agentId: string }
  /** A supervisor moves an active interaction from its agent to another member, within that member's cap. */
  | { type: 'interaction_moved'; interactionId: string; toAgentId: string }
  /** The campaign's schedule just closed: waiting and offered interactions close as `out_of_schedule`. */
  | { type: 'schedule_closed'; campaignId: string }
  /** Timer: fires whatever fell due by `now` (see `nextDeadline`). */
  | { type: 'tick' }
  /** Database truth wins after a lost conditional write: replace what the router believes. */
  | { type: 'interaction_resynced'; interaction: InteractionSnapshot | { id: string; state: 'closed' } }
  | { type: 'agent_resynced'; agent: AgentSnapshot };

export interface AgentSnapshot {
  id: string;
  status: AgentStatus;
  pauseReason?: string | null;
  /** Required when status is `wrapup`. */
  wrapupUntil?: number | null;
  onCall?: boolean;
  /** Last assignment or close, for the "longest idle" tie-break; defaults to the restore time. */
  lastActivityAt?: number;
}

export interface InteractionSnapshot {
  id: string;
  campaignId: string;
  state: InteractionState;
  /** When it entered its first campaign: orders the queue, and waits count from it across transfers. */
  enteredAt: number;
  /** When it entered its current campaign's queue: starts the queue timeout. Defaults to enteredAt. */
  queuedAt?: number;
  /** Owner when offered or active. */
  agentId?: string | null;
  /** Holder when `taken_over`. */
  staffId?: string | null;
  offerDeadline?: number | null;
  /** A transfer to an agent still pending acceptance. */
  transfer?: { toAgentId: string; deadline: number | null } | null;
  /** Agents who declined or missed it in this campaign. */
  skippedAgentIds?: string[];
  /** Whether holding it puts the owner in the incall auto-pause; defaults from the campaign strategy. */
  incallPause?: boolean;
}

export interface RoutingSnapshot {
  campaigns: CampaignRouting[];
  agents: AgentSnapshot[];
  /** In arrival order (entry time, then arrival sequence): equal entry times keep this order. */
  interactions: InteractionSnapshot[];
  /** rrmemory memory: campaign id → agent who got the last assignment. */
  lastAssigned?: Record<string, string>;
}
