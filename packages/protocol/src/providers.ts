import { Type, type Static } from '@sinclair/typebox';
import { Id, oneOf } from './common';

export const CHANNELS = ['whatsapp', 'facebook', 'twitter'] as const;
export const Channel = oneOf(CHANNELS);
export type Channel = (typeof CHANNELS)[number];

export const PROVIDER_KINDS = ['heynow-direct', 'heynow-client', 'whatsapp-cloud'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

const Name = Type.String({ minLength: 1, maxLength: 80 });
const PlatformId = Type.String({ minLength: 1, maxLength: 80 });
const Secret = Type.String({ minLength: 1, maxLength: 4096 });
/** Absolute http(s) URL. */
export const HttpUrl = Type.String({
  minLength: 8,
  maxLength: 2048,
  pattern: '^https?://[^\\s/$.?#][^\\s]*$',
  errorMessage: 'must be an absolute http(s) address, e.g. https://api.heynow.example',
});

/** WhatsApp Cloud send budget per phone number id (messages per second). */
export const MESSAGES_PER_SECOND_MIN = 1;
export const MESSAGES_PER_SECOND_MAX = 1000;
const MessagesPerSecond = Type.Integer({ minimum: MESSAGES_PER_SECOND_MIN, maximum: MESSAGES_PER_SECOND_MAX });
/** The WhatsApp Business Account id (digits): where the approved message templates are read from. */
export const WabaId = Type.String({
  minLength: 1,
  maxLength: 40,
  pattern: '^[0-9]+$',
  errorMessage: 'must be the WhatsApp Business Account id (digits only), e.g. 102290129340398',
});

/**
 * A provider as the API shows it. Secrets are write-only: the view only says whether one is set.
 */
export const Provider = Type.Object({
  id: Id,
  kind: oneOf(PROVIDER_KINDS),
  name: Type.String(),
  channel: Channel,
  platformId: Type.String(),
  domain: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
  /** `true` when the partner token / password / app secret is stored. The value itself is never returned. */
  secretSet: Type.Boolean(),
  /** Where HeyNow must POST its events for this provider. */
  webhookPath: Type.String(),
  /** WhatsApp Cloud: the send budget per phone number id when set (the server's default, 80, otherwise). */
  messagesPerSecond: Type.Optional(Type.Integer()),
  /** WhatsApp Cloud: the business account whose approved templates are synced. */
  wabaId: Type.Optional(Type.String()),
  /** WhatsApp Cloud: when the templates were last synced (null: never). */
  templatesSyncedAt: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});
export type Provider = Static<typeof Provider>;

export const DirectProviderCreate = Type.Object(
  {
    kind: Type.Literal('heynow-direct'),
    name: Name,
    channel: Type.Optional(Channel),
    domain: HttpUrl,
    platformId: PlatformId,
    partnerToken: Secret,
  },
  { additionalProperties: false },
);
export const ClientProviderCreate = Type.Object(
  {
    kind: Type.Literal('heynow-client'),
    name: Name,
    channel: Type.Optional(Channel),
    username: Type.String({ minLength: 1, maxLength: 120 }),
    password: Secret,
    platformId: PlatformId,
    domain: Type.Optional(HttpUrl),
  },
  { additionalProperties: false },
);
/** Meta's WhatsApp Cloud API (the third provider kind): the platform id is the `phone_number_id`. */
export const CloudProviderCreate = Type.Object(
  {
    kind: Type.Literal('whatsapp-cloud'),
    name: Name,
    channel: Type.Optional(Type.Literal('whatsapp')),
    platformId: PlatformId,
    /** signs webhooks (X-Hub-Signature-256) */
    appSecret: Secret,
    /** bearer token for sending */
    accessToken: Secret,
    /** echoed in Meta's subscription check */
    verifyToken: Secret,
    /** Graph API base including the version; defaults to https://graph.facebook.com/v21.0 */
    domain: Type.Optional(HttpUrl),
    /** Sends per second for this phone number id (Meta's throughput); default 80. */
    messagesPerSecond: Type.Optional(MessagesPerSecond),
    /** The business account id; without it no templates are synced. */
    wabaId: Type.Optional(WabaId),
  },
  { additionalProperties: false },
);
export const ProviderCreate = Type.Union([DirectProviderCreate, ClientProviderCreate, CloudProviderCreate]);
export type ProviderCreate = Static<typeof ProviderCreate>;

/** Partial update; omitting a secret keeps the stored one. */
export const ProviderUpdate = Type.Object(
  {
    name: Type.Optional(Name),
    channel: Type.Optional(Channel),
    domain: Type.Optional(HttpUrl),
    platformId: Type.Optional(PlatformId),
    partnerToken: Type.Optional(Secret),
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    password: Type.Optional(Secret),
    appSecret: Type.Optional(Secret),
    accessToken: Type.Optional(Secret),
    verifyToken: Type.Optional(Secret),
    /** WhatsApp Cloud only; null goes back to the default. */
    messagesPerSecond: Type.Optional(Type.Union([MessagesPerSecond, Type.Null()])),
    /** WhatsApp Cloud only; null forgets it (and stops the template sync). */
    wabaId: Type.Optional(Type.Union([WabaId, Type.Null()])),
  },
  { additionalProperties: false },
);
export type ProviderUpdate = Static<typeof ProviderUpdate>;

/** A one-shot send through a provider (Client API forms): one text or one approved template. */
export const OneShotSend = Type.Object(
  {
    to: Type.String({
      minLength: 5,
      maxLength: 32,
      pattern: '^\\+?[0-9 ()-]+$',
      errorMessage: 'must be a phone number, e.g. +59899123456',
    }),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    template: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 120 }),
          language: Type.String({ minLength: 2, maxLength: 10 }),
          params: Type.Optional(Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 20 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type OneShotSend = Static<typeof OneShotSend>;

/** A short status only: the provider's own answer is never relayed (it may hold anything). */
export const OneShotResult = Type.Object({
  status: Type.Literal('sent'),
  providerMessageId: Type.Optional(Type.String({ maxLength: 200 })),
});
export type OneShotResult = Static<typeof OneShotResult>;
