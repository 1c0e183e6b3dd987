import type { InboxItem } from '@switchboard/protocol';

/** When the conversation last moved: its newest message, else when it was taken or entered the queue. */
export function lastActivityAt(item: InboxItem): number {
  return item.lastMessage?.at ?? item.takenAt ?? item.enteredAt ?? item.createdAt;
}

/** The customer spoke last: the agent owes a reply. */
export function waitingForReply(item: InboxItem): boolean {
  return item.lastMessage?.direction === 'in';
}

/** An offer to this agent that must be answered before it expires. */
export function isOfferToMe(item: InboxItem, myId: string): boolean {
  return item.status === 'offered' && item.ownerAgentId === myId;
}

/**
 * Active cards in the order the agent should look at them: offers first (they expire), then conversations
 * waiting for the agent's reply, each group by last activity, newest first.
 */
export function orderActive(items: readonly InboxItem[], myId: string): InboxItem[] {
  const rank = (item: InboxItem) => (isOfferToMe(item, myId) ? 0 : waitingForReply(item) ? 1 : 2);
  return [...items].sort((a, b) => rank(a) - rank(b) || lastActivityAt(b) - lastActivityAt(a));
}
