import type { MockHeyNow } from './mock-heynow';
import type { WebhookDelivery } from './webhook-sender';
import { isLoopback } from './webhook-sender';

export interface ScriptedCustomersOptions {
  /** New customers per second (0 < rate ≤ 500). */
  ratePerSecond: number;
  /** How long new customers keep arriving (≤ 10 minutes). */
  durationMs: number;
  /** Hard cap on customers (default and maximum: rate × duration, at most 50,000). */
  maxCustomers?: number;
  /** Messages per customer including the first (1–20, default 1). */
  messagesPerCustomer?: number;
  /** Pause between a customer's messages (default 1000 ms). */
  messageIntervalMs?: number;
  /** Skills to hand off with, round-robin; default: through the bot menu, options in turn. */
  skills?: string[];
  /** Leave after the last message (default false: the agent closes). */
  leave?: boolean;
  /** Every n-th customer sends an image first (0 = never, default 0). */
  imageEvery?: number;
  signal?: AbortSignal;
}

export interface ScriptedCustomersSummary {
  customers: number;
  webhooks: number;
  failures: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  elapsedMs: number;
}

const MAX_RATE = 500;
const MAX_DURATION_MS = 10 * 60_000;
const MAX_CUSTOMERS = 50_000;

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.floor(q * sorted.length));
  return Math.round((sorted[i] ?? 0) * 100) / 100;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/**
 * Simulated customers for demos and load runs. Bounded in rate, time and count, and refuses any target
 * that is not on this machine: it must never become a traffic generator against someone else.
 */
export async function runScriptedCustomers(
  mock: MockHeyNow,
  targetBaseUrl: string,
  options: ScriptedCustomersOptions,
): Promise<ScriptedCustomersSummary> {
  if (!isLoopback(targetBaseUrl))
    throw new Error('scripted customers only target a loopback address (127.0.0.1, localhost, ::1)');
  const rate = options.ratePerSecond;
  if (!(rate > 0 && rate <= MAX_RATE)) throw new Error(`ratePerSecond must be in (0, ${MAX_RATE}]`);
  if (!(options.durationMs > 0 && options.durationMs <= MAX_DURATION_MS))
    throw new Error(`durationMs must be in (0, ${MAX_DURATION_MS}]`);
  const perCustomer = options.messagesPerCustomer ?? 1;
  if (!(Number.isInteger(perCustomer) && perCustomer >= 1 && perCustomer <= 20))
    throw new Error('messagesPerCustomer must be 1–20');
  const planned = Math.max(1, Math.floor((rate * options.durationMs) / 1000));
  const total = Math.min(planned, options.maxCustomers ?? planned, MAX_CUSTOMERS);
  const interval = options.messageIntervalMs ?? 1000;
  const latencies: number[] = [];
  let failures = 0;
  const note = (d: WebhookDelivery) => {
    latencies.push(d.latencyMs);
    if (d.status < 200 || d.status >= 300) failures += 1;
  };

  async function customer(i: number): Promise<void> {
    const number = `+5989${String(i).padStart(7, '0')}`;
    const skill = options.skills && options.skills.length > 0 ? options.skills[i % options.skills.length] : undefined;
    const withImage = (options.imageEvery ?? 0) > 0 && i % (options.imageEvery ?? 1) === 0;
    const started = await mock.startConversation({
      number,
      name: `Cliente ${i + 1}`,
      ...(skill !== undefined ? { skill } : { choice: String((i % 3) + 1) }),
      text: 'Hola, necesito ayuda',
      ...(withImage ? { image: true as const } : {}),
    });
    note(started.delivery);
    for (let m = 1; m < perCustomer && !options.signal?.aborted; m++) {
      await sleep(interval, options.signal);
      note((await mock.customerSays(started.conversationId, `Mensaje ${m + 1} del cliente ${i + 1}`)).delivery);
    }
    if (options.leave && !options.signal?.aborted) note(await mock.customerLeaves(started.conversationId));
  }

  const startedAt = performance.now();
  const running: Promise<void>[] = [];
  for (let i = 0; i < total && !options.signal?.aborted; i++) {
    const due = startedAt + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait, options.signal);
    if (options.signal?.aborted) break;
    running.push(customer(i).catch(() => void (failures += 1)));
  }
  await Promise.all(running);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    customers: running.length,
    webhooks: latencies.length,
    failures,
    latencyMs: {
      p50: quantile(sorted, 0.5),
      p95: quantile(sorted, 0.95),
      p99: quantile(sorted, 0.99),
      max: quantile(sorted, 1),
    },
    elapsedMs: Math.round(performance.now() - startedAt),
  };
}
