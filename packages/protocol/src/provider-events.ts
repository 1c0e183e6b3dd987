import { Type, type Static } from '@sinclair/typebox';

/**
 * Provider-neutral events (docs/heynow-contract.md). Every provider adapter (HeyNow Direct, HeyNow Client,
 * WhatsApp Cloud) parses its own wire format into these and turns these commands into its own calls,
 * so nothing past the adapter knows which provider it talks to.
 *
 * Times are epoch milliseconds. Ids are the provider's own strings, never parsed.
 */

const Text = Type.String({ maxLength: 65_536 });
const ExternalId = Type.String({ minLength: 1, maxLength: 256 });
const EpochMs = Type.Integer({ minimum: 0, description: 'epoch milliseconds' });

export const InboundAttachment = Type.Object({
  /** Where the file can be fetched (HeyNow's `urlFileshare`). */
  url: Type.Optional(Type.String()),
  /** The bytes inline, base64 (HeyNow's `processFile.data`). */
  base64: Type.Optional(Type.String()),
  /** Media handle to resolve through the provider (WhatsApp Cloud media id); no url/base64 then. */
  providerMediaId: Type.Optional(Type.String()),
  mimeType: Type.String({ minLength: 1 }),
  name: Type.Optional(Type.String()),
  size: Type.Optional(Type.Integer({ minimum: 0 })),
  caption: Type.Optional(Type.String()),
});
export type InboundAttachment = Static<typeof InboundAttachment>;

export const HandoffCustomer = Type.Object({
  /** E.164-ish phone number, or the provider's contact id when it gives no number. */
  number: Type.String({ minLength: 1 }),
  name: Type.Optional(Type.String()),
});
export type HandoffCustomer = Static<typeof HandoffCustomer>;

/** A message exchanged before the hand-off (bot menu, the customer's choice), shown to the agent. */
export const HandoffHistoryEntry = Type.Object({
  author: Type.Union([Type.Literal('customer'), Type.Literal('bot')]),
  text: Type.Optional(Text),
  attachments: Type.Optional(Type.Array(InboundAttachment)),
  providerMessageId: Type.Optional(Type.String()),
  at: EpochMs,
});
export type HandoffHistoryEntry = Static<typeof HandoffHistoryEntry>;

export const HandoffFirstMessage = Type.Object({
  text: Type.Optional(Text),
  attachments: Type.Optional(Type.Array(InboundAttachment)),
});
export type HandoffFirstMessage = Static<typeof HandoffFirstMessage>;

export const HandoffEvent = Type.Object({
  kind: Type.Literal('handoff'),
  externalConversationId: ExternalId,
  platformId: Type.String({ minLength: 1 }),
  customer: HandoffCustomer,
  skill: Type.String(),
  firstMessage: Type.Optional(HandoffFirstMessage),
  history: Type.Optional(Type.Array(HandoffHistoryEntry)),
  /** Id of `firstMessage` at the provider, for idempotency. */
  providerMessageId: Type.Optional(Type.String()),
  /**
   * `true` when the provider has no bot that hands off (WhatsApp Cloud): every customer message arrives
   * as a hand-off. When an interaction with this `externalConversationId` is already open, the ingest
   * layer must append `firstMessage` to it (like a `message` event with `providerMessageId`) instead of
   * opening a second one. Deciding at the durable write keeps this race-free.
   */
  implicit: Type.Optional(Type.Boolean()),
  /**
   * Names this hand-off across redeliveries when it has no `providerMessageId` (e.g. a hash of what the
   * provider sent): the ingest layer stores it once, so a hand-off delivered twice opens one interaction
   * even after the first one closed.
   */
  deliveryKey: Type.Optional(ExternalId),
  at: EpochMs,
});
export type HandoffEvent = Static<typeof HandoffEvent>;

export const CustomerMessageEvent = Type.Object({
  kind: Type.Literal('message'),
  externalConversationId: ExternalId,
  providerMessageId: ExternalId,
  text: Type.Optional(Text),
  attachments: Type.Optional(Type.Array(InboundAttachment)),
  /**
   * A reaction (WhatsApp): `text` already says it with the provider's message id; the ingest layer quotes the
   * message instead when it has it. An empty emoji removes an earlier reaction.
   */
  reaction: Type.Optional(Type.Object({ emoji: Type.String(), providerMessageId: Type.String() })),
  at: EpochMs,
});
export type CustomerMessageEvent = Static<typeof CustomerMessageEvent>;

export const CustomerLeftEvent = Type.Object({
  kind: Type.Literal('customer_left'),
  externalConversationId: ExternalId,
  reason: Type.Optional(Type.String()),
  at: EpochMs,
});
export type CustomerLeftEvent = Static<typeof CustomerLeftEvent>;

export const PROVIDER_DELIVERY_STATUSES = ['sent', 'delivered', 'read', 'failed'] as const;
export type ProviderDeliveryStatus = (typeof PROVIDER_DELIVERY_STATUSES)[number];
export const ProviderDeliveryStatus = Type.Union(PROVIDER_DELIVERY_STATUSES.map((s) => Type.Literal(s)));

export const DeliveryStatusEvent = Type.Object({
  kind: Type.Literal('status'),
  /** The id the provider gave to OUR outbound message (OutboundResult.providerMessageId). */
  providerMessageId: ExternalId,
  status: ProviderDeliveryStatus,
  externalConversationId: Type.Optional(Type.String()),
  error: Type.Optional(
    Type.Object({
      code: Type.String(),
      message: Type.String(),
      /** What an agent is told instead of `code: message` (set when the adapter knows the code). */
      reason: Type.Optional(Type.String()),
      /** The failure is the provider's throughput, not the message: send it again later instead of failing. */
      retryable: Type.Optional(Type.Boolean()),
    }),
  ),
  at: EpochMs,
});
export type DeliveryStatusEvent = Static<typeof DeliveryStatusEvent>;

export const InboundEvent = Type.Union([HandoffEvent, CustomerMessageEvent, CustomerLeftEvent, DeliveryStatusEvent]);
export type InboundEvent = Static<typeof InboundEvent>;
export type InboundEventKind = InboundEvent['kind'];

// ---- outbound (us → provider) ----

export const OutboundContent = Type.Union([
  Type.Object({ type: Type.Literal('text'), text: Type.String({ minLength: 1, maxLength: 4096 }) }),
  Type.Object({
    type: Type.Literal('media'),
    url: Type.String({ minLength: 1 }),
    mimeType: Type.String({ minLength: 1 }),
    name: Type.Optional(Type.String()),
    caption: Type.Optional(Type.String()),
  }),
  /**
   * A question with options to pick from: an interactive list on WhatsApp Cloud (Meta: at most 10 rows, titles
   * of 24 characters, a button of 20); providers without lists send the text alone, which names the options.
   */
  Type.Object({
    type: Type.Literal('choice'),
    text: Type.String({ minLength: 1, maxLength: 4096 }),
    button: Type.String({ minLength: 1, maxLength: 20 }),
    options: Type.Array(
      Type.Object({
        id: Type.String({ minLength: 1, maxLength: 200 }),
        title: Type.String({ minLength: 1, maxLength: 24 }),
        description: Type.Optional(Type.String({ maxLength: 72 })),
      }),
      { minItems: 1, maxItems: 10 },
    ),
  }),
  /** Outside the 24-hour window only an approved template may be sent. */
  Type.Object({
    type: Type.Literal('template'),
    name: Type.String({ minLength: 1 }),
    language: Type.String({ minLength: 2 }),
    params: Type.Array(Type.String()),
  }),
]);
export type OutboundContent = Static<typeof OutboundContent>;

export const AttendedCommand = Type.Object({
  kind: Type.Literal('attended'),
  externalConversationId: ExternalId,
  agentName: Type.String(),
  /** Stable per outbox row: a retry (even after a crash) sends the same key, so the provider acts once. */
  idempotencyKey: Type.Optional(Type.String()),
});
export type AttendedCommand = Static<typeof AttendedCommand>;

export const SendMessageCommand = Type.Object({
  kind: Type.Literal('message'),
  /** The conversation (HeyNow Direct; WhatsApp Cloud uses it as the recipient when `to` is absent). */
  externalConversationId: Type.Optional(ExternalId),
  /** A recipient number for one-shot sends (HeyNow Client, WhatsApp Cloud templates). */
  to: Type.Optional(Type.String({ minLength: 1 })),
  content: OutboundContent,
  /** Our stable id for this message (the outbox row): retries carry the same key so the peer can dedupe. */
  idempotencyKey: Type.Optional(Type.String()),
});
export type SendMessageCommand = Static<typeof SendMessageCommand>;

export const EndConversationCommand = Type.Object({
  kind: Type.Literal('endConversation'),
  externalConversationId: ExternalId,
  reason: Type.Optional(Type.String()),
  /** Stable per outbox row: a retry (even after a crash) sends the same key, so the provider acts once. */
  idempotencyKey: Type.Optional(Type.String()),
});
export type EndConversationCommand = Static<typeof EndConversationCommand>;

export const OutboundCommand = Type.Union([AttendedCommand, SendMessageCommand, EndConversationCommand]);
export type OutboundCommand = Static<typeof OutboundCommand>;

/**
 * Closed set of failure codes, so the outbox worker decides on `retryable` and shows `code`:
 * - network_error, timeout, rate_limited, provider_unavailable: retryable
 * - unauthorized, rejected, not_supported, invalid_command, outside_24h_window: permanent
 */
export const OUTBOUND_ERROR_CODES = [
  'network_error',
  'timeout',
  'rate_limited',
  'provider_unavailable',
  'unauthorized',
  'rejected',
  'not_supported',
  'invalid_command',
  'outside_24h_window',
] as const;
export type OutboundErrorCode = (typeof OUTBOUND_ERROR_CODES)[number];

export type OutboundResult =
  | { ok: true; providerMessageId?: string }
  | {
      ok: false;
      retryable: boolean;
      code: OutboundErrorCode;
      /** A sentence for logs and the UI. Never contains a secret. */
      message: string;
      /** The provider's HTTP status, when there was a response. */
      httpStatus?: number;
      /** From `Retry-After`, when the provider said when to come back. */
      retryAfterMs?: number;
      /** What the agent is told when the adapter knows the provider's error code; else a summary of `code`. */
      reason?: string;
    };
