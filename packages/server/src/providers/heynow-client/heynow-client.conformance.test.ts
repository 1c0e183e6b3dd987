import { createMockHeyNow } from '../../mock-heynow';
import { describeProviderConformance } from '../../testing/provider-conformance';
import { mockHeyNowPeer } from '../../testing/mock-heynow-peer';
import type { ProviderConfig } from '../provider-adapter';
import { createHeyNowClientAdapter } from './adapter';

const PASSWORD = 'pw-conformance-71ab';

describeProviderConformance('heynow-client', {
  inbound: { skip: 'the Client API has no webhook: it only sends one-shot messages' },
  inboundKinds: {
    handoff: { skip: 'no inbound' },
    message: { skip: 'no inbound' },
    customer_left: { skip: 'no inbound' },
    status: { skip: 'no inbound' },
  },
  conversations: { skip: 'the Client API has no conversations: attended/endConversation answer not_supported' },
  media: { skip: 'the Client API sends text and templates only' },
  async makeHarness() {
    const mock = createMockHeyNow({ client: { username: 'forms', password: PASSWORD }, statusDelaysMs: false });
    const url = await mock.start();
    const config: ProviderConfig = {
      id: 'hc1',
      kind: 'heynow-client',
      channel: 'whatsapp',
      platformId: '59891234567',
      domain: url,
      username: 'forms',
      secret: PASSWORD,
    };
    const now = () => Date.now();
    const adapter = createHeyNowClientAdapter(config, { fetch, now });
    return {
      adapter,
      withFetch: (f) => createHeyNowClientAdapter(config, { fetch: f, now }),
      // The bearer token the mock issued is a secret too.
      secrets: () => [
        PASSWORD,
        ...mock.received({ action: 'client-send' }).flatMap((c) => (c.authorization ? [c.authorization.slice(7)] : [])),
      ],
      peer: mockHeyNowPeer(mock),
      expectedAuthorization: /^Bearer mock-token-/,
      conversationId: '+59899111222',
      close: () => mock.stop(),
    };
  },
});
