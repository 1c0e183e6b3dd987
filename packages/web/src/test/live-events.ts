import type { ConversationMessage, LiveEventOf, LiveEventType } from '@switchboard/protocol';

const note: ConversationMessage = {
  id: 'w1',
  interactionId: 'i1',
  direction: 'internal',
  author: 'supervisor',
  agentId: 's1',
  authorName: 'Sofía',
  kind: 'whisper',
  text: 'Offer 10% off',
  attachments: [],
  status: null,
  error: null,
  createdAt: 1_000,
};

/** A complete, valid `data` for each type; tests override what they are about. */
const DEFAULTS: { [T in LiveEventType]: LiveEventOf<T>['data'] } = {
  'inbox.changed': { interactionId: 'i1', campaignId: 'c1', status: 'active', ownerAgentId: 'a1' },
  'interaction.changed': { interactionId: 'i1', campaignId: 'c1', status: 'active', ownerAgentId: 'a1' },
  message: { interactionId: 'i1', messageId: 'm1', direction: 'in', author: 'customer' },
  'message.status': { interactionId: 'i1', messageId: 'm1', status: 'delivered' },
  'agent.status': { agentId: 'a1', status: 'available', reason: null, since: 1_000 },
  whisper: { interactionId: 'i1', message: note, text: 'Offer 10% off', from: 'Sofía' },
  'campaign.changed': { campaignId: 'c1' },
  'satisfaction.answered': { interactionId: 'i1', campaignId: 'c1', score: 4 },
  'interaction.taken_over': { interactionId: 'i1', campaignId: 'c1', byUserId: 's1', byName: 'Sofía', at: 1_000 },
  resync: {},
};

/** A live event as the server sends it: `data` is the type's defaults with `data` laid over them. */
export function liveEvent<T extends LiveEventType>(
  seq: number,
  type: T,
  data: Partial<LiveEventOf<T>['data']> = {},
  at = 1_000 + seq,
): LiveEventOf<T> {
  // The spread of a generic member's defaults and overrides is that member's data; TypeScript cannot follow it.
  return { seq, type, at, data: { ...DEFAULTS[type], ...data } } as unknown as LiveEventOf<T>;
}
