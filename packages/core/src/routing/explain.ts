import type { Decision, Exclusion, Explanation } from './decisions';

/** Display names for ids; ids are shown when a name is unknown. */
export interface ExplainNames {
  agent?: (agentId: string) => string | undefined;
  campaign?: (campaignId: string) => string | undefined;
}

/** Renders a decision as a sentence a supervisor can read, e.g. in the routing timeline. */
export function explain(decision: Decision, names: ExplainNames = {}): string {
  const agent = (id: string) => `agent ${names.agent?.(id) ?? id}`;
  const campaign = (id: string) => names.campaign?.(id) ?? id;
  switch (decision.type) {
    case 'assigned':
    case 'offered': {
      const verb = decision.type === 'assigned' ? 'assigned to' : 'offered to';
      return `${decision.interactionId} ${verb} ${agent(decision.agentId)} in ${campaign(decision.campaignId)}: ${explainSelection(decision.explanation, names)}`;
    }
    case 'queued':
      return `${decision.interactionId} waits in ${campaign(decision.campaignId)} at position ${decision.position}: ${explainSelection(decision.explanation, names)}`;
    case 'taken':
      return `${agent(decision.agentId)} took ${decision.interactionId} in ${campaign(decision.campaignId)}`;
    case 'take_rejected':
      return `${agent(decision.agentId)} could not take ${decision.interactionId}: ${decision.reason.replace(/_/g, ' ')} (${decision.detail})`;
    case 'offer_accepted':
      return `${agent(decision.agentId)} accepted ${decision.interactionId}`;
    case 'offer_declined':
      return `${agent(decision.agentId)} declined ${decision.interactionId}; it goes back to the queue and skips them`;
    case 'offer_expired':
      return `${agent(decision.agentId)} did not accept ${decision.interactionId} in time (${decision.misses} in a row); it is offered to someone else`;
    case 'offer_withdrawn':
      return `${decision.interactionId} withdrawn from ${agent(decision.agentId)}, who can no longer answer`;
    case 'agent_auto_paused':
      return `${agent(decision.agentId)} paused after ${decision.misses} missed offers`;
    case 'rejected_queue_full':
      return `${decision.interactionId} refused: ${campaign(decision.campaignId)} already has ${decision.maxQueued} waiting (queue full)`;
    case 'arrival_rejected':
      return decision.campaignId === null
        ? `${decision.interactionId} not queued: no campaign takes it`
        : `${decision.interactionId} not queued in ${campaign(decision.campaignId)}: ${decision.reason.replace(/_/g, ' ')}`;
    case 'closed':
      return `${decision.interactionId} closed in ${campaign(decision.campaignId)}: ${decision.reason.replace(/_/g, ' ')}${decision.agentId ? ` (held by ${agent(decision.agentId)})` : ''}${decision.abandoned ? ', counted as abandoned' : ''}`;
    case 'wrapup_started':
      return `${agent(decision.agentId)} in wrap-up until ${decision.until}: gets nothing in any campaign`;
    case 'wrapup_ended':
      return `${agent(decision.agentId)} wrap-up ended${decision.early ? ' early' : ''}`;
    case 'transfer_requested':
      return `${agent(decision.fromAgentId)} transfers ${decision.interactionId} to ${agent(decision.toAgentId)}${decision.deadline === null ? '' : ` (returns at ${decision.deadline} unless taken)`}`;
    case 'transfer_accepted':
      return `${agent(decision.toAgentId)} accepted ${decision.interactionId} from ${agent(decision.fromAgentId)}`;
    case 'transfer_returned':
      return `${decision.interactionId} back with ${agent(decision.agentId)}: ${agent(decision.targetAgentId)} ${decision.reason === 'timeout' ? 'did not take it in time' : decision.reason === 'declined' ? 'declined it' : 'logged out'} (path ${decision.agentPath.map((id) => names.agent?.(id) ?? id).join(', ')})`;
    case 'transfer_rejected':
      return `transfer of ${decision.interactionId} by ${agent(decision.agentId)} refused: ${decision.reason.replace(/_/g, ' ')}`;
    case 'transfer_accept_rejected':
      return `${agent(decision.agentId)} could not accept ${decision.interactionId}: ${decision.reason.replace(/_/g, ' ')} (${decision.detail})`;
    case 'transferred_to_campaign':
      return `${decision.interactionId} moved from ${campaign(decision.fromCampaignId)} to ${campaign(decision.toCampaignId)}, keeping its entry time ${decision.enteredAt}`;
    case 'taken_over':
      return `${decision.interactionId} taken over by ${decision.staffId} from ${agent(decision.fromAgentId)}, who no longer counts it`;
    case 'takeover_released':
      return `${decision.staffId} released ${decision.interactionId} ${decision.toAgentId === null ? `back to the queue of ${campaign(decision.campaignId)}` : `to ${agent(decision.toAgentId)}`}`;
    case 'supervisor_assigned':
      return `${decision.interactionId} assigned by a supervisor to ${agent(decision.agentId)} in ${campaign(decision.campaignId)}`;
    case 'moved':
      return `${decision.interactionId} moved by a supervisor from ${agent(decision.fromAgentId)} to ${agent(decision.toAgentId)}`;
    case 'supervision_rejected':
      return `supervisor ${decision.command.replace(/_/g, '-')} of ${decision.interactionId} refused: ${decision.reason.replace(/_/g, ' ')} (${decision.detail})`;
    case 'resynced':
      return `${decision.subject} ${decision.id} reloaded from the database`;
    case 'ignored':
      return `${decision.event} ignored: ${decision.reason}`;
  }
}

/** "chose A by rrmemory (after C); agent B skipped: paused (lunch); …" */
export function explainSelection(ex: Explanation, names: ExplainNames = {}): string {
  const name = (id: string) => names.agent?.(id) ?? id;
  const campaignName = names.campaign?.(ex.campaignId) ?? ex.campaignId;
  const parts: string[] = [];
  if (ex.waitingAhead > 0) {
    parts.push(`${ex.waitingAhead} older interaction${ex.waitingAhead === 1 ? '' : 's'} wait ahead of it`);
    return parts.join('; ');
  }
  if (ex.strategy === 'ringall' || ex.strategy === 'ringallmultiple')
    return `strategy ${ex.strategy} waits for an agent to take it`;
  if (ex.phase === 2) parts.push('omni: no free agent, so anyone under the cap');
  if (ex.chosen === null) parts.push(ex.considered === 0 ? `${campaignName} has no members` : 'nobody eligible');
  else parts.push(`chose ${name(ex.chosen)} by ${rule(ex, name)}`);
  for (const exclusion of ex.excluded)
    parts.push(`agent ${name(exclusion.agentId)} skipped: ${why(exclusion, campaignName)}`);
  const unsampled = ex.excludedCount - ex.excluded.length;
  if (unsampled > 0) parts.push(`${unsampled} more skipped`);
  return parts.join('; ');
}

function rule(ex: Explanation, name: (id: string) => string): string {
  switch (ex.tieBreak) {
    case 'rrmemory':
      return `rrmemory (after ${ex.after === null ? 'nobody yet' : name(ex.after)})`;
    case 'wrandom':
      return ex.draw ? `wrandom (weight ${ex.draw.weight} of ${ex.draw.total})` : 'wrandom';
    case 'position':
      return `${ex.deliveryMode} (first in member order)`;
    case 'lower_load':
      return `${ex.deliveryMode}, tie on position broken by lower load`;
    case 'longest_idle':
      return `${ex.deliveryMode}, tie broken by longest idle`;
    case 'member_order':
      return `${ex.deliveryMode}, tie broken by member order`;
    case 'only_candidate':
      return `${ex.deliveryMode} (only eligible agent${ex.after ? `; previous was ${name(ex.after)}` : ''})`;
    case null:
      return ex.deliveryMode;
  }
}

function why(exclusion: Exclusion, campaignName: string): string {
  switch (exclusion.code) {
    case 'offline':
      return 'offline';
    case 'paused':
      return exclusion.reason ? `paused (${exclusion.reason})` : 'paused';
    case 'wrapup':
      return exclusion.until === undefined ? 'in wrap-up' : `in wrap-up until ${exclusion.until}`;
    case 'incall_paused':
      return 'auto-paused by an incall interaction';
    case 'on_call':
      return 'on a call';
    case 'busy':
      return `busy (holds ${exclusion.held ?? 1})`;
    case 'at_capacity':
      return `at capacity ${exclusion.held ?? '?'}/${exclusion.max ?? '?'} in ${campaignName}`;
    case 'skipped':
      return 'declined or missed this interaction';
  }
}
