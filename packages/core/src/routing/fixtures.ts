import type { Decision, DecisionType } from './decisions';
import { RoutingEngine } from './engine';
import type { RoutingEvent } from './events';
import { mulberry32 } from './rng';
import type { CampaignRouting, SettableStatus } from './types';

/** Test fixtures shared by the routing and simulation tests (not exported from the package). */
export function campaignConfig(
  id: string,
  agentIds: string[],
  overrides: Partial<CampaignRouting> = {},
): CampaignRouting {
  return {
    id,
    enabled: true,
    strategy: 'nocall',
    deliveryMode: 'linear',
    maxInteractionsPerAgent: 1,
    members: agentIds.map((agentId, i) => ({ agentId, penalty: 0, position: i + 1 })),
    maxQueued: 0,
    queueTimeoutSeconds: 0,
    offerTimeout: null,
    maxTransferSeconds: 0,
    wrapUpSeconds: 0,
    ...overrides,
  };
}

/** An engine plus a clock in seconds, recording every decision. */
export class Harness {
  readonly engine: RoutingEngine;
  now = 0;
  readonly log: Decision[] = [];

  constructor(seed = 1) {
    this.engine = new RoutingEngine({ rng: mulberry32(seed) });
  }

  apply(event: RoutingEvent): Decision[] {
    const out = this.engine.apply(event, this.now);
    this.log.push(...out);
    return out;
  }

  /** Moves the clock to `seconds` and fires whatever fell due. */
  at(seconds: number): Decision[] {
    this.now = seconds * 1000;
    return this.apply({ type: 'tick' });
  }

  campaign(config: CampaignRouting): this {
    this.apply({ type: 'campaign_upserted', campaign: config });
    return this;
  }

  status(agentId: string, status: SettableStatus, reason?: string): Decision[] {
    return this.apply({ type: 'agent_status_changed', agentId, status, ...(reason ? { reason } : {}) });
  }

  login(...agentIds: string[]): this {
    for (const agentId of agentIds) this.status(agentId, 'available');
    return this;
  }

  arrive(interactionId: string, campaignId: string): Decision[] {
    return this.apply({ type: 'interaction_arrived', interactionId, campaignId });
  }

  take(interactionId: string, agentId: string): Decision[] {
    return this.apply({ type: 'interaction_taken', interactionId, agentId });
  }

  close(interactionId: string, wrapUpSeconds?: number): Decision[] {
    return this.apply({
      type: 'interaction_closed',
      interactionId,
      ...(wrapUpSeconds === undefined ? {} : { wrapUpSeconds }),
    });
  }

  ownerOf(interactionId: string): string | null | undefined {
    return this.engine.interaction(interactionId)?.agentId;
  }
}

export function only<T extends DecisionType>(decisions: Decision[], type: T): Extract<Decision, { type: T }>[] {
  return decisions.filter((d): d is Extract<Decision, { type: T }> => d.type === type);
}
