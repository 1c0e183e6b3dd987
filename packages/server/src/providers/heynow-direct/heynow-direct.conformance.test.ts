import { createHmac } from 'node:crypto';
import { createMockHeyNow } from '../../mock-heynow';
import { describeProviderConformance } from '../../testing/provider-conformance';
import { mockHeyNowPeer } from '../../testing/mock-heynow-peer';
import type { ProviderConfig } from '../provider-adapter';
import { createHeyNowDirectAdapter } from './adapter';

const PARTNER_TOKEN = 'pt-conformance-9f2c1e';
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const sign = (raw: Buffer, key: string) => ({
  'x-heynow-signature': `sha256=${createHmac('sha256', key).update(raw).digest('hex')}`,
});

describeProviderConformance('heynow-direct', {
  inbound: true,
  inboundKinds: { handoff: true, message: true, customer_left: true, status: true },
  conversations: true,
  media: true,
  async makeHarness() {
    const mock = createMockHeyNow({ partnerToken: PARTNER_TOKEN, statusDelaysMs: false });
    const url = await mock.start();
    const config: ProviderConfig = {
      id: 'hn1',
      kind: 'heynow-direct',
      channel: 'whatsapp',
      platformId: '59891234567',
      domain: url,
      secret: PARTNER_TOKEN,
    };
    const now = () => 1_700_000_000_000;
    return {
      adapter: createHeyNowDirectAdapter(config, { fetch, now }),
      withFetch: (f) => createHeyNowDirectAdapter(config, { fetch: f, now }),
      secrets: () => [PARTNER_TOKEN],
      peer: mockHeyNowPeer(mock),
      expectedAuthorization: `Bearer ${PARTNER_TOKEN}`,
      conversationId: 'conv-42',
      inbound: {
        sign: (raw) => sign(raw, PARTNER_TOKEN),
        forge: (raw) => sign(raw, 'someone-else'),
        samples: {
          handoff: {
            body: json({
              event: 'handoff',
              conversationId: 'conv-42',
              platformId: '59891234567',
              contact: { id: 'c-7', name: 'Ana', phone: '+59899111222' },
              skill: 'ventas',
              messageId: 'm-1',
              text: 'hola 👋',
              history: [{ id: 'b-1', from: 'bot', text: '1. Ventas', timestamp: '2024-05-01T10:00:00Z' }],
              timestamp: '2024-05-01T10:00:05Z',
            }),
            expected: {
              kind: 'handoff',
              externalConversationId: 'conv-42',
              platformId: '59891234567',
              customer: { number: '+59899111222', name: 'Ana' },
              skill: 'ventas',
              providerMessageId: 'm-1',
              firstMessage: { text: 'hola 👋' },
              history: [
                { author: 'bot', text: '1. Ventas', providerMessageId: 'b-1', at: Date.parse('2024-05-01T10:00:00Z') },
              ],
              at: Date.parse('2024-05-01T10:00:05Z'),
            },
          },
          message: {
            body: json({
              event: 'message',
              conversationId: 'conv-42',
              messageId: 'm-2',
              text: 'mirá',
              attachments: [{ url: 'https://files.example/p.png', mimeType: 'image/png', name: 'p.png', size: 1234 }],
              timestamp: 1_714_557_600_000,
            }),
            expected: {
              kind: 'message',
              externalConversationId: 'conv-42',
              providerMessageId: 'm-2',
              text: 'mirá',
              attachments: [{ url: 'https://files.example/p.png', mimeType: 'image/png', name: 'p.png', size: 1234 }],
              at: 1_714_557_600_000,
            },
          },
          customer_left: {
            body: json({ event: 'customer_left', conversationId: 'conv-42', timestamp: '2024-05-01T11:00:00Z' }),
            expected: { kind: 'customer_left', externalConversationId: 'conv-42' },
          },
          status: {
            body: json({ event: 'status', messageId: 'hn-out-9', status: 'delivered', conversationId: 'conv-42' }),
            expected: {
              kind: 'status',
              providerMessageId: 'hn-out-9',
              status: 'delivered',
              externalConversationId: 'conv-42',
              at: 1_700_000_000_000,
            },
          },
        },
        malformed: [
          { body: json({ event: 'message', messageId: 'm', text: 'x' }), field: 'conversationId' },
          { body: json({ event: 'message', conversationId: 'c', text: 'x' }), field: 'messageId' },
          { body: json({ event: 'handoff', conversationId: 'c', skill: 's' }), field: 'contact' },
          { body: json({ event: 'status', messageId: 'm', status: 'lost' }), field: 'status' },
          { body: json({ event: 'typing', conversationId: 'c' }), field: 'event' },
          {
            body: json({ event: 'message', conversationId: 'c', messageId: 'm', attachments: [{ url: 'u' }] }),
            field: 'attachments[0].mimeType',
          },
          {
            body: json({ event: 'message', conversationId: 'c', messageId: 'm', text: 'x', timestamp: 'yesterday' }),
            field: 'timestamp',
          },
          {
            body: json({ event: 'message', conversationId: 'c', messageId: 'm', text: 'x', timestamp: 1e300 }),
            field: 'timestamp',
          },
          {
            body: json({ event: 'handoff', conversationId: 'c', contact: { phone: '1', name: 'A\u0000' }, skill: 's' }),
            field: 'contact.name',
          },
          {
            body: json({ event: 'message', conversationId: 'c\u0000', messageId: 'm', text: 'x' }),
            field: 'conversationId',
          },
        ],
        badEventInBatch: [
          {
            body: json({
              events: [
                { event: 'customer_left', conversationId: 'c' },
                { event: 'message', conversationId: 'c', text: 'x' },
                { event: 'message', conversationId: 'c', messageId: 'm2', text: 'y' },
              ],
            }),
            field: 'events[1].messageId',
            index: 1,
            kept: 2,
          },
          {
            body: json({
              events: [
                { event: 'message', conversationId: 'c', messageId: 'm1', text: 'x', timestamp: -1 },
                { event: 'message', conversationId: 'c', messageId: 'm2', text: 'y' },
              ],
            }),
            field: 'events[0].timestamp',
            index: 0,
            kept: 1,
          },
        ],
      },
      close: () => mock.stop(),
    };
  },
});
