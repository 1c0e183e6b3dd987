import { Type, type Static } from '@sinclair/typebox';
import { Id, oneOf } from './common';

/** The events a CRM endpoint may subscribe to. Closed: a new event is a new name here, never a free string. */
export const WEBHOOK_EVENTS = [
  'interaction.assigned',
  'interaction.closed',
  'message.stored',
  'csat.received',
] as const;
export const WebhookEvent = oneOf(WEBHOOK_EVENTS);
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const Name = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S', errorMessage: 'must be 1–120 characters' });
const Url = Type.String({
  minLength: 1,
  maxLength: 2000,
  errorMessage: 'must be an http(s) URL of at most 2000 characters',
});
const Events = Type.Array(WebhookEvent, { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true });
/** A shared secret chosen by the administrator; long enough that an HMAC keyed with it cannot be guessed. */
const Secret = Type.String({
  minLength: 16,
  maxLength: 200,
  pattern: '^[\\x21-\\x7e]+$',
  errorMessage: 'must be 16–200 printable characters without spaces',
});

export const WebhookEndpointCreate = Type.Object(
  { name: Name, url: Url, events: Events, secret: Type.Optional(Secret) },
  { additionalProperties: false },
);
export type WebhookEndpointCreate = Static<typeof WebhookEndpointCreate>;

/** `paused: false` resumes an endpoint paused after repeated failures; `paused: true` pauses it by hand. */
export const WebhookEndpointUpdate = Type.Object(
  {
    name: Type.Optional(Name),
    url: Type.Optional(Url),
    events: Type.Optional(Events),
    secret: Type.Optional(Secret),
    enabled: Type.Optional(Type.Boolean()),
    paused: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type WebhookEndpointUpdate = Static<typeof WebhookEndpointUpdate>;

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export const WebhookDeliveryStatus = oneOf(WEBHOOK_DELIVERY_STATUSES);
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** One delivery as listed: what happened, never what the remote server answered in its body. */
export const WebhookDelivery = Type.Object({
  id: Id,
  endpointId: Id,
  event: WebhookEvent,
  status: WebhookDeliveryStatus,
  attempts: Type.Integer(),
  /** HTTP status of the last attempt; null when it got no answer (timeout, refused, blocked). */
  statusCode: Type.Union([Type.Integer(), Type.Null()]),
  /** A short summary of the last failure (e.g. "HTTP 500", "timed out after 10 s"). */
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Integer(),
  lastAttemptAt: Type.Union([Type.Integer(), Type.Null()]),
  deliveredAt: Type.Union([Type.Integer(), Type.Null()]),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;

/** An endpoint as listed: never its secret (write-only, encrypted at rest). */
export const WebhookEndpoint = Type.Object({
  id: Id,
  name: Type.String(),
  url: Type.String(),
  events: Type.Array(WebhookEvent),
  enabled: Type.Boolean(),
  /** Paused endpoints record new events but send nothing until an administrator resumes them. */
  paused: Type.Boolean(),
  pausedAt: Type.Union([Type.Integer(), Type.Null()]),
  /** Failed attempts in a row; reset by a delivered one or by resuming. */
  consecutiveFailures: Type.Integer(),
  pendingDeliveries: Type.Integer(),
  lastDelivery: Type.Union([WebhookDelivery, Type.Null()]),
  createdAt: Type.Integer(),
  createdBy: Type.String(),
});
export type WebhookEndpoint = Static<typeof WebhookEndpoint>;

/** The answer to a create: the only time the secret is ever shown. */
export const WebhookEndpointCreated = Type.Composite([WebhookEndpoint, Type.Object({ secret: Type.String() })]);
export type WebhookEndpointCreated = Static<typeof WebhookEndpointCreated>;
