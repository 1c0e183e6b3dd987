import { describe, expect, it } from 'vitest';
import type { AgentCampaign, AgentPresence, InboxItem, PendingEntry } from '@switchboard/protocol';
import { waitingReason } from './waiting-reason';

const entry: PendingEntry = {
  interactionId: 'w1',
  campaignId: 'c1',
  campaignName: 'Ventas',
  customerNumber: '+598',
  customerName: null,
  enteredAt: 0,
  takeable: false,
};
const me = (over: Partial<AgentPresence>): AgentPresence => ({
  agentId: 'a1',
  status: 'available',
  reason: null,
  since: 0,
  wrapupUntil: null,
  busy: false,
  onCall: false,
  ...over,
});
const campaigns: AgentCampaign[] = [
  { id: 'c1', name: 'Ventas', strategy: 'nocall', maxInteractionsPerAgent: 2, cannedResponses: [], dispositions: [] },
];
const held = (id: string, campaignId = 'c1'): InboxItem => ({
  id,
  campaignId,
  campaignName: null,
  providerId: 'p1',
  platformId: null,
  customerNumber: '+598',
  customerName: null,
  skill: 's',
  status: 'active',
  closeReason: null,
  ownerAgentId: 'a1',
  ownerName: null,
  createdAt: 0,
  enteredAt: 0,
  takenAt: 0,
  closedAt: null,
  lastCustomerMessageAt: null,
  pendingTransferTo: null,
});

describe('waitingReason', () => {
  it('says "assigned automatically" only when the agent could receive it', () => {
    expect(waitingReason(entry, me({}), [held('x')], campaigns, false)).toEqual({ key: 'automatic' });
  });
  it('says the agent is paused, or in wrap-up, instead', () => {
    expect(waitingReason(entry, me({ status: 'paused', reason: 'Lunch' }), [], campaigns, false)).toEqual({
      key: 'waitingPaused',
    });
    expect(waitingReason(entry, me({ status: 'wrapup' }), [], campaigns, false)).toEqual({ key: 'waitingWrapup' });
  });
  it('names the cap when the agent holds the maximum in that campaign (other campaigns do not count)', () => {
    expect(waitingReason(entry, me({}), [held('x'), held('y')], campaigns, false)).toEqual({
      key: 'waitingCap',
      count: 2,
    });
    expect(waitingReason(entry, me({}), [held('x'), held('y', 'c2')], campaigns, false)).toEqual({
      key: 'automatic',
    });
  });
  it('says busy with a chat while an incall chat pauses routing', () => {
    expect(waitingReason(entry, me({ autoPaused: true, busy: true }), [], campaigns, false)).toEqual({
      key: 'waitingBusy',
    });
  });
  it('keeps the manual wording for pull campaigns when nothing else explains it', () => {
    expect(waitingReason(entry, me({}), [], campaigns, true)).toEqual({ key: 'notTakeable' });
  });
});
