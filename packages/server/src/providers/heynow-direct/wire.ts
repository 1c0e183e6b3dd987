/**
 * The HeyNow Direct API wire format as Switchboard implements it (docs/heynow-contract.md), as TypeBox
 * schemas. HeyNow's own reference is not public, so every field name lives here: matching the real API
 * means editing this folder only. Objects accept fields they do not name (tolerant reader, see
 * ../wire-check.ts); the limits are the storage columns' (customer_number varchar(64), customer_name
 * varchar(200), skill varchar(120), ids varchar(256)).
 */
import { Type, type Static } from '@sinclair/typebox';
import { PROVIDER_DELIVERY_STATUSES } from '@switchboard/protocol';
import { Id, NUL_FREE, OneOf, Opt, Text, compileWire } from '../wire-check';

export const PARTNER_TOKEN_HEADER = 'x-heynow-partner-token';
export const SIGNATURE_HEADER = 'x-heynow-signature';

/** ISO-8601 string or epoch milliseconds; the range and the date itself are checked when read (parse.ts). */
const Timestamp = Opt(
  Type.Union([Type.String(), Type.Number()], { errorMessage: 'expected an ISO-8601 date or epoch milliseconds' }),
);

export const HeyNowAttachment = Type.Object({
  /** Followed by any client, so bounded like a URL; `url` or `data` must be there (checked in parse.ts). */
  url: Opt(Id(8192)),
  /** base64 bytes (HeyNow's `processFile.data`), bounded by the body limit only. */
  data: Opt(Id(Number.MAX_SAFE_INTEGER)),
  mimeType: Id(),
  name: Opt(Id()),
  size: Opt(
    Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, errorMessage: 'expected a non-negative integer' }),
  ),
});
export type HeyNowAttachment = Static<typeof HeyNowAttachment>;

const Attachments = Opt(Type.Array(HeyNowAttachment));

export const HeyNowHistoryItem = Type.Object({
  id: Opt(Id()),
  from: OneOf(['bot', 'customer'] as const),
  text: Opt(Text()),
  attachments: Attachments,
  timestamp: Timestamp,
});
export type HeyNowHistoryItem = Static<typeof HeyNowHistoryItem>;

export const HEYNOW_EVENTS = ['handoff', 'message', 'customer_left', 'status'] as const;

/** What every event has: the discriminator, read first so that the error names the right event shape. */
export const HeyNowEventHead = Type.Object({ event: OneOf(HEYNOW_EVENTS) });

export const HeyNowHandoff = Type.Object({
  event: Type.Literal('handoff'),
  conversationId: Id(),
  platformId: Opt(Id()),
  /** `phone`, or `id` when HeyNow has no phone, is the customer number (checked in parse.ts). */
  contact: Type.Object({ id: Opt(Id(64)), name: Opt(Id(200)), phone: Opt(Id(64)) }),
  /** May be empty: routing applies the no-match rule (docs/routing.md). */
  skill: Type.Union([Type.String({ maxLength: 120, format: NUL_FREE }), Type.Number()], {
    errorMessage: 'expected a string',
  }),
  messageId: Opt(Id()),
  text: Opt(Text()),
  attachments: Attachments,
  history: Opt(Type.Array(HeyNowHistoryItem)),
  timestamp: Timestamp,
});

export const HeyNowMessage = Type.Object({
  event: Type.Literal('message'),
  conversationId: Id(),
  messageId: Id(),
  /** `text` or `attachments` must be there (checked in parse.ts). */
  text: Opt(Text()),
  attachments: Attachments,
  timestamp: Timestamp,
});

export const HeyNowCustomerLeft = Type.Object({
  event: Type.Literal('customer_left'),
  conversationId: Id(),
  reason: Opt(Id()),
  timestamp: Timestamp,
});

export const HeyNowStatus = Type.Object({
  event: Type.Literal('status'),
  messageId: Id(),
  conversationId: Opt(Id()),
  status: OneOf(PROVIDER_DELIVERY_STATUSES),
  error: Opt(Type.Object({ code: Opt(Id()), message: Opt(Text()) })),
  timestamp: Timestamp,
});

export type HeyNowEvent =
  | Static<typeof HeyNowHandoff>
  | Static<typeof HeyNowMessage>
  | Static<typeof HeyNowCustomerLeft>
  | Static<typeof HeyNowStatus>;

/** A webhook body is one event, or `{ "events": [...] }` for a batch (each event checked on its own). */
export const HeyNowBatch = Type.Object({
  events: Type.Array(Type.Unknown(), { minItems: 1, errorMessage: 'expected at least one event' }),
});

/** Compiled once at module load: the webhook is the hot path. */
export const checks = {
  head: compileWire(HeyNowEventHead),
  batch: compileWire(HeyNowBatch),
  handoff: compileWire(HeyNowHandoff),
  message: compileWire(HeyNowMessage),
  customer_left: compileWire(HeyNowCustomerLeft),
  status: compileWire(HeyNowStatus),
};

/** Outbound bodies (us → HeyNow). */
export const HeyNowOutboundMessage = Type.Union([
  Type.Object({ platformId: Type.String(), type: Type.Literal('text'), text: Type.String() }),
  Type.Object({
    platformId: Type.String(),
    type: Type.Literal('media'),
    media: Type.Object({
      url: Type.String(),
      mimeType: Type.String(),
      name: Type.Optional(Type.String()),
      caption: Type.Optional(Type.String()),
    }),
  }),
  Type.Object({
    platformId: Type.String(),
    type: Type.Literal('template'),
    template: Type.Object({ name: Type.String(), language: Type.String(), params: Type.Array(Type.String()) }),
  }),
]);
export type HeyNowOutboundMessage = Static<typeof HeyNowOutboundMessage>;

/** `POST /conversations/{id}/attended`. */
export const HeyNowAttendedBody = Type.Object({
  platformId: Type.String(),
  agent: Type.Object({ name: Type.String() }),
});
export type HeyNowAttendedBody = Static<typeof HeyNowAttendedBody>;

/** `POST /conversations/{id}/end`. */
export const HeyNowEndBody = Type.Object({ platformId: Type.String(), reason: Type.Optional(Type.String()) });
export type HeyNowEndBody = Static<typeof HeyNowEndBody>;

/** HeyNow's answer to a message send: the id it gave the message, when it says one. */
export const HeyNowSendResponse = Type.Object({ messageId: Type.Union([Type.String(), Type.Number()]) });
export const sendResponse = compileWire(HeyNowSendResponse);
