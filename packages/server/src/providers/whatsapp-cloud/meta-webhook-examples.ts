/**
 * WhatsApp Cloud webhook notifications shaped like the examples of Meta's webhook reference (the
 * "messages" field: one example per inbound message type and per status), with the events and readable
 * text Switchboard must make of each. Ids, hashes and numbers are Meta's placeholders made concrete.
 *
 * Meta serialises with every non-ASCII character escaped (`"caf\u00e9"`, an emoji as a surrogate pair) and
 * slashes as `\/`, so the bytes it signs differ from `JSON.stringify` of the same value: `metaJson` writes
 * them that way, and the signature must be checked over these raw bytes.
 */
import type { InboundEvent, InboundEventKind } from '@switchboard/protocol';
import { knownGraphError, WINDOW_CLOSED_REASON } from './error-codes';
import { FIXTURE_PHONE_ID, notification } from './notification-fixture';

export const CUSTOMER_WA_ID = '16315551181';
const PROFILE = [{ profile: { name: 'Kerry Fisher' }, wa_id: CUSTOMER_WA_ID }];
const SHA = 'c8b1b2f6f2a4a5b7e3d6a0f1c9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0';

/** JSON as Meta's servers write it: non-ASCII as \u escapes, `/` as `\/`. */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

export interface MetaWebhookExample {
  name: string;
  /** The exact bytes Meta posts (and signs). */
  raw: Buffer;
  /** Matched with toMatchObject against the events parsed, in order. */
  expected: (Partial<InboundEvent> & { kind: InboundEventKind })[];
  /** For a customer message: the text people see for it. */
  readable?: string;
}

let n = 0;
/** One inbound message of `type`, with a wamid of its own so that each example is a separate delivery. */
function inbound(type: string, fields: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const id = `wamid.HBgLMTYzMTU1NTExODEVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=${++n}`;
  const message = { from: CUSTOMER_WA_ID, id, timestamp: String(1_714_557_600 + n), type, ...fields, ...extra };
  return { id, at: (1_714_557_600 + n) * 1000, body: notification({ contacts: PROFILE, messages: [message] }) };
}

function messageExample(
  name: string,
  type: string,
  fields: Record<string, unknown>,
  expect: {
    readable: string;
    attachments?: Record<string, unknown>[];
    extra?: Record<string, unknown>;
    utf8?: boolean;
  },
): MetaWebhookExample {
  const m = inbound(type, fields, expect.extra);
  const reaction = type === 'reaction';
  return {
    name,
    raw: Buffer.from(expect.utf8 ? JSON.stringify(m.body) : metaJson(m.body)),
    readable: expect.readable,
    expected: [
      reaction
        ? {
            kind: 'message',
            externalConversationId: CUSTOMER_WA_ID,
            providerMessageId: m.id,
            text: expect.readable,
            at: m.at,
          }
        : {
            kind: 'handoff',
            implicit: true,
            externalConversationId: CUSTOMER_WA_ID,
            platformId: FIXTURE_PHONE_ID,
            customer: { number: CUSTOMER_WA_ID, name: 'Kerry Fisher' },
            providerMessageId: m.id,
            firstMessage: {
              ...(expect.readable ? { text: expect.readable } : {}),
              ...(expect.attachments ? { attachments: expect.attachments as never } : {}),
            },
            at: m.at,
          },
    ],
  };
}

const OUT_ID = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA';

function statusExample(
  name: string,
  status: Record<string, unknown>,
  expected: Partial<Extract<InboundEvent, { kind: 'status' }>>,
): MetaWebhookExample {
  const body = notification({ statuses: [{ id: OUT_ID, recipient_id: CUSTOMER_WA_ID, ...status }] });
  return {
    name,
    raw: Buffer.from(metaJson(body)),
    expected: [{ kind: 'status', providerMessageId: OUT_ID, externalConversationId: CUSTOMER_WA_ID, ...expected }],
  };
}

export const META_MESSAGE_EXAMPLES: MetaWebhookExample[] = [
  messageExample('text', 'text', { text: { body: 'this is a text message' } }, { readable: 'this is a text message' }),
  messageExample(
    'text with escaped unicode and emoji',
    'text',
    { text: { body: 'Café ☕ ¿mañana? 😀 https://example.com/a' } },
    { readable: 'Café ☕ ¿mañana? 😀 https://example.com/a' },
  ),
  messageExample(
    'text with raw UTF-8 emoji',
    'text',
    { text: { body: 'hola 👋 señor' } },
    { readable: 'hola 👋 señor', utf8: true },
  ),
  messageExample(
    'image',
    'image',
    { image: { caption: 'This is a caption', mime_type: 'image/jpeg', sha256: SHA, id: '1003383421387256' } },
    {
      readable: 'This is a caption',
      attachments: [{ providerMediaId: '1003383421387256', mimeType: 'image/jpeg', caption: 'This is a caption' }],
    },
  ),
  messageExample(
    'audio (voice note)',
    'audio',
    { audio: { mime_type: 'audio/ogg; codecs=opus', sha256: SHA, id: '1003383421387257', voice: true } },
    { readable: '', attachments: [{ providerMediaId: '1003383421387257', mimeType: 'audio/ogg; codecs=opus' }] },
  ),
  messageExample(
    'video',
    'video',
    { video: { mime_type: 'video/mp4', sha256: SHA, id: '1003383421387258' } },
    { readable: '', attachments: [{ providerMediaId: '1003383421387258', mimeType: 'video/mp4' }] },
  ),
  messageExample(
    'document',
    'document',
    {
      document: {
        caption: '80skaraokesonglistartist',
        filename: '80skaraokesonglistartist.pdf',
        mime_type: 'application/pdf',
        sha256: SHA,
        id: '1003383421387259',
      },
    },
    {
      readable: '80skaraokesonglistartist',
      attachments: [
        {
          providerMediaId: '1003383421387259',
          mimeType: 'application/pdf',
          name: '80skaraokesonglistartist.pdf',
          caption: '80skaraokesonglistartist',
        },
      ],
    },
  ),
  messageExample(
    'sticker',
    'sticker',
    { sticker: { mime_type: 'image/webp', sha256: SHA, id: '1003383421387260', animated: false } },
    { readable: '', attachments: [{ providerMediaId: '1003383421387260', mimeType: 'image/webp' }] },
  ),
  messageExample(
    'location',
    'location',
    {
      location: {
        address: '1071 5th Ave, New York, NY 10128',
        latitude: 40.782910059774,
        longitude: -73.959075808525,
        name: 'Solomon R. Guggenheim Museum',
        url: 'https://www.guggenheim.org/',
      },
    },
    {
      readable: '📍 40.782910059774,-73.959075808525 (Solomon R. Guggenheim Museum, 1071 5th Ave, New York, NY 10128)',
    },
  ),
  messageExample(
    'contacts',
    'contacts',
    {
      contacts: [
        {
          addresses: [{ city: 'Menlo Park', country: 'United States', country_code: 'us', type: 'WORK' }],
          birthday: '1999-01-23',
          emails: [{ email: 'bjohnson@example.com', type: 'WORK' }],
          name: {
            first_name: 'Barbara',
            last_name: 'Johnson',
            middle_name: 'Joana',
            formatted_name: 'Barbara J. Johnson',
          },
          org: { company: 'Lucky Shrub', department: 'Legal', title: 'Lead Counsel' },
          phones: [
            { phone: '+1 (940) 555-1234', wa_id: '19405551234', type: 'HOME' },
            { phone: '+1 (650) 555-1234', type: 'WORK' },
          ],
          urls: [{ url: 'https://www.luckyshrub.com', type: 'WORK' }],
        },
      ],
    },
    { readable: '👤 Barbara J. Johnson: +1 (940) 555-1234, +1 (650) 555-1234' },
  ),
  messageExample(
    'interactive button_reply',
    'interactive',
    { interactive: { type: 'button_reply', button_reply: { id: 'change-button', title: 'Change' } } },
    { readable: 'Change', extra: { context: { from: '15550001111', id: OUT_ID } } },
  ),
  messageExample(
    'interactive list_reply',
    'interactive',
    {
      interactive: {
        type: 'list_reply',
        list_reply: { id: 'priority_express', title: 'Priority Mail Express', description: 'Next Day to 2 Days' },
      },
    },
    { readable: 'Priority Mail Express', extra: { context: { from: '15550001111', id: OUT_ID } } },
  ),
  messageExample(
    'button (template quick reply)',
    'button',
    { button: { payload: 'No-Button-Payload', text: 'No' } },
    { readable: 'No', extra: { context: { from: '15550001111', id: OUT_ID } } },
  ),
  messageExample(
    'reaction',
    'reaction',
    { reaction: { message_id: OUT_ID, emoji: '😀' } },
    { readable: `Reacted 😀 to message ${OUT_ID}` },
  ),
  messageExample(
    'reaction removed',
    'reaction',
    { reaction: { message_id: OUT_ID } },
    { readable: `Removed a reaction from message ${OUT_ID}` },
  ),
  messageExample(
    'order',
    'order',
    {
      order: {
        catalog_id: '194836987003835',
        text: 'Please deliver after 5pm',
        product_items: [
          { product_retailer_id: 'di9ozbzfi4', quantity: 2, item_price: 30, currency: 'USD' },
          { product_retailer_id: 'nqryix03ez', quantity: 1, item_price: 25, currency: 'USD' },
        ],
      },
    },
    { readable: '🛒 Order: 2 × di9ozbzfi4 (30 USD), 1 × nqryix03ez (25 USD)\nPlease deliver after 5pm' },
  ),
  messageExample(
    'system (customer changed number)',
    'system',
    {
      system: {
        body: 'Kerry Fisher changed from 16315551181 to 16315551182',
        wa_id: '16315551182',
        type: 'user_changed_number',
      },
    },
    { readable: 'ℹ️ Kerry Fisher changed from 16315551181 to 16315551182' },
  ),
  messageExample(
    'unsupported',
    'unsupported',
    {
      errors: [
        {
          code: 131051,
          title: 'Message type unknown',
          message: 'Message type unknown',
          error_data: { details: 'Message type is currently not supported.' },
        },
      ],
    },
    { readable: '[Unsupported message: Message type unknown — Message type is currently not supported.]' },
  ),
];

export const META_STATUS_EXAMPLES: MetaWebhookExample[] = [
  statusExample(
    'status sent',
    {
      status: 'sent',
      timestamp: '1750263773',
      conversation: {
        id: '0d5f2e7e5d7d1a5a5d3f5a5d5f5a5d5f',
        expiration_timestamp: '1750350173',
        origin: { type: 'service' },
      },
      pricing: { billable: true, pricing_model: 'PMP', category: 'service' },
    },
    { status: 'sent', at: 1_750_263_773_000 },
  ),
  statusExample(
    'status delivered',
    {
      status: 'delivered',
      timestamp: '1750263774',
      conversation: { id: '0d5f2e7e5d7d1a5a5d3f5a5d5f5a5d5f', origin: { type: 'service' } },
      pricing: { billable: true, pricing_model: 'PMP', category: 'service' },
    },
    { status: 'delivered', at: 1_750_263_774_000 },
  ),
  statusExample('status read', { status: 'read', timestamp: '1750263775' }, { status: 'read', at: 1_750_263_775_000 }),
  statusExample(
    'status failed with errors',
    {
      status: 'failed',
      timestamp: '1750263776',
      errors: [
        {
          code: 131047,
          title: 'Re-engagement message',
          message: 'Re-engagement message',
          error_data: {
            details:
              'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
          },
          href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
        },
      ],
    },
    {
      status: 'failed',
      at: 1_750_263_776_000,
      error: { code: '131047', message: 'Re-engagement message', reason: WINDOW_CLOSED_REASON },
    },
  ),
  statusExample(
    'status failed (throughput, retryable)',
    {
      status: 'failed',
      timestamp: '1750263777',
      errors: [{ code: 130429, title: 'Rate limit hit', message: 'Rate limit hit' }],
    },
    {
      status: 'failed',
      error: { code: '130429', message: 'Rate limit hit', reason: knownGraphError(130429)!.reason, retryable: true },
    },
  ),
];

export const META_WEBHOOK_EXAMPLES = [...META_MESSAGE_EXAMPLES, ...META_STATUS_EXAMPLES];
