import type { AgentCampaign, AgentPresence, InboxItem, PendingEntry } from '@switchboard/protocol';

export type WaitingReason =
  | { key: 'waitingPaused' }
  | { key: 'waitingWrapup' }
  | { key: 'waitingBusy' }
  | { key: 'waitingCap'; count: number }
  | { key: 'automatic' }
  | { key: 'notTakeable' };

/**
 * Why a waiting item is not coming to this agent now, in the agent's terms. "Assigned automatically" is only
 * said when the router would indeed assign it to them; a paused agent, one in wrap-up, one busy with an incall
 * chat or one at the campaign's cap is told that instead, since nothing will arrive until that changes.
 */
export function waitingReason(
  entry: PendingEntry,
  me: AgentPresence,
  active: readonly InboxItem[],
  campaigns: readonly AgentCampaign[],
  manual: boolean,
): WaitingReason {
  if (me.status === 'paused') return { key: 'waitingPaused' };
  if (me.status === 'wrapup') return { key: 'waitingWrapup' };
  const max = campaigns.find((c) => c.id === entry.campaignId)?.maxInteractionsPerAgent;
  // The cap counts what the agent holds in that campaign: offered or active, not transfers still coming in.
  const held = active.filter(
    (i) => i.ownerAgentId === me.agentId && i.campaignId === entry.campaignId && i.status !== 'closed',
  ).length;
  if (max !== undefined && held >= max) return { key: 'waitingCap', count: max };
  if (me.autoPaused) return { key: 'waitingBusy' };
  return manual ? { key: 'notTakeable' } : { key: 'automatic' };
}
