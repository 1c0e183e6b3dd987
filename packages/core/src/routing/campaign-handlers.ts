import type { RoutingEvent } from './events';
import { close } from './lifecycle';
import type { CampaignRecord, InteractionRecord, MemberRecord, RoutingState } from './state';
import { isAttended, type CampaignRouting, type MemberConfig } from './types';
import { WaitingQueue } from './waiting-queue';

type EventOf<T extends RoutingEvent['type']> = Extract<RoutingEvent, { type: T }>;

export function upsertCampaign(state: RoutingState, event: EventOf<'campaign_upserted'>, now: number): void {
  const { members, ...config } = event.campaign;
  let campaign = state.campaigns.get(config.id);
  if (!campaign) {
    campaign = {
      config,
      members: [],
      memberByAgent: new Map(),
      queue: new WaitingQueue(),
      lastAssigned: null,
      candidates: 0,
      dirty: false,
    };
    state.campaigns.set(config.id, campaign);
  } else {
    const timeoutChanged = campaign.config.queueTimeoutSeconds !== config.queueTimeoutSeconds;
    campaign.config = config;
    if (timeoutChanged) rearmQueueTimeouts(state, campaign);
  }
  replaceMembers(state, campaign, members, now);
  // the strategy or the cap may have changed as well as the members
  state.recountCandidates(campaign);
  state.markDirty(campaign);
}

function rearmQueueTimeouts(state: RoutingState, campaign: CampaignRecord): void {
  const timeout = campaign.config.queueTimeoutSeconds;
  const waiting: InteractionRecord[] = [];
  campaign.queue.scan((item) => {
    waiting.push(item);
    return true;
  });
  for (const item of waiting)
    state.setTimer(item, timeout > 0 ? item.queuedAt + timeout * 1000 : null, 'queue_timeout');
}

function replaceMembers(state: RoutingState, campaign: CampaignRecord, members: MemberConfig[], now: number): void {
  const wanted = new Set(members.map((m) => m.agentId));
  for (const [agentId, member] of campaign.memberByAgent) {
    if (!wanted.has(agentId)) {
      campaign.memberByAgent.delete(agentId);
      state.leave(member);
    }
  }
  for (const m of members) {
    const existing = campaign.memberByAgent.get(m.agentId);
    if (existing) {
      existing.penalty = m.penalty;
      existing.position = m.position;
    } else {
      const member: MemberRecord = {
        agentId: m.agentId,
        agent: state.agent(m.agentId, now),
        campaign,
        penalty: m.penalty,
        position: m.position,
        seq: state.nextMemberSeq(),
        candidate: false,
        held: 0,
      };
      campaign.memberByAgent.set(m.agentId, member);
      state.join(member);
    }
  }
  sortMembers(campaign);
}

function sortMembers(campaign: CampaignRecord): void {
  campaign.members = [...campaign.memberByAgent.values()].sort((a, b) => a.position - b.position || a.seq - b.seq);
}

/** Waiting and offered items cannot be served any more; active ones continue with their agents. */
export function removeCampaign(state: RoutingState, event: EventOf<'campaign_removed'>): void {
  const campaign = state.campaigns.get(event.campaignId);
  if (!campaign) return;
  const pending: InteractionRecord[] = [];
  for (const item of state.interactions.values()) {
    if (item.campaignId === event.campaignId && !isAttended(item.state)) pending.push(item);
  }
  pending.sort((a, b) => a.enteredAt - b.enteredAt || a.seq - b.seq);
  for (const item of pending) close(state, item, 'campaign_removed', false);
  for (const member of campaign.memberByAgent.values()) state.leave(member);
  state.campaigns.delete(event.campaignId);
  const dirtyAt = state.dirty.indexOf(campaign);
  if (dirtyAt >= 0) state.settleDirty(dirtyAt);
}

export function addMember(state: RoutingState, event: EventOf<'member_added'>, now: number): void {
  const campaign = knownCampaign(state, event.campaignId, event.type);
  if (!campaign) return;
  const existing = campaign.memberByAgent.get(event.agentId);
  if (existing) {
    updateMember(state, { ...event, type: 'member_updated' });
    return;
  }
  const last = campaign.members[campaign.members.length - 1];
  const agent = state.agent(event.agentId, now);
  const member: MemberRecord = {
    agentId: event.agentId,
    agent,
    campaign,
    penalty: event.penalty ?? 0,
    position: event.position ?? (last ? last.position + 1 : 1),
    seq: state.nextMemberSeq(),
    candidate: false,
    held: 0,
  };
  campaign.memberByAgent.set(member.agentId, member);
  state.join(member);
  sortMembers(campaign);
  state.recountCandidates(campaign);
  state.markDirty(campaign);
}

export function updateMember(state: RoutingState, event: EventOf<'member_updated'>): void {
  const campaign = knownCampaign(state, event.campaignId, event.type);
  const member = campaign?.memberByAgent.get(event.agentId);
  if (!campaign || !member) {
    if (campaign)
      state.out.push({
        type: 'ignored',
        event: event.type,
        reason: `agent ${event.agentId} is not a member of ${event.campaignId}`,
      });
    return;
  }
  if (event.penalty !== undefined) member.penalty = event.penalty;
  if (event.position !== undefined) member.position = event.position;
  sortMembers(campaign);
  state.markDirty(campaign);
}

/** Interactions the agent already holds in the campaign stay with them; only future routing changes. */
export function removeMember(state: RoutingState, event: EventOf<'member_removed'>): void {
  const campaign = knownCampaign(state, event.campaignId, event.type);
  const member = campaign?.memberByAgent.get(event.agentId);
  if (!campaign || !member) return;
  campaign.memberByAgent.delete(event.agentId);
  state.leave(member);
  sortMembers(campaign);
  state.recountCandidates(campaign);
}

export function reorderMembers(state: RoutingState, event: EventOf<'members_reordered'>): void {
  const campaign = knownCampaign(state, event.campaignId, event.type);
  if (!campaign) return;
  const listed = new Set(event.agentIds);
  let position = 0;
  for (const agentId of event.agentIds) {
    const member = campaign.memberByAgent.get(agentId);
    if (member) member.position = ++position;
  }
  for (const member of campaign.members) {
    if (!listed.has(member.agentId)) member.position = ++position;
  }
  sortMembers(campaign);
  state.markDirty(campaign);
}

function knownCampaign(state: RoutingState, campaignId: string, eventType: string): CampaignRecord | undefined {
  const campaign = state.campaigns.get(campaignId);
  if (!campaign) state.out.push({ type: 'ignored', event: eventType, reason: `unknown campaign ${campaignId}` });
  return campaign;
}

export function campaignConfig(campaign: CampaignRecord): CampaignRouting {
  return {
    ...campaign.config,
    members: campaign.members.map((m) => ({ agentId: m.agentId, penalty: m.penalty, position: m.position })),
  };
}
