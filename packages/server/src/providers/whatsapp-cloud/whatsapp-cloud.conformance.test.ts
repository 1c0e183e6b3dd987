import { createHmac } from 'node:crypto';
import { describeProviderConformance } from '../../testing/provider-conformance';
import type { ProviderConfig } from '../provider-adapter';
import { createWhatsAppCloudAdapter } from './adapter';
import { knownGraphError, WINDOW_CLOSED_REASON } from './error-codes';
import { startFakeGraphApi } from './fake-graph-api';
import { META_WEBHOOK_EXAMPLES } from './meta-webhook-examples';
import { FIXTURE_PHONE_ID, notification } from './notification-fixture';

const APP_SECRET = 'app-secret-conformance-5d0e';
const ACCESS_TOKEN = 'EAAG-access-token-conformance';
const VERIFY_TOKEN = 'verify-token-conformance';
const PHONE_ID = FIXTURE_PHONE_ID;

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const sign = (raw: Buffer, key: string) => ({
  'x-hub-signature-256': `sha256=${createHmac('sha256', key).update(raw).digest('hex')}`,
});

describeProviderConformance('whatsapp-cloud', {
  inbound: true,
  inboundKinds: {
    handoff: true,
    message: { skip: 'every WhatsApp customer message arrives as an implicit handoff (HandoffEvent.implicit)' },
    customer_left: { skip: 'WhatsApp Cloud has no "customer left" notification' },
    status: true,
  },
  conversations: { skip: 'WhatsApp Cloud has no bot to hand back to: attended/endConversation succeed without a call' },
  media: true,
  // Meta's codes as error-codes.ts maps them (to be checked against Meta's error-code page, see docs).
  errorCodes: [
    {
      status: 400,
      code: 131047,
      expected: { retryable: false, code: 'outside_24h_window', reason: WINDOW_CLOSED_REASON },
    },
    ...[130429, 131056].map((code) => ({
      status: 400,
      code,
      expected: { retryable: true, code: 'rate_limited' as const, reason: knownGraphError(code)!.reason },
    })),
    ...[131026, 131048, 131049, 132000, 132001].map((code) => ({
      status: 400,
      code,
      expected: { retryable: false, code: 'rejected' as const, reason: knownGraphError(code)!.reason },
    })),
  ],
  async makeHarness() {
    const graph = await startFakeGraphApi(ACCESS_TOKEN);
    const config: ProviderConfig = {
      id: 'wa1',
      kind: 'whatsapp-cloud',
      channel: 'whatsapp',
      platformId: PHONE_ID,
      domain: graph.base,
      secret: APP_SECRET,
      accessToken: ACCESS_TOKEN,
      verifyToken: VERIFY_TOKEN,
    };
    const now = () => 1_700_000_000_000;
    return {
      adapter: createWhatsAppCloudAdapter(config, { fetch, now }),
      withFetch: (f) => createWhatsAppCloudAdapter(config, { fetch: f, now }),
      secrets: () => [APP_SECRET, ACCESS_TOKEN, VERIFY_TOKEN],
      peer: {
        calls: () =>
          graph.calls.map((c) => ({
            action: 'message' as const,
            ...(c.authorization ? { authorization: c.authorization } : {}),
            body: c.body,
            status: c.status,
          })),
        reset: () => graph.reset(),
        failNext: (status, count) => graph.failNext(status, count),
        failNextWithCode: (status, code, title) => graph.failNext(status, 1, code, title),
      },
      expectedAuthorization: `Bearer ${ACCESS_TOKEN}`,
      conversationId: '59899111222',
      inbound: {
        sign: (raw) => sign(raw, APP_SECRET),
        forge: (raw) => sign(raw, 'not-the-app-secret'),
        samples: {
          handoff: {
            body: json(
              notification({
                contacts: [{ profile: { name: 'Ana' }, wa_id: '59899111222' }],
                messages: [
                  {
                    from: '59899111222',
                    id: 'wamid.IN1',
                    timestamp: '1714557600',
                    type: 'text',
                    text: { body: 'hola 👋' },
                  },
                ],
              }),
            ),
            expected: {
              kind: 'handoff',
              implicit: true,
              externalConversationId: '59899111222',
              platformId: PHONE_ID,
              customer: { number: '59899111222', name: 'Ana' },
              skill: 'default',
              firstMessage: { text: 'hola 👋' },
              providerMessageId: 'wamid.IN1',
              at: 1_714_557_600_000,
            },
          },
          status: {
            body: json(
              notification({
                statuses: [{ id: 'wamid.OUT1', status: 'read', timestamp: '1714557700', recipient_id: '59899111222' }],
              }),
            ),
            expected: {
              kind: 'status',
              providerMessageId: 'wamid.OUT1',
              status: 'read',
              externalConversationId: '59899111222',
              at: 1_714_557_700_000,
            },
          },
        },
        examples: META_WEBHOOK_EXAMPLES,
        malformed: [
          { body: json({ object: 'page', entry: [] }), field: 'object' },
          { body: json({ object: 'whatsapp_business_account' }), field: 'entry' },
          { body: json({ object: 'whatsapp_business_account', entry: [{ changes: 'x' }] }), field: 'entry[0].changes' },
        ],
        badEventInBatch: [
          {
            body: json(
              notification({
                messages: [
                  { id: 'wamid.X', type: 'text', text: { body: 'x' } },
                  { from: '1', id: 'wamid.Y', type: 'text', text: { body: 'y' } },
                ],
              }),
            ),
            field: 'entry[0].changes[0].value.messages[0].from',
            index: 0,
            kept: 1,
          },
          {
            body: json(
              notification({
                messages: [
                  { from: '1', id: 'wamid.Y', type: 'text', text: { body: 'y' } },
                  { from: '1', id: 'wamid.X', type: 'text', text: {} },
                ],
              }),
            ),
            field: 'entry[0].changes[0].value.messages[1].text.body',
            index: 1,
            kept: 1,
          },
          {
            body: json(
              notification({
                messages: [
                  { from: '1', id: 'wamid.Z', timestamp: '1' + '0'.repeat(300), type: 'text', text: { body: 'z' } },
                ],
                statuses: [{ id: 'wamid.OUT', status: 'read' }],
              }),
            ),
            field: 'entry[0].changes[0].value.messages[0].timestamp',
            index: 0,
            kept: 1,
          },
          {
            body: json(
              notification({
                statuses: [
                  { id: 'wamid.X', status: 'lost' },
                  { id: 'wamid.Y', status: 'read' },
                ],
              }),
            ),
            field: 'entry[0].changes[0].value.statuses[0].status',
            index: 0,
            kept: 1,
          },
          {
            body: json({
              object: 'whatsapp_business_account',
              entry: [
                { changes: [{ field: 'messages', value: {} }] },
                {
                  changes: [
                    {
                      field: 'messages',
                      value: notification({ statuses: [{ id: 'w', status: 'read' }] }).entry[0]!.changes[0]!.value,
                    },
                  ],
                },
              ],
            }),
            field: 'entry[0].changes[0].value.metadata',
            index: 0,
            kept: 1,
          },
        ],
      },
      close: () => graph.close(),
    };
  },
});
