import type { MockHeyNow } from '../mock-heynow';
import type { ConformancePeer } from './provider-conformance';

/** The mock HeyNow seen as a conformance peer. */
export function mockHeyNowPeer(mock: MockHeyNow): ConformancePeer {
  return {
    calls: () =>
      mock.received().map((c) => ({
        action:
          c.action === 'client-send' ? 'message' : c.action === 'login' || c.action === 'unknown' ? 'other' : c.action,
        ...(c.authorization !== undefined ? { authorization: c.authorization } : {}),
        body: c.body,
        status: c.status,
      })),
    reset: () => {
      mock.clearReceived();
      mock.clearFaults();
    },
    failNext: (status, count = 1) => mock.failNext(status, count),
  };
}
