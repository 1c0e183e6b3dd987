/**
 * Routing vocabulary (docs/routing.md). Core has no dependencies, so these mirror the literal values of
 * `@switchboard/protocol`'s campaign types by name instead of importing them.
 */
export const STRATEGIES = ['incall', 'nocall', 'interaction', 'ringall', 'ringallmultiple', 'nopause', 'omni'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const DELIVERY_MODES = ['linear', 'rrmemory', 'wrandom'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** Pull strategies: agents take from Pending; nothing is assigned automatically. */
export type ManualStrategy = 'ringall' | 'ringallmultiple';

export function isManual(strategy: Strategy): strategy is ManualStrategy {
  return strategy === 'ringall' || strategy === 'ringallmultiple';
}

/** Optional: an auto-assigned interaction must be accepted within `seconds`, else re-offered. */
export interface OfferTimeout {
  seconds: number;
  pauseAfterMisses: number;
}

export interface MemberConfig {
  agentId: string;
  /** 0–100: lower receives more under wrandom. */
  penalty: number;
  /** 1-based order used by linear and rrmemory; equal positions keep the order they were added in. */
  position: number;
}

/** The part of a campaign that routing reads. */
export interface CampaignRouting {
  id: string;
  enabled: boolean;
  strategy: Strategy;
  deliveryMode: DeliveryMode;
  /** ≥ 1; per campaign (`activeIn < max`), also bounds manual takes. */
  maxInteractionsPerAgent: number;
  members: MemberConfig[];
  /** 0 = no limit. */
  maxQueued: number;
  /** 0 = none. */
  queueTimeoutSeconds: number;
  offerTimeout: OfferTimeout | null;
  /** 0 = a transfer to an agent waits until accepted or declined. */
  maxTransferSeconds: number;
  wrapUpSeconds: number;
}

/** Agent statuses for routing; `busy` and the incall auto-pause are derived from what the agent holds. */
export type AgentStatus = 'available' | 'paused' | 'wrapup' | 'offline';

/** Statuses a person (or the service) may set; `wrapup` is only entered automatically after a close. */
export type SettableStatus = 'available' | 'paused' | 'offline';

/**
 * `taken_over`: a staff member (a supervisor) holds it. It is still open and attended, but it counts toward
 * no agent's cap and nothing routes it until it is closed or released.
 */
export type InteractionState = 'waiting' | 'offered' | 'active' | 'taken_over';

/** Attended interactions (an agent or staff member is talking to the customer): leaving is not an abandon. */
export function isAttended(state: InteractionState): boolean {
  return state === 'active' || state === 'taken_over';
}

export type CloseReason = 'agent' | 'customer_left' | 'queue_timeout' | 'out_of_schedule' | 'campaign_removed';

/** A uniform draw in [0, 1). Injected so routing stays deterministic under test. */
export type Rng = () => number;

/** Schedule check supplied by the caller (the schedule module); routing holds no calendar logic. */
export type IsOpen = (campaignId: string, now: number) => boolean;
