import type { ExclusionCode } from './decisions';
import type { AgentRecord, CampaignRecord } from './state';

/**
 * Eligibility for automatic assignment (the strategy table of docs/routing.md), answering with the first reason
 * an agent is excluded (null = eligible). `phase` only matters for omni: 1 = free agents, 2 = anyone under the cap.
 * `heldHere` is what the agent holds in the campaign when the caller has it (a member's `held`); otherwise it is
 * looked up.
 *
 * `paused` covers the pause statuses, wrap-up and the incall auto-pause; for nopause only a real pause
 * counts, so the incall auto-pause alone does not exclude from a nopause campaign.
 */
export function autoExclusion(
  agent: AgentRecord | undefined,
  campaign: CampaignRecord,
  phase: 1 | 2,
  heldHere?: number,
): ExclusionCode | null {
  if (agent === undefined || agent.status === 'offline') return 'offline';
  if (agent.status === 'wrapup') return 'wrapup';
  if (agent.status === 'paused') return 'paused';
  const strategy = campaign.config.strategy;
  if (agent.incallHeld > 0 && strategy !== 'nopause') return 'incall_paused';
  switch (strategy) {
    case 'incall':
      if (agent.onCall) return 'on_call';
      return agent.held > 0 ? 'busy' : null;
    case 'interaction':
      return agent.held > 0 ? 'busy' : null;
    case 'omni':
      if (phase === 1) {
        if (agent.onCall) return 'on_call';
        return agent.held > 0 ? 'busy' : null;
      }
      return capacityExclusion(agent, campaign, heldHere);
    default:
      return capacityExclusion(agent, campaign, heldHere);
  }
}

function capacityExclusion(agent: AgentRecord, campaign: CampaignRecord, heldHere?: number): ExclusionCode | null {
  const held = heldHere ?? agent.heldIn.get(campaign.config.id) ?? 0;
  return held >= campaign.config.maxInteractionsPerAgent ? 'at_capacity' : null;
}

/** How many interactions of this campaign one agent may hold under its strategy. */
export function capOf(campaign: CampaignRecord): number {
  const strategy = campaign.config.strategy;
  return strategy === 'incall' || strategy === 'interaction' || strategy === 'ringall'
    ? 1
    : campaign.config.maxInteractionsPerAgent;
}

/**
 * Why an agent may not take a waiting item of a manual campaign right now (null = may take). Ringall holds
 * one at a time in the campaign; ringallmultiple holds up to the campaign maximum. Being on a call
 * does not matter for either.
 */
export function takeExclusion(
  agent: AgentRecord | undefined,
  campaign: CampaignRecord,
): { code: 'not_eligible' | 'at_capacity'; detail: string } | null {
  if (agent === undefined || agent.status === 'offline') return { code: 'not_eligible', detail: 'offline' };
  if (agent.status === 'wrapup') return { code: 'not_eligible', detail: 'in wrap-up' };
  if (agent.status === 'paused')
    return { code: 'not_eligible', detail: `paused (${agent.pauseReason ?? 'no reason'})` };
  if (agent.incallHeld > 0) return { code: 'not_eligible', detail: 'auto-paused by an incall interaction' };
  const held = agent.heldIn.get(campaign.config.id) ?? 0;
  const cap = capOf(campaign);
  if (held >= cap) return { code: 'at_capacity', detail: `holds ${held}/${cap} in this campaign` };
  return null;
}
