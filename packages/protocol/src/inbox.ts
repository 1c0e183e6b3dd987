import { Type, type Static } from '@sinclair/typebox';
import { CannedResponse, Disposition, Strategy } from './campaigns';
import { Id, oneOf } from './common';

/** Agent statuses (routing vocabulary). `busy` is derived from what the agent holds, never set. */
export const AGENT_STATUSES = ['available', 'paused', 'wrapup', 'offline'] as const;
export type AgentStatusName = (typeof AGENT_STATUSES)[number];

export const AgentStatusBody = Type.Object(
  {
    status: oneOf(['available', 'paused', 'offline'] as const),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type AgentStatusBody = Static<typeof AgentStatusBody>;

export const AgentPresence = Type.Object({
  agentId: Id,
  status: oneOf(AGENT_STATUSES),
  reason: Type.Union([Type.String(), Type.Null()]),
  since: Type.Integer(),
  wrapupUntil: Type.Union([Type.Integer(), Type.Null()]),
  busy: Type.Boolean(),
  /** on a telephone call, as the phone system (or the agent's own toggle) last said */
  onCall: Type.Boolean(),
  /** holds an incall chat: routing treats the agent as paused until it closes (not a break the agent took) */
  autoPaused: Type.Optional(Type.Boolean()),
});
export type AgentPresence = Static<typeof AgentPresence>;

/** pending: the provider holds the file and it is not downloaded yet; failed: it arrived unreadable. */
export const ATTACHMENT_STATES = ['pending', 'failed'] as const;
export type AttachmentState = (typeof ATTACHMENT_STATES)[number];

export const Attachment = Type.Object({
  id: Type.Optional(Id),
  /** where to fetch the file; null when there is nothing to fetch (then `state` says why) */
  url: Type.Union([Type.String(), Type.Null()]),
  state: Type.Optional(oneOf(ATTACHMENT_STATES)),
  mimeType: Type.String(),
  name: Type.Optional(Type.String()),
  size: Type.Optional(Type.Integer()),
  /** why a `failed` file could not be fetched (too large, damaged in transit), for people */
  reason: Type.Optional(Type.String()),
});
export type Attachment = Static<typeof Attachment>;

export const MESSAGE_AUTHORS = ['customer', 'bot', 'agent', 'supervisor', 'system'] as const;
export const DELIVERY = ['pending', 'sent', 'delivered', 'read', 'failed'] as const;

export const ConversationMessage = Type.Object({
  id: Id,
  interactionId: Id,
  direction: oneOf(['in', 'out', 'internal'] as const),
  author: oneOf(MESSAGE_AUTHORS),
  agentId: Type.Union([Id, Type.Null()]),
  authorName: Type.Union([Type.String(), Type.Null()]),
  /** text | media | template | whisper | event */
  kind: Type.String(),
  text: Type.Union([Type.String(), Type.Null()]),
  attachments: Type.Array(Attachment),
  /** outbound delivery status; null for inbound and internal messages */
  status: Type.Union([oneOf(DELIVERY), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Integer(),
});
export type ConversationMessage = Static<typeof ConversationMessage>;

export const INTERACTION_STATUSES = ['waiting', 'offered', 'active', 'closed'] as const;

export const InteractionSummary = Type.Object({
  id: Id,
  campaignId: Type.Union([Id, Type.Null()]),
  campaignName: Type.Union([Type.String(), Type.Null()]),
  providerId: Id,
  /** the provider's platform id, shown in the conversation header */
  platformId: Type.Union([Type.String(), Type.Null()]),
  /** the provider's channel (whatsapp, facebook, twitter), shown in the contact panel */
  channel: Type.Optional(Type.String()),
  customerNumber: Type.String(),
  customerName: Type.Union([Type.String(), Type.Null()]),
  skill: Type.String(),
  status: oneOf(INTERACTION_STATUSES),
  closeReason: Type.Union([Type.String(), Type.Null()]),
  ownerAgentId: Type.Union([Id, Type.Null()]),
  ownerName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Integer(),
  enteredAt: Type.Union([Type.Integer(), Type.Null()]),
  takenAt: Type.Union([Type.Integer(), Type.Null()]),
  closedAt: Type.Union([Type.Integer(), Type.Null()]),
  lastCustomerMessageAt: Type.Union([Type.Integer(), Type.Null()]),
  /** a transfer to another agent waiting for them to take it */
  pendingTransferTo: Type.Union([Id, Type.Null()]),
});
export type InteractionSummary = Static<typeof InteractionSummary>;

/** The newest message a card previews: its text, or what kind of file it carries when there is no text. */
export const MessagePreview = Type.Object({
  direction: oneOf(['in', 'out'] as const),
  author: oneOf(MESSAGE_AUTHORS),
  /** at most 160 characters; null when the message is only a file */
  text: Type.Union([Type.String(), Type.Null()]),
  /** MIME type of the first attachment, if any */
  attachmentType: Type.Union([Type.String(), Type.Null()]),
  at: Type.Integer(),
});
export type MessagePreview = Static<typeof MessagePreview>;

/**
 * An Active card in the inbox: the summary plus what the agent needs to notice new work. Read markers stay in
 * the browser (per user): the unread count is `customerMessages` minus what the agent had seen when last open.
 */
export const InboxItem = Type.Composite([
  InteractionSummary,
  Type.Object({
    lastMessage: Type.Optional(Type.Union([MessagePreview, Type.Null()])),
    /** how many customer messages the conversation holds */
    customerMessages: Type.Optional(Type.Integer()),
    /** when an offer to this agent expires (campaign offer timeout); null when nothing is offered */
    offerExpiresAt: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  }),
]);
export type InboxItem = Static<typeof InboxItem>;

/** Why the router picked (or could not pick) an agent, with people named: the reader's language renders it. */
export const TimelineExplanation = Type.Object({
  strategy: Type.String(),
  deliveryMode: Type.String(),
  /** omni: 2 when no free agent was found and anyone under the cap counted */
  phase: Type.Union([Type.Integer(), Type.Null()]),
  considered: Type.Integer(),
  eligible: Type.Integer(),
  chosenName: Type.Union([Type.String(), Type.Null()]),
  /** position | lower_load | longest_idle | member_order | rrmemory | wrandom | only_candidate */
  tieBreak: Type.Union([Type.String(), Type.Null()]),
  /** rrmemory: who had the previous assignment */
  afterName: Type.Union([Type.String(), Type.Null()]),
  waitingAhead: Type.Integer(),
  /** the first few agents left out, in member order; `code` is the router's exclusion code */
  excluded: Type.Array(Type.Object({ name: Type.String(), code: Type.String(), reason: Type.Optional(Type.String()) })),
  excludedCount: Type.Integer(),
});
export type TimelineExplanation = Static<typeof TimelineExplanation>;

/** What a timeline entry says beyond its type, with people and campaigns named (an id only when the name is gone). */
export const TimelineFacts = Type.Object({
  /** close reason (agent, customer_left, queue_full…) or why a transfer came back */
  reason: Type.Optional(Type.String()),
  fromAgentName: Type.Optional(Type.String()),
  toAgentName: Type.Optional(Type.String()),
  /** the supervisor who released a take-over */
  byName: Type.Optional(Type.String()),
  fromCampaignName: Type.Optional(Type.String()),
  bySupervisor: Type.Optional(Type.Boolean()),
  /** the levels chosen when the holder closed it */
  disposition: Type.Optional(Type.Array(Type.String())),
  explanation: Type.Optional(TimelineExplanation),
});
export type TimelineFacts = Static<typeof TimelineFacts>;

export const TimelineEvent = Type.Object({
  at: Type.Integer(),
  type: Type.String(),
  campaignId: Type.Union([Id, Type.Null()]),
  agentId: Type.Union([Id, Type.Null()]),
  /** the router's own sentence (English, ids), kept for API readers; people read `facts` in their language */
  text: Type.Union([Type.String(), Type.Null()]),
  agentName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  campaignName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  facts: Type.Optional(TimelineFacts),
});
export type TimelineEvent = Static<typeof TimelineEvent>;

export const InteractionDetail = Type.Object({
  interaction: InteractionSummary,
  messages: Type.Array(ConversationMessage),
  timeline: Type.Array(TimelineEvent),
  /** WhatsApp 24-hour window: free text only while open */
  window: Type.Object({
    open: Type.Boolean(),
    closesAt: Type.Union([Type.Integer(), Type.Null()]),
    /** false on channels without the rule (Facebook, Twitter): always open, no templates */
    applies: Type.Boolean(),
  }),
  /** how many earlier interactions the same customer number has (the three-dot menu shows them when > 0) */
  earlierCount: Type.Integer(),
  /** the customer's 1–5 answer to the satisfaction question after the close; null when none */
  satisfaction: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 5 }), Type.Null()])),
});
export type InteractionDetail = Static<typeof InteractionDetail>;

export const PendingEntry = Type.Object({
  interactionId: Id,
  campaignId: Id,
  campaignName: Type.String(),
  customerNumber: Type.String(),
  customerName: Type.Union([Type.String(), Type.Null()]),
  enteredAt: Type.Integer(),
  /** manual strategies: whether a take would succeed now; automatic ones are assigned, never taken */
  takeable: Type.Boolean(),
});
export type PendingEntry = Static<typeof PendingEntry>;

export const AgentCampaign = Type.Object({
  id: Id,
  name: Type.String(),
  strategy: Strategy,
  maxInteractionsPerAgent: Type.Integer(),
  cannedResponses: Type.Array(CannedResponse),
  dispositions: Type.Array(Disposition),
});
export type AgentCampaign = Static<typeof AgentCampaign>;

export const Inbox = Type.Object({
  me: AgentPresence,
  pending: Type.Array(PendingEntry),
  active: Type.Array(InboxItem),
  campaigns: Type.Array(AgentCampaign),
  pauseReasons: Type.Array(Type.String()),
});
export type Inbox = Static<typeof Inbox>;

export const TemplateRef = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    language: Type.String({ minLength: 2, maxLength: 10 }),
    params: Type.Optional(Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export const SendMessageBody = Type.Object(
  {
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    attachmentIds: Type.Optional(Type.Array(Id, { maxItems: 10 })),
    template: Type.Optional(TemplateRef),
  },
  { additionalProperties: false },
);
export type SendMessageBody = Static<typeof SendMessageBody>;

/** Attachments travel as base64 JSON (no multipart dependency); size and type are checked server-side. */
export const UploadBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    mimeType: Type.String({ minLength: 3, maxLength: 100 }),
    dataBase64: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type UploadBody = Static<typeof UploadBody>;

export const ATTACHMENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'application/pdf',
  'audio/ogg',
  'audio/mpeg',
  'video/mp4',
  'text/plain',
] as const;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export const CloseBody = Type.Object(
  {
    disposition: Type.Optional(
      Type.Object(
        {
          l1: Type.String({ minLength: 1 }),
          l2: Type.Optional(Type.String({ minLength: 1 })),
          l3: Type.Optional(Type.String({ minLength: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type CloseBody = Static<typeof CloseBody>;

export const TransferBody = Type.Object(
  { toAgentId: Type.Optional(Id), toCampaignId: Type.Optional(Id) },
  { additionalProperties: false },
);
export type TransferBody = Static<typeof TransferBody>;

export const EarlierConversation = Type.Object({
  id: Id,
  campaignName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Integer(),
  closedAt: Type.Union([Type.Integer(), Type.Null()]),
  closeReason: Type.Union([Type.String(), Type.Null()]),
  agentNames: Type.Array(Type.String()),
  messageCount: Type.Integer(),
  /** the levels the holder chose when closing it, outermost first; empty when none was chosen */
  disposition: Type.Optional(Type.Array(Type.String())),
});
export type EarlierConversation = Static<typeof EarlierConversation>;
