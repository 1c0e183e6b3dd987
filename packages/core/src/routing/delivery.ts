import { EXCLUSION_SAMPLE, type Exclusion, type ExclusionCode, type Explanation, type TieBreak } from './decisions';
import { autoExclusion } from './eligibility';
import { isManual } from './types';
import {
  empty,
  type AgentRecord,
  type CampaignRecord,
  type InteractionRecord,
  type MemberRecord,
  type RoutingState,
} from './state';

export interface Selection {
  agent: AgentRecord | null;
  explanation: Explanation;
}

// Reused between decisions so that a selection over 50 members allocates nothing per member; emptied with
// `empty`, which keeps their backing stores.
const eligibleScratch: MemberRecord[] = [];
const excludedScratch: Exclusion[] = [];

function newExplanation(campaign: CampaignRecord, phase: 1 | 2 | null): Explanation {
  return {
    campaignId: campaign.config.id,
    strategy: campaign.config.strategy,
    deliveryMode: campaign.config.deliveryMode,
    phase,
    considered: 0,
    eligible: 0,
    excluded: [],
    excludedCount: 0,
    chosen: null,
    tieBreak: null,
    after: null,
    draw: null,
    waitingAhead: 0,
  };
}

/**
 * One literal per shape: adding the optional fields to `{ agentId, code }` afterwards would give every record
 * a separate property store and walk its hidden class through transitions. Field order is unchanged.
 */
function exclusionRecord(member: MemberRecord, code: ExclusionCode): Exclusion {
  const { agentId, agent } = member;
  if (code === 'paused' && agent.pauseReason) return { agentId, code, reason: agent.pauseReason };
  if (code === 'wrapup' && agent.wrapupUntil != null) return { agentId, code, until: agent.wrapupUntil };
  if (code === 'busy') return { agentId, code, held: agent.held };
  if (code === 'at_capacity')
    return { agentId, code, held: member.held, max: member.campaign.config.maxInteractionsPerAgent };
  return { agentId, code };
}

/**
 * Fills `eligibleScratch` in member order and records exclusions (sampled). Phase 2 reads the members'
 * `candidate` flags, the same answer `hasCandidate` gives, so the drain never picks an item nobody receives;
 * the reason for an exclusion is worked out only for the sampled ones.
 */
function collect(
  state: RoutingState,
  campaign: CampaignRecord,
  item: InteractionRecord | null,
  phase: 1 | 2,
  ex: Explanation,
): number {
  state.settleCandidates();
  empty(eligibleScratch);
  empty(excludedScratch);
  const members = campaign.members;
  const skipped = item?.skipped ?? null;
  for (let i = 0; i < members.length; i++) {
    const member = members[i]!;
    const agent = member.agent;
    const eligible = phase === 2 ? member.candidate : autoExclusion(agent, campaign, 1, member.held) === null;
    if (eligible && (skipped === null || !skipped.has(member.agentId))) {
      eligibleScratch.push(member);
      continue;
    }
    ex.excludedCount++;
    if (excludedScratch.length < EXCLUSION_SAMPLE) {
      // a member without the flag always has a reason (the candidate-index test holds the flags to the rule)
      const code = eligible ? 'skipped' : (autoExclusion(agent, campaign, phase, member.held) ?? 'at_capacity');
      excludedScratch.push(exclusionRecord(member, code));
    }
  }
  // exact size, not the 16 slots that pushing into the explanation's empty array would reserve
  if (excludedScratch.length > 0) ex.excluded = excludedScratch.slice();
  ex.considered = members.length;
  ex.eligible = eligibleScratch.length;
  return eligibleScratch.length;
}

/**
 * Whether anyone could receive `item` now; the drain uses it to find the oldest assignable item cheaply.
 * Omni phase 2 admits everyone phase 1 admits, so the phase-2 `candidate` flags answer for both; only an item
 * with a skip list needs a look at the members.
 */
export function hasCandidate(state: RoutingState, campaign: CampaignRecord, item: InteractionRecord): boolean {
  state.settleCandidates();
  if (campaign.candidates === 0) return false;
  const skipped = item.skipped;
  if (skipped === null || skipped.size === 0) return true;
  for (const member of campaign.members) if (member.candidate && !skipped.has(member.agentId)) return true;
  return false;
}

/** Eligibility, then the delivery mode, then the tie-breaks of docs/routing.md; records why. */
export function select(state: RoutingState, campaign: CampaignRecord, item: InteractionRecord | null): Selection {
  const omni = campaign.config.strategy === 'omni';
  let ex = newExplanation(campaign, omni ? 1 : null);
  let count = collect(state, campaign, item, omni ? 1 : 2, ex);
  if (count === 0 && omni) {
    ex = newExplanation(campaign, 2);
    count = collect(state, campaign, item, 2, ex);
  }
  if (count === 0) return { agent: null, explanation: ex };

  let chosen: MemberRecord;
  if (count === 1) {
    chosen = eligibleScratch[0]!;
    ex.tieBreak = 'only_candidate';
    if (campaign.config.deliveryMode === 'rrmemory') ex.after = campaign.lastAssigned;
  } else {
    switch (campaign.config.deliveryMode) {
      case 'linear':
        chosen = linear(ex);
        break;
      case 'rrmemory':
        chosen = rrmemory(campaign, ex);
        break;
      case 'wrandom':
        chosen = wrandom(state, ex);
        break;
    }
  }
  ex.chosen = chosen.agentId;
  empty(eligibleScratch);
  return { agent: chosen.agent, explanation: ex };
}

/** Member order first; equal positions fall to lower load, then longest idle, then join order. */
function linear(ex: Explanation): MemberRecord {
  let best = eligibleScratch[0]!;
  let second: MemberRecord | null = null;
  for (let i = 1; i < eligibleScratch.length; i++) {
    const m = eligibleScratch[i]!;
    if (compare(m, best) < 0) {
      second = best;
      best = m;
    } else if (second === null || compare(m, second) < 0) {
      second = m;
    }
  }
  ex.tieBreak = second ? LEVELS[Math.abs(compare(best, second))]! : 'only_candidate';
  return best;
}

const LEVELS: TieBreak[] = ['member_order', 'position', 'lower_load', 'longest_idle', 'member_order'];

/** Negative when `a` goes first; the magnitude is the rule that separated them (index into LEVELS). */
function compare(a: MemberRecord, b: MemberRecord): number {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  const agentA = a.agent;
  const agentB = b.agent;
  const loadA = a.held;
  const loadB = b.held;
  if (loadA !== loadB) return loadA < loadB ? -2 : 2;
  if (agentA.lastActivityAt !== agentB.lastActivityAt) return agentA.lastActivityAt < agentB.lastActivityAt ? -3 : 3;
  return a.seq < b.seq ? -4 : 4;
}

/** First eligible strictly after the last assigned agent in member order, wrapping around. */
function rrmemory(campaign: CampaignRecord, ex: Explanation): MemberRecord {
  ex.tieBreak = 'rrmemory';
  ex.after = campaign.lastAssigned;
  const last = campaign.lastAssigned === null ? undefined : campaign.memberByAgent.get(campaign.lastAssigned);
  if (last === undefined) return eligibleScratch[0]!;
  for (const m of eligibleScratch) {
    if (m.position > last.position || (m.position === last.position && m.seq > last.seq)) return m;
  }
  return eligibleScratch[0]!;
}

/** Weight 101 − penalty, drawn with the injected RNG over candidates in member order. */
function wrandom(state: RoutingState, ex: Explanation): MemberRecord {
  let total = 0;
  for (const m of eligibleScratch) total += 101 - m.penalty;
  const value = state.rng() * total;
  let acc = 0;
  let chosen = eligibleScratch[eligibleScratch.length - 1]!;
  for (const m of eligibleScratch) {
    acc += 101 - m.penalty;
    if (value < acc) {
      chosen = m;
      break;
    }
  }
  ex.tieBreak = 'wrandom';
  ex.draw = { value, total, weight: 101 - chosen.penalty };
  return chosen;
}

/** Explains why a queued item did not get anyone: the campaign's exclusions, or the items ahead of it. */
export function queuedExplanation(
  state: RoutingState,
  campaign: CampaignRecord,
  item: InteractionRecord,
  position: number,
): Explanation {
  if (position > 1 || isManual(campaign.config.strategy) || !campaign.config.enabled) {
    const ex = newExplanation(campaign, null);
    ex.waitingAhead = position - 1;
    ex.considered = campaign.members.length;
    return ex;
  }
  return select(state, campaign, item).explanation;
}
