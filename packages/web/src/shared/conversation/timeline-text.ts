import type { TFunction } from 'i18next';
import type { TimelineEvent, TimelineExplanation } from '@switchboard/protocol';

/** Names the page already knows, for entries from a server that sent ids only. */
export interface KnownNames {
  agent?: (id: string) => string | undefined;
  campaign?: (id: string) => string | undefined;
}

const CLOSE_REASONS = [
  'agent',
  'customer_left',
  'queue_timeout',
  'queue_full',
  'out_of_schedule',
  'campaign_removed',
  'unknown_campaign',
  'campaign_disabled',
  'unrouted',
] as const;
const RULES = ['wrandom', 'position', 'lower_load', 'longest_idle', 'member_order', 'only_candidate'] as const;
const WHY = ['offline', 'wrapup', 'incall_paused', 'on_call', 'busy', 'at_capacity', 'skipped'] as const;

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

/** One timeline entry as a sentence in the reader's language, naming people and campaigns (never ids when a name is known). */
export function describeTimelineEvent(event: TimelineEvent, t: TFunction, known: KnownNames = {}): string {
  const facts = event.facts ?? {};
  const agent =
    event.agentName ?? (event.agentId ? known.agent?.(event.agentId) : undefined) ?? t('agent.timeline.someone');
  const campaign =
    event.campaignName ??
    (event.campaignId ? known.campaign?.(event.campaignId) : undefined) ??
    t('agent.timeline.aCampaign');
  const someone = t('agent.timeline.someone');
  const from = facts.fromAgentName ?? someone;
  switch (event.type) {
    case 'entered_queue':
      return t('agent.timeline.entry.entered_queue', { campaign });
    case 'assigned':
      return facts.bySupervisor
        ? t('agent.timeline.entry.assignedBySupervisor', { agent, campaign })
        : t('agent.timeline.entry.assigned', { agent, campaign });
    case 'offered':
      return t('agent.timeline.entry.offered', { agent, campaign });
    case 'taken':
      return t('agent.timeline.entry.taken', { agent, campaign });
    case 'offer_declined':
      return t('agent.timeline.entry.offer_declined', { agent });
    case 'offer_expired':
      return t('agent.timeline.entry.offer_expired', { agent });
    case 'offer_withdrawn':
      return t('agent.timeline.entry.offer_withdrawn', { agent });
    case 'transfer_requested':
      return t('agent.timeline.entry.transfer_requested', { agent, to: facts.toAgentName ?? someone });
    case 'transferred':
      if (facts.fromCampaignName) {
        return t('agent.timeline.entry.transferredToCampaign', { fromCampaign: facts.fromCampaignName, campaign });
      }
      return facts.bySupervisor
        ? t('agent.timeline.entry.movedBySupervisor', { from, agent })
        : t('agent.timeline.entry.transferred', { from, agent });
    case 'transfer_returned':
      return t('agent.timeline.entry.transfer_returned', { agent });
    case 'taken_over':
      return t('agent.timeline.entry.taken_over', { agent, from });
    case 'released': {
      const by = facts.byName ?? someone;
      return event.agentId
        ? t('agent.timeline.entry.releasedToAgent', { by, agent })
        : t('agent.timeline.entry.releasedToQueue', { by, campaign });
    }
    case 'customer_left':
      return t('agent.timeline.entry.customer_left');
    case 'closed': {
      const reason = closeReason(facts.reason ?? 'agent', t);
      return facts.disposition && facts.disposition.length > 0
        ? t('agent.timeline.entry.closedWithDisposition', { reason, disposition: facts.disposition.join(' › ') })
        : t('agent.timeline.entry.closed', { reason });
    }
    default:
      return t('agent.timeline.entry.other', { type: event.type.replace(/_/g, ' ') });
  }
}

/** A close reason in the reader's language; an unknown code is shown with its underscores as spaces. */
export function closeReason(reason: string, t: TFunction): string {
  return isOneOf(CLOSE_REASONS, reason)
    ? t(`agent.timeline.reason.${reason}`)
    : t('agent.timeline.reason.other', { reason: reason.replace(/_/g, ' ') });
}

/** The engine's reasons for its choice, as one sentence in the reader's language. */
export function describeExplanation(ex: TimelineExplanation, t: TFunction): string {
  const parts: string[] = [];
  if (ex.strategy === 'ringall' || ex.strategy === 'ringallmultiple') {
    parts.push(t('agent.timeline.explain.waitsForTake'));
  } else {
    if (ex.phase === 2) parts.push(t('agent.timeline.explain.phase2'));
    if (ex.chosenName !== null) {
      parts.push(t('agent.timeline.explain.chose', { name: ex.chosenName, rule: rule(ex, t) }));
    } else if (ex.waitingAhead === 0) {
      parts.push(t(ex.considered === 0 ? 'agent.timeline.explain.noMembers' : 'agent.timeline.explain.nobody'));
    }
  }
  if (ex.waitingAhead > 0) parts.push(t('agent.timeline.explain.waitingAhead', { count: ex.waitingAhead }));
  if (ex.considered > 0) {
    parts.push(t('agent.timeline.explain.eligible', { eligible: ex.eligible, considered: ex.considered }));
  }
  for (const x of ex.excluded) parts.push(t('agent.timeline.explain.skipped', { name: x.name, why: why(x, t) }));
  const unsampled = ex.excludedCount - ex.excluded.length;
  if (unsampled > 0) parts.push(t('agent.timeline.explain.more', { count: unsampled }));
  return parts.join('; ');
}

function rule(ex: TimelineExplanation, t: TFunction): string {
  if (ex.tieBreak === 'rrmemory') {
    return ex.afterName
      ? t('agent.timeline.explain.rule.rrmemory', { after: ex.afterName })
      : t('agent.timeline.explain.rule.rrmemoryFirst');
  }
  if (ex.tieBreak !== null && isOneOf(RULES, ex.tieBreak)) return t(`agent.timeline.explain.rule.${ex.tieBreak}`);
  return t('agent.timeline.explain.rule.none');
}

function why(x: TimelineExplanation['excluded'][number], t: TFunction): string {
  if (x.code === 'paused') {
    return x.reason
      ? t('agent.timeline.explain.why.pausedWith', { reason: x.reason })
      : t('agent.timeline.explain.why.paused');
  }
  return isOneOf(WHY, x.code)
    ? t(`agent.timeline.explain.why.${x.code}`)
    : t('agent.timeline.explain.why.other', { code: x.code.replace(/_/g, ' ') });
}
