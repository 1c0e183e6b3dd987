import { describe, expect, it } from 'vitest';
import type { InboxItem } from '@switchboard/protocol';
import { orderActive } from './order';

const item = (id: string, over: Partial<InboxItem>): InboxItem => ({
  id,
  campaignId: 'c1',
  campaignName: 'Ventas',
  providerId: 'p1',
  platformId: null,
  customerNumber: '+598',
  customerName: null,
  skill: 's',
  status: 'active',
  closeReason: null,
  ownerAgentId: 'a1',
  ownerName: 'Ana',
  createdAt: 0,
  enteredAt: 0,
  takenAt: 0,
  closedAt: null,
  lastCustomerMessageAt: null,
  pendingTransferTo: null,
  ...over,
});
const said = (direction: 'in' | 'out', at: number) => ({
  direction,
  author: direction === 'in' ? ('customer' as const) : ('agent' as const),
  text: 'x',
  attachmentType: null,
  at,
});

describe('orderActive', () => {
  it('puts offers to me first, then conversations waiting for my reply, each by last activity newest first', () => {
    const ordered = orderActive(
      [
        item('replied-recent', { lastMessage: said('out', 900) }),
        item('waiting-old', { lastMessage: said('in', 100) }),
        item('offer', { status: 'offered', lastMessage: said('in', 50) }),
        item('waiting-new', { lastMessage: said('in', 500) }),
        item('replied-old', { lastMessage: said('out', 200) }),
        item('no-messages', { takenAt: 300 }),
      ],
      'a1',
    );
    expect(ordered.map((i) => i.id)).toEqual([
      'offer',
      'waiting-new',
      'waiting-old',
      'replied-recent',
      'no-messages',
      'replied-old',
    ]);
  });

  it('does not lift an offer made to someone else', () => {
    const ordered = orderActive(
      [item('mine', { lastMessage: said('in', 10) }), item('theirs', { status: 'offered', ownerAgentId: 'b1' })],
      'a1',
    );
    expect(ordered.map((i) => i.id)).toEqual(['mine', 'theirs']);
  });
});
