import type { CloseReason, DeliveryMode, Strategy } from './types';

/** Why a member was not a candidate. */
export type ExclusionCode =
  'offline' | 'paused' | 'wrapup' | 'incall_paused' | 'on_call' | 'busy' | 'at_capacity' | 'skipped';

export interface Exclusion {
  agentId: string;
  code: ExclusionCode;
  /** Pause reason for `paused`. */
  reason?: string;
  /** Held / cap for `at_capacity` and held for `busy`. */
  held?: number;
  max?: number;
  /** End of wrap-up for `wrapup`. */
  until?: number;
}

/** Which rule separated the chosen agent from the next best. */
export type TieBreak =
  'position' | 'lower_load' | 'longest_idle' | 'member_order' | 'rrmemory' | 'wrandom' | 'only_candidate';

/**
 * The explanation every routing decision keeps: candidates, exclusions and the rule that decided. Kept bounded so
 * that a decision over many members allocates a handful of small objects; `explain` renders text on demand.
 */
export interface Explanation {
  campaignId: string;
  strategy: Strategy;
  deliveryMode: DeliveryMode;
  /** omni only: 1 = free agents, 2 = anyone under the cap. */
  phase: 1 | 2 | null;
  /** Members looked at. */
  considered: number;
  /** Members that passed eligibility. */
  eligible: number;
  /** The first few exclusions, in member order (at most EXCLUSION_SAMPLE). */
  excluded: Exclusion[];
  /** All exclusions, including those not sampled. */
  excludedCount: number;
  chosen: string | null;
  tieBreak: TieBreak | null;
  /** rrmemory: who had the previous assignment. */
  after: string | null;
  /** wrandom: the draw scaled to the total weight. */
  draw: { value: number; total: number; weight: number } | null;
  /** For a queued item: how many older items wait ahead of it in the campaign. */
  waitingAhead: number;
}

export const EXCLUSION_SAMPLE = 8;

export type TakeRejection =
  'already_taken' | 'not_oldest' | 'at_capacity' | 'not_member' | 'not_eligible' | 'not_waiting';

export type TransferRejection =
  | 'not_active'
  | 'not_owner'
  | 'same_agent'
  | 'target_offline'
  | 'already_pending'
  | 'unknown_campaign'
  | 'campaign_disabled'
  | 'out_of_schedule'
  | 'queue_full';

/** Why a supervisor's take-over, release, assign or move did not happen. */
export type SupervisionRejection =
  'not_waiting' | 'not_active' | 'not_taken_over' | 'not_member' | 'at_capacity' | 'not_eligible' | 'same_agent';

export type SupervisionCommand = 'take_over' | 'release' | 'assign' | 'move';

/** `unrouted`: no campaign takes the hand-off's skill. */
export type ArrivalRejection = 'unrouted' | 'unknown_campaign' | 'campaign_disabled' | 'out_of_schedule' | 'duplicate';

/** What the service must persist (conditionally) and then announce. */
export type Decision =
  | { type: 'assigned'; interactionId: string; campaignId: string; agentId: string; explanation: Explanation }
  | {
      type: 'offered';
      interactionId: string;
      campaignId: string;
      agentId: string;
      deadline: number;
      explanation: Explanation;
    }
  | { type: 'offer_accepted'; interactionId: string; campaignId: string; agentId: string }
  | { type: 'offer_declined'; interactionId: string; campaignId: string; agentId: string }
  | { type: 'offer_expired'; interactionId: string; campaignId: string; agentId: string; misses: number }
  /** The agent stopped being able to answer (paused, logged out): the offer goes back to the queue. */
  | { type: 'offer_withdrawn'; interactionId: string; campaignId: string; agentId: string }
  | { type: 'agent_auto_paused'; agentId: string; reason: 'missed_offers'; misses: number }
  | { type: 'taken'; interactionId: string; campaignId: string; agentId: string }
  | { type: 'take_rejected'; interactionId: string; agentId: string; reason: TakeRejection; detail: string }
  | { type: 'queued'; interactionId: string; campaignId: string; position: number; explanation: Explanation }
  | { type: 'rejected_queue_full'; interactionId: string; campaignId: string; maxQueued: number }
  /** `campaignId` is null when no campaign takes it (`unrouted`). */
  | { type: 'arrival_rejected'; interactionId: string; campaignId: string | null; reason: ArrivalRejection }
  | {
      type: 'closed';
      interactionId: string;
      campaignId: string;
      reason: CloseReason;
      /** Owner at close time, if any. */
      agentId: string | null;
      /** Customer left or queue timeout before being attended: counted as abandoned. */
      abandoned: boolean;
    }
  | { type: 'wrapup_started'; agentId: string; until: number }
  | { type: 'wrapup_ended'; agentId: string; early: boolean }
  | {
      type: 'transfer_requested';
      interactionId: string;
      fromAgentId: string;
      toAgentId: string;
      deadline: number | null;
    }
  | { type: 'transfer_accepted'; interactionId: string; fromAgentId: string; toAgentId: string }
  | {
      type: 'transfer_returned';
      interactionId: string;
      /** The transferring agent, who holds it again. */
      agentId: string;
      /** The agent who did not take it. */
      targetAgentId: string;
      reason: 'timeout' | 'declined' | 'target_offline';
      agentPath: string[];
    }
  | { type: 'transfer_rejected'; interactionId: string; agentId: string; reason: TransferRejection }
  | {
      type: 'transfer_accept_rejected';
      interactionId: string;
      agentId: string;
      reason: 'not_pending' | 'at_capacity' | 'not_eligible';
      detail: string;
    }
  | {
      type: 'transferred_to_campaign';
      interactionId: string;
      fromCampaignId: string;
      toCampaignId: string;
      fromAgentId: string;
      enteredAt: number;
    }
  | { type: 'taken_over'; interactionId: string; campaignId: string; staffId: string; fromAgentId: string }
  /** `toAgentId` null: back to the campaign queue (a `queued` or an assignment follows). */
  | { type: 'takeover_released'; interactionId: string; campaignId: string; staffId: string; toAgentId: string | null }
  | { type: 'supervisor_assigned'; interactionId: string; campaignId: string; agentId: string }
  | { type: 'moved'; interactionId: string; campaignId: string; fromAgentId: string; toAgentId: string }
  | {
      type: 'supervision_rejected';
      interactionId: string;
      command: SupervisionCommand;
      agentId: string | null;
      reason: SupervisionRejection;
      detail: string;
    }
  | { type: 'resynced'; subject: 'interaction' | 'agent'; id: string }
  /** The event could not apply to the current state (unknown id, stale actor); nothing changed. */
  | { type: 'ignored'; event: string; reason: string };

export type DecisionType = Decision['type'];
