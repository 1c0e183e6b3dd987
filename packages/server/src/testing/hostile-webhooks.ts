// Test support: webhook bodies of each provider kind, shaped like the real thing (so that many reach the
// database) with hostile values mixed into every field.
import fc from 'fast-check';
import { hostileString, hostileTimestamp, hostileValue, mostly } from './hostile-input';

// A few busy conversations (messages reach an open one) and many one-off ones (many interactions).
const conversation = fc.oneof(
  fc.constantFrom('conv-1', 'conv-2', 'conv-3'),
  fc.nat({ max: 500 }).map((n) => `conv-${n}`),
);
const phone = fc.oneof(
  fc.constantFrom('+59899111222', '59891234567', '1'),
  fc.nat({ max: 500 }).map((n) => `598990${String(n).padStart(5, '0')}`),
);
const messageId = fc.nat({ max: 400 }).map((n) => `m-${n}`);
const isoTime = fc
  .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) })
  .map((ms) => new Date(ms).toISOString());
const text = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 60 }));

/** `valid` with up to two of `fields` replaced by hostile values (none, half of the time). */
const spoiled = <T extends Record<string, unknown>>(valid: fc.Arbitrary<T>, fields: readonly string[]) =>
  fc
    .tuple(
      valid,
      fc.oneof(
        fc.constant([] as [string, unknown][]),
        fc.array(fc.tuple(fc.constantFrom(...fields), fc.oneof(hostileValue, hostileTimestamp)), {
          minLength: 1,
          maxLength: 2,
        }),
      ),
    )
    .map(([value, overrides]) => ({ ...value, ...Object.fromEntries(overrides) }));

// Attachments may come with a URL, inline base64 `data` (decoded and stored) or neither (a placeholder).
const attachment = spoiled(
  fc.record(
    {
      url: fc.constantFrom('https://files.example/p.png', 'http://x/y'),
      data: fc.constantFrom('aGVsbG8=', 'not base64!'),
      mimeType: fc.constantFrom('image/png', 'application/pdf', 'audio/ogg'),
      name: fc.constantFrom('p.png', 'precios.pdf'),
      size: fc.nat({ max: 10_000_000 }),
    },
    { requiredKeys: ['mimeType'] },
  ),
  ['url', 'data', 'mimeType', 'name', 'size'],
);

const historyEntry = spoiled(
  fc.record(
    {
      id: messageId,
      from: fc.constantFrom('bot', 'customer'),
      text,
      attachments: fc.array(attachment, { maxLength: 2 }),
      timestamp: isoTime,
    },
    { requiredKeys: ['from'] },
  ),
  ['id', 'from', 'text', 'attachments', 'timestamp'],
);

const timestamp = fc.oneof(isoTime, fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }));
const contact = spoiled(fc.record({ id: fc.constant('hn-client-7'), name: text, phone }, { requiredKeys: ['phone'] }), [
  'id',
  'name',
  'phone',
]);

const EVENT_FIELDS = [
  'event',
  'conversationId',
  'platformId',
  'contact',
  'skill',
  'messageId',
  'text',
  'attachments',
  'history',
  'status',
  'reason',
  'error',
  'timestamp',
] as const;

/** One HeyNow Direct event of each kind, well formed or with one or two hostile fields. */
export const heyNowEvent = spoiled(
  fc.oneof(
    fc.record(
      {
        event: fc.constant('handoff'),
        conversationId: conversation,
        platformId: fc.constant('59891234567'),
        contact,
        skill: fc.constantFrom('ventas', 'soporte', '', 'unknown-skill'),
        messageId,
        text,
        attachments: fc.array(attachment, { maxLength: 2 }),
        history: fc.array(historyEntry, { maxLength: 3 }),
        timestamp,
      },
      { requiredKeys: ['event', 'conversationId', 'contact', 'skill'] },
    ),
    fc.record(
      {
        event: fc.constant('message'),
        conversationId: conversation,
        messageId,
        text,
        attachments: fc.array(attachment, { maxLength: 2 }),
        timestamp,
      },
      { requiredKeys: ['event', 'conversationId', 'messageId', 'text'] },
    ),
    fc.record(
      {
        event: fc.constant('customer_left'),
        conversationId: conversation,
        reason: fc.constantFrom('customer_closed', 'expired'),
        timestamp,
      },
      { requiredKeys: ['event', 'conversationId'] },
    ),
    fc.record(
      {
        event: fc.constant('status'),
        conversationId: conversation,
        messageId: fc.nat({ max: 50 }).map((n) => `out-${n}`),
        status: fc.constantFrom('sent', 'delivered', 'read', 'failed'),
        error: fc.record({ code: fc.constant('E1'), message: text }),
        timestamp,
      },
      { requiredKeys: ['event', 'messageId', 'status'] },
    ),
  ),
  EVENT_FIELDS,
);

/** A HeyNow Direct body: one event, a batch, or not an event at all. */
export const heyNowBody: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: heyNowEvent, weight: 4 },
  { arbitrary: fc.array(heyNowEvent, { minLength: 1, maxLength: 5 }).map((events) => ({ events })), weight: 3 },
  { arbitrary: hostileValue, weight: 1 },
);

const waTimestamp = fc.integer({ min: 1_577_836_800, max: 1_893_456_000 }).map(String);
const media = (id: string, mime: string) =>
  spoiled(
    fc.record(
      { id: fc.constant(id), mime_type: fc.constant(mime), caption: text, filename: text },
      { requiredKeys: ['id', 'mime_type'] },
    ),
    ['id', 'mime_type', 'caption', 'filename'],
  );
const waMedia = [
  fc.record({ type: fc.constant('image'), image: media('media-1', 'image/jpeg') }),
  fc.record({ type: fc.constant('document'), document: media('media-2', 'application/pdf') }),
  fc.record({
    type: fc.constantFrom('audio', 'video', 'sticker'),
    audio: media('media-3', 'audio/ogg'),
    video: media('media-4', 'video/mp4'),
    sticker: media('media-5', 'image/webp'),
  }),
];
const waContent = fc.oneof(
  fc.record({ type: fc.constant('text'), text: spoiled(fc.record({ body: text }), ['body']) }),
  ...waMedia,
  fc.record({
    type: fc.constant('location'),
    location: spoiled(fc.record({ latitude: fc.double(), longitude: fc.double(), name: text, address: text }), [
      'latitude',
      'name',
    ]),
  }),
  fc.record({ type: fc.constant('button'), button: spoiled(fc.record({ text }), ['text']) }),
  fc.record({
    type: fc.constant('interactive'),
    interactive: fc.oneof(
      fc.record({ button_reply: fc.record({ title: text }) }),
      fc.record({ list_reply: fc.record({ title: text }) }),
    ),
  }),
  fc.record({ type: fc.constantFrom('reaction', 'contacts', 'unsupported', 'order') }),
);
const waMessage = spoiled(
  fc
    .tuple(
      fc.record(
        { from: phone, id: fc.nat({ max: 400 }).map((n) => `wamid.${n}`), timestamp: waTimestamp },
        { requiredKeys: ['from', 'id'] },
      ),
      waContent,
    )
    .map(([head, body]) => ({ ...head, ...body })),
  ['from', 'id', 'timestamp', 'type', 'text', 'image'],
);

const waStatus = spoiled(
  fc.record(
    {
      id: fc.nat({ max: 400 }).map((n) => `wamid.out.${n}`),
      status: fc.constantFrom('sent', 'delivered', 'read', 'failed'),
      timestamp: waTimestamp,
      recipient_id: phone,
      errors: fc.array(fc.record({ code: mostly(fc.constant(131047)), title: mostly(text) }, { requiredKeys: [] }), {
        maxLength: 2,
      }),
    },
    { requiredKeys: ['id', 'status'] },
  ),
  ['id', 'status', 'timestamp', 'recipient_id', 'errors'],
);

/** A WhatsApp Cloud notification for `phoneNumberId` (sometimes another one), hostile values mixed in. */
export const whatsAppBody = (phoneNumberId: string): fc.Arbitrary<unknown> =>
  fc.oneof(
    {
      arbitrary: fc.record({
        object: mostly(fc.constant('whatsapp_business_account'), 8),
        entry: mostly(
          fc.array(
            fc.record({
              id: fc.constant('WABA-1'),
              changes: mostly(
                fc.array(
                  fc.record({
                    field: mostly(fc.constant('messages'), 6),
                    value: mostly(
                      fc.record(
                        {
                          messaging_product: fc.constant('whatsapp'),
                          metadata: mostly(
                            fc.record({ phone_number_id: mostly(fc.constantFrom(phoneNumberId, 'another-number'), 6) }),
                            6,
                          ),
                          contacts: mostly(
                            fc.array(
                              fc.record({ wa_id: mostly(phone), profile: mostly(fc.record({ name: mostly(text) })) }),
                              {
                                maxLength: 2,
                              },
                            ),
                          ),
                          messages: mostly(fc.array(waMessage, { maxLength: 3 }), 5),
                          statuses: mostly(fc.array(waStatus, { maxLength: 2 }), 3),
                        },
                        { requiredKeys: ['metadata'] },
                      ),
                      6,
                    ),
                  }),
                  { minLength: 1, maxLength: 2 },
                ),
                8,
              ),
            }),
            { minLength: 1, maxLength: 2 },
          ),
          8,
        ),
      }),
      weight: 6,
    },
    { arbitrary: hostileValue, weight: 1 },
  );

/** Meta's subscription check parameters: right, wrong, missing, repeated. */
export const subscriptionQuery = (verifyToken: string): fc.Arbitrary<string> => {
  const param = (name: string, good: fc.Arbitrary<string>) =>
    fc
      .oneof(
        { arbitrary: good.map((v) => [v]), weight: 4 },
        { arbitrary: fc.array(fc.oneof(good, hostileString), { minLength: 2, maxLength: 3 }), weight: 1 },
        { arbitrary: fc.constant([] as string[]), weight: 1 },
        { arbitrary: hostileString.map((v) => [v]), weight: 1 },
      )
      .map((values) => values.map((v) => `${name}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '\ufffd'))}`));
  return fc
    .tuple(
      param('hub.mode', fc.constant('subscribe')),
      param('hub.verify_token', fc.constant(verifyToken)),
      param('hub.challenge', fc.nat().map(String)),
    )
    .map((parts) => parts.flat().join('&'));
};
