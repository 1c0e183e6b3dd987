// A steady webhook load for the storage tests and the wal-growth benchmark: every tenth webhook hands off a
// new customer, the nine after it are that customer's messages, all through the real ingest path.
import type { InboundEvent } from '@switchboard/protocol';

/** The events of webhook number `n` of a run (`run` keeps ids of separate runs apart). */
export function loadWebhook(n: number, run: string, platformId: string, at: number): InboundEvent[] {
  const conversation = `${run}-c${Math.floor(n / 10)}`;
  const text = `message ${n} of ${run}: ${'lorem ipsum dolor sit amet '.repeat(6)}`;
  if (n % 10 === 0)
    return [
      {
        kind: 'handoff',
        externalConversationId: conversation,
        platformId,
        customer: { number: `+598${String(90_000_000 + (n % 9_000_000))}`, name: `Customer ${n}` },
        skill: 'ventas',
        firstMessage: { text },
        providerMessageId: `${run}-m${n}`,
        at,
      },
    ];
  return [{ kind: 'message', externalConversationId: conversation, providerMessageId: `${run}-m${n}`, text, at }];
}

export interface PacedLoad {
  /** Webhooks per second, open loop: a slow server does not slow the sender down. */
  rate: number;
  seconds: number;
  /** Customers writing at once; each one's webhooks go one after another, in order. */
  customers?: number;
  platformId?: string;
  /** Keeps the ids of separate runs apart. */
  run: string;
}

/** Sends `rate` webhooks a second for `seconds` through `ingest`; resolves once every one was acknowledged. */
export async function pacedIngest(
  ingest: (events: InboundEvent[]) => Promise<unknown>,
  { rate, seconds, customers = 32, platformId = '598', run }: PacedLoad,
): Promise<{ sent: number }> {
  const chains: Promise<unknown>[] = Array.from({ length: customers }, () => Promise.resolve());
  const counts = new Array<number>(customers).fill(0);
  const total = Math.round(rate * seconds);
  const started = Date.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    // Each webhook starts from a timer, like a request arriving on a socket: the event loop gets its turns.
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * rate));
      for (; sent < due; sent++) {
        const slot = sent % customers;
        const c = counts[slot]!++;
        const n = (slot + customers * Math.floor(c / 10)) * 10 + (c % 10);
        chains[slot] = chains[slot]!.then(() => ingest(loadWebhook(n, run, platformId, Date.now())));
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  await Promise.all(chains);
  return { sent };
}
