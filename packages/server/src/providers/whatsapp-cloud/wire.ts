/**
 * Meta's WhatsApp Cloud API wire format, as TypeBox schemas: the webhook notification
 * (`entry[].changes[].value` with `messages[]` and `statuses[]`), the message send body and its answers, and
 * the Graph error body. Field names follow Meta's Cloud API webhook and messages references.
 *
 * Tolerant reader (../wire-check.ts): Meta adds fields to these payloads over time (`pricing`, `referral`,
 * `context`, new message types), so every object accepts fields it does not name and an unknown message
 * type is kept as a readable note. Only what Switchboard reads is constrained.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PROVIDER_DELIVERY_STATUSES } from '@switchboard/protocol';
import { Id, OneOf, Opt, RequiredText, Text, compileWire } from '../wire-check';

/** Epoch seconds, as Meta writes them (a string of digits); the range is checked when read (parse.ts). */
const Seconds = Opt(
  Type.Union([Type.String({ pattern: '^\\d+$' }), Type.Number()], {
    errorMessage: 'expected epoch seconds between 1970 and 9999',
  }),
);

export const Notification = Type.Object({
  object: Type.Literal('whatsapp_business_account'),
  entry: Type.Array(
    Type.Object({
      /** The WhatsApp Business Account id. */
      id: Type.Optional(Type.Unknown()),
      /** Each change is checked on its own: one odd change must not refuse the others. */
      changes: Type.Array(Type.Unknown()),
    }),
  ),
});

/** Every change has a `field`; only `messages` changes carry messages and statuses. */
export const ChangeHead = Type.Object({ field: Type.Unknown() });

/** Profile of a customer who wrote; read leniently (a name that does not fit is left out). */
export const WebhookContact = Type.Object({
  wa_id: Type.String(),
  profile: Opt(Type.Object({ name: Opt(Type.String()) })),
});

export const MessagesChange = Type.Object({
  field: Type.Literal('messages'),
  value: Type.Object({
    messaging_product: Opt(Type.String()),
    metadata: Type.Object({ display_phone_number: Opt(Id(64)), phone_number_id: Id() }),
    contacts: Opt(Type.Array(Type.Unknown())),
    /** Each message and status is checked on its own (see parse.ts). */
    messages: Opt(Type.Array(Type.Unknown())),
    statuses: Opt(Type.Array(Type.Unknown())),
  }),
});

/** What every inbound message has; `type` then selects the schema of its content. */
export const MessageHead = Type.Object({
  /** The customer's wa_id: both the customer number (varchar(64)) and the conversation id. */
  from: Id(64),
  id: Id(),
  timestamp: Seconds,
  type: Id(),
  /** Set when the customer replied to (or reacted to, forwarded) a given message. */
  context: Opt(Type.Object({ from: Opt(Type.String()), id: Opt(Type.String()) })),
});

export const MEDIA_TYPES = ['image', 'document', 'audio', 'video', 'sticker'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export const Media = Type.Object({
  id: Id(),
  mime_type: Opt(Id()),
  sha256: Opt(Type.String()),
  caption: Opt(Text()),
  /** documents */
  filename: Opt(Id()),
  /** audio: a voice note recorded in the app */
  voice: Opt(Type.Boolean()),
  /** stickers */
  animated: Opt(Type.Boolean()),
});
export type Media = Static<typeof Media>;

const Coordinate = Opt(Type.Union([Type.Number(), Type.String()]));

export const Location = Type.Object({
  latitude: Coordinate,
  longitude: Coordinate,
  name: Opt(Text()),
  address: Opt(Text()),
  url: Opt(Text()),
});

/** A shared contact card; every part optional (Meta fills what the sender's address book had). */
export const ContactCard = Type.Object({
  name: Opt(
    Type.Object({
      formatted_name: Opt(Type.String()),
      first_name: Opt(Type.String()),
      last_name: Opt(Type.String()),
    }),
  ),
  phones: Opt(
    Type.Array(Type.Object({ phone: Opt(Type.String()), wa_id: Opt(Type.String()), type: Opt(Type.String()) })),
  ),
  emails: Opt(Type.Array(Type.Object({ email: Opt(Type.String()), type: Opt(Type.String()) }))),
  org: Opt(Type.Object({ company: Opt(Type.String()) })),
});
export type ContactCard = Static<typeof ContactCard>;

const Reply = Type.Object({ id: Opt(Type.String()), title: RequiredText(), description: Opt(Type.String()) });

export const OrderItem = Type.Object({
  product_retailer_id: Type.Union([Type.String(), Type.Number()]),
  quantity: Type.Union([Type.Number(), Type.String()]),
  item_price: Opt(Type.Union([Type.Number(), Type.String()])),
  currency: Opt(Type.String()),
});
export type OrderItem = Static<typeof OrderItem>;

/** A message's own errors (type `unsupported`), and a failed status's. */
export const WhatsAppError = Type.Object({
  code: Opt(Type.Union([Type.Number(), Type.String()])),
  title: Opt(Type.String()),
  message: Opt(Type.String()),
  error_data: Opt(Type.Object({ details: Opt(Type.String()) })),
  /** Where Graph versions before v16 put what `error_data.details` holds now. */
  details: Opt(Type.String()),
});
export type WhatsAppError = Static<typeof WhatsAppError>;

const media = (type: MediaType) => Type.Object({ [type]: Media } as Record<MediaType, typeof Media>);

/** The content of each message type Switchboard reads; any other type becomes an "unsupported" note. */
export const MessageContent = {
  text: Type.Object({ text: Type.Object({ body: RequiredText(), preview_url: Opt(Type.Boolean()) }) }),
  image: media('image'),
  document: media('document'),
  audio: media('audio'),
  video: media('video'),
  sticker: media('sticker'),
  location: Type.Object({ location: Location }),
  contacts: Type.Object({ contacts: Type.Array(Type.Unknown()) }),
  /** A tap on a quick-reply button of a template. */
  button: Type.Object({ button: Type.Object({ text: RequiredText(), payload: Opt(Type.String()) }) }),
  interactive: Type.Object({
    interactive: Type.Object({ type: Opt(Type.String()), button_reply: Opt(Reply), list_reply: Opt(Reply) }),
  }),
  reaction: Type.Object({
    /** An empty or absent emoji removes an earlier reaction. */
    reaction: Type.Object({ message_id: Opt(Id()), emoji: Opt(Type.String()) }),
  }),
  order: Type.Object({
    order: Type.Object({
      catalog_id: Opt(Type.String()),
      text: Opt(Text()),
      product_items: Opt(Type.Array(Type.Unknown())),
    }),
  }),
  /** Meta's notes about the customer (changed number, changed identity). */
  system: Type.Object({ system: Type.Object({ body: Opt(Text()), type: Opt(Type.String()) }) }),
  unsupported: Type.Object({ errors: Opt(Type.Array(Type.Unknown())) }),
} satisfies Record<string, TSchema>;
export type ContentType = keyof typeof MessageContent;

export const Status = Type.Object({
  /** The wamid of the message we sent. */
  id: Id(),
  status: OneOf(PROVIDER_DELIVERY_STATUSES),
  timestamp: Seconds,
  recipient_id: Opt(Id()),
  conversation: Opt(
    Type.Object({
      id: Opt(Type.String()),
      expiration_timestamp: Opt(Type.Union([Type.String(), Type.Number()])),
      origin: Opt(Type.Object({ type: Opt(Type.String()) })),
    }),
  ),
  pricing: Opt(
    Type.Object({ billable: Opt(Type.Boolean()), pricing_model: Opt(Type.String()), category: Opt(Type.String()) }),
  ),
  /** Read leniently: only the first error is used, and an odd one must not lose the status. */
  errors: Opt(Type.Array(Type.Unknown())),
});

/** Compiled once at module load: the webhook is the hot path. */
export const checks = {
  notification: compileWire(Notification),
  changeHead: compileWire(ChangeHead),
  messagesChange: compileWire(MessagesChange),
  contact: compileWire(WebhookContact),
  messageHead: compileWire(MessageHead),
  content: Object.fromEntries(Object.entries(MessageContent).map(([type, schema]) => [type, compileWire(schema)])) as {
    [K in ContentType]: ReturnType<typeof compileWire<(typeof MessageContent)[K]>>;
  },
  contactCard: compileWire(ContactCard),
  orderItem: compileWire(OrderItem),
  error: compileWire(WhatsAppError),
  status: compileWire(Status),
};

/** `POST /{phone-number-id}/messages` (us → Meta). */
const base = {
  messaging_product: Type.Literal('whatsapp'),
  recipient_type: Type.Literal('individual'),
  to: Type.String(),
};
const OutboundMedia = Type.Object({
  link: Type.String(),
  caption: Type.Optional(Type.String()),
  filename: Type.Optional(Type.String()),
});
export const GraphMessageBody = Type.Union([
  Type.Object({
    ...base,
    type: Type.Literal('text'),
    text: Type.Object({ body: Type.String(), preview_url: Type.Boolean() }),
  }),
  Type.Object({
    ...base,
    type: Type.Literal('template'),
    template: Type.Object({
      name: Type.String(),
      language: Type.Object({ code: Type.String() }),
      components: Type.Optional(
        Type.Array(
          Type.Object({
            type: Type.Literal('body'),
            parameters: Type.Array(Type.Object({ type: Type.Literal('text'), text: Type.String() })),
          }),
        ),
      ),
    }),
  }),
  Type.Object({
    ...base,
    type: Type.Literal('interactive'),
    interactive: Type.Object({
      type: Type.Literal('list'),
      body: Type.Object({ text: Type.String() }),
      action: Type.Object({
        button: Type.String(),
        sections: Type.Array(
          Type.Object({
            rows: Type.Array(
              Type.Object({ id: Type.String(), title: Type.String(), description: Type.Optional(Type.String()) }),
            ),
          }),
        ),
      }),
    }),
  }),
  Type.Object({ ...base, type: Type.Literal('image'), image: OutboundMedia }),
  Type.Object({ ...base, type: Type.Literal('video'), video: OutboundMedia }),
  Type.Object({ ...base, type: Type.Literal('audio'), audio: OutboundMedia }),
  Type.Object({ ...base, type: Type.Literal('document'), document: OutboundMedia }),
]);
export type GraphMessageBody = Static<typeof GraphMessageBody>;

/** Meta's answer to a send: `messages[0].id` is the wamid the statuses will name. */
export const GraphSendResponse = Type.Object({
  messaging_product: Opt(Type.String()),
  contacts: Opt(Type.Array(Type.Object({ input: Opt(Type.String()), wa_id: Opt(Type.String()) }))),
  messages: Type.Array(Type.Object({ id: Type.String(), message_status: Opt(Type.String()) }), { minItems: 1 }),
});

/** Every Graph API error body: `code` is what error-codes.ts maps; titles are shown, the rest is not. */
export const GraphErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.Number(),
    message: Opt(Type.String()),
    type: Opt(Type.String()),
    error_subcode: Opt(Type.Number()),
    error_user_title: Opt(Type.String()),
    error_user_msg: Opt(Type.String()),
    error_data: Opt(Type.Object({ messaging_product: Opt(Type.String()), details: Opt(Type.String()) })),
    fbtrace_id: Opt(Type.String()),
  }),
});

/**
 * `GET /{media-id}`: where to download a customer's file and what Meta says it is. Only the url is
 * required; the rest is checked when read (media-download.ts), so an odd hash or size costs the check, not
 * the file.
 */
export const GraphMediaInfo = Type.Object({
  url: Type.String({ pattern: '^[hH][tT][tT][pP][sS]?://' }),
  mime_type: Type.Optional(Type.Unknown()),
  sha256: Type.Optional(Type.Unknown()),
  file_size: Type.Optional(Type.Unknown()),
  id: Opt(Type.String()),
  messaging_product: Opt(Type.String()),
});

/** One component of a template as `GET /{waba-id}/message_templates` lists it (type BODY, HEADER, BUTTONS…). */
export const GraphTemplateComponent = Type.Object({
  type: Type.String(),
  format: Opt(Type.String()),
  text: Opt(Type.String()),
  buttons: Opt(Type.Array(Type.Object({ type: Opt(Type.String()), url: Opt(Type.String()) }))),
});
export type GraphTemplateComponent = Static<typeof GraphTemplateComponent>;

/** One page of the business account's templates; `paging.next` is present while more pages follow. */
export const GraphTemplatePage = Type.Object({
  data: Type.Array(
    Type.Object({
      name: Type.String({ minLength: 1 }),
      language: Type.String({ minLength: 1 }),
      status: Type.String(),
      category: Opt(Type.String()),
      components: Opt(Type.Array(GraphTemplateComponent)),
      id: Opt(Type.String()),
    }),
  ),
  paging: Opt(
    Type.Object({
      cursors: Opt(Type.Object({ before: Opt(Type.String()), after: Opt(Type.String()) })),
      next: Opt(Type.String()),
    }),
  ),
});
export type GraphTemplatePage = Static<typeof GraphTemplatePage>;

export const responses = {
  send: compileWire(GraphSendResponse),
  templatePage: compileWire(GraphTemplatePage),
  error: compileWire(GraphErrorResponse),
  mediaInfo: compileWire(GraphMediaInfo),
};
