// The webhook load of the wal-growth benchmark: HeyNow Direct webhooks, HMAC-signed like the provider signs
// them, POSTed over keep-alive HTTP on a fixed schedule (webhook i at t0 + i/rate, whatever the server
// answers, so a slow server cannot slow the offered load down). The mix: a new hand-off every
// `handoffEvery`-th webhook, a customer leaving every `leaveEvery`-th, otherwise a customer message in a
// conversation that is still open (agents closing conversations remove them through `closed`).
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentile, round, sortedCopy } from '../stats';

export const PLATFORM_ID = '59800000000';

export interface Mix {
  runId: string;
  skills: readonly string[];
  handoffEvery: number;
  leaveEvery: number;
}

/** Which conversations exist and are open, as the provider (the generator) sees them. */
export class Conversations {
  private readonly open: number[] = [];
  private readonly position = new Map<number, number>();
  private created = 0;

  constructor(private readonly mix: Mix) {}

  id(index: number): string {
    return `wal-${this.mix.runId}-${index}`;
  }
  /** A customer number per conversation, so an agent's inbox names the conversation it holds. */
  static number(index: number): string {
    return `+5989${String(index).padStart(7, '0')}`;
  }
  static indexOf(customerNumber: string): number {
    return Number(customerNumber.replace(/\D/g, '').slice(4));
  }

  get openCount(): number {
    return this.open.length;
  }
  get createdCount(): number {
    return this.created;
  }

  /** Ended by an agent or by the customer: no more customer messages go to it. */
  closed(index: number): void {
    const at = this.position.get(index);
    if (at === undefined) return;
    const last = this.open.pop()!;
    if (last !== index) {
      this.open[at] = last;
      this.position.set(last, at);
    }
    this.position.delete(index);
  }

  /** The body of webhook number `i` of the run. */
  next(i: number): string {
    const timestamp = new Date().toISOString();
    if (this.open.length === 0 || i % this.mix.handoffEvery === 0) {
      const index = this.created++;
      this.position.set(index, this.open.length);
      this.open.push(index);
      return JSON.stringify({
        event: 'handoff',
        conversationId: this.id(index),
        platformId: PLATFORM_ID,
        contact: { id: `wal-client-${index}`, name: `Cliente ${index}`, phone: Conversations.number(index) },
        skill: this.mix.skills[index % this.mix.skills.length],
        messageId: `wal-${this.mix.runId}-m${i}`,
        text: `Hola, necesito ayuda con mi pedido ${index}`,
        timestamp,
      });
    }
    const index = this.open[Math.floor(Math.random() * this.open.length)]!;
    if (i % this.mix.leaveEvery === 0) {
      this.closed(index);
      return JSON.stringify({ event: 'customer_left', conversationId: this.id(index), timestamp });
    }
    return JSON.stringify({
      event: 'message',
      conversationId: this.id(index),
      messageId: `wal-${this.mix.runId}-m${i}`,
      text: `Mensaje ${i}: el envío todavía no llegó, ¿me pueden confirmar la dirección de entrega?`,
      timestamp,
    });
  }
}

export interface LoadTarget {
  webhook: URL;
  /** the partner token: the HMAC key of the x-heynow-signature header */
  partnerToken: string;
}

export interface LoadResult {
  rate: number;
  seconds: number;
  sent: number;
  /** answered 200 per second, from the first send to the last answer */
  achieved: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** answered with something else than 200, or no answer at all (network error, 30 s timeout) */
  errors: number;
  /** p99 of (actual send − scheduled send): high values mean the generator itself is the limit */
  sendLagP99Ms: number;
}

export async function runLoad(
  target: LoadTarget,
  traffic: Conversations,
  options: { rate: number; seconds: number },
): Promise<LoadResult> {
  const { rate, seconds } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const lags: number[] = [];
  let errors = 0;
  let outstanding = 0;
  let firstSend = Number.NaN;
  let lastAnswer = Number.NaN;
  const firstErrors: string[] = [];
  const failed = (why: string) => {
    errors++;
    if (firstErrors.length < 5) firstErrors.push(why);
  };

  const send = (i: number, scheduled: number) => {
    const body = traffic.next(i);
    const signature = `sha256=${createHmac('sha256', target.partnerToken).update(body).digest('hex')}`;
    outstanding++;
    let settled = false;
    const settle = (ok: boolean, why: string) => {
      if (settled) return;
      settled = true;
      outstanding--;
      const now = performance.now();
      if (ok) {
        latencies.push(now - sentAt);
        lastAnswer = now;
      } else failed(why);
    };
    const req = request(
      {
        host: target.webhook.hostname,
        port: target.webhook.port,
        path: target.webhook.pathname,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-heynow-signature': signature,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          settle(res.statusCode === 200, `HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 200)}`),
        );
      },
    );
    req.on('error', (e) => settle(false, e.message));
    req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
    const sentAt = performance.now();
    req.end(body);
    lags.push(sentAt - scheduled);
    if (Number.isNaN(firstSend)) firstSend = sentAt;
  };

  const t0 = performance.now() + 5;
  // Bounded in time as well as in count: a generator that falls 2 s behind stops sending.
  const sendDeadline = t0 + seconds * 1000 + 2000;
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (i < total && t0 + i * interval <= now) {
        send(i, t0 + i * interval);
        i++;
      }
      if (i >= total || now > sendDeadline) return resolve();
      setTimeout(tick, Math.max(0, t0 + i * interval - performance.now()));
    };
    setTimeout(tick, 5);
  });
  const sent = i;
  const drainUntil = performance.now() + 35_000;
  while (outstanding > 0 && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 10));
  agent.destroy();
  if (firstErrors.length > 0) console.log(`  first errors: ${firstErrors.join(' | ')}`);

  const sorted = sortedCopy(latencies);
  const span = (lastAnswer - firstSend) / 1000;
  return {
    rate,
    seconds,
    sent,
    achieved: span > 0 ? round(latencies.length / span, 1) : 0,
    p50Ms: round(percentile(sorted, 50), 2),
    p99Ms: round(percentile(sorted, 99), 2),
    maxMs: round(sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN, 2),
    errors: errors + outstanding,
    sendLagP99Ms: round(percentile(sortedCopy(lags), 99), 2),
  };
}
