import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { BinnedHistogram } from './binned-histogram';
import { ReceiptClock } from './receipt-clock';

/**
 * Latency buckets in seconds. docs/performance.md measures a webhook stored and pushed in 1–10 ms at light
 * load and up to a few hundred ms under contention, routing decisions in tens of microseconds and a
 * checkpoint pause around 30–100 ms: from half a millisecond to ten seconds covers all of them.
 */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Routing and single queries are faster still: the same scale, starting at 50 µs. */
export const FAST_BUCKETS = [0.00005, 0.0001, 0.00025, ...LATENCY_BUCKETS];

/** What a webhook request did with its events (one request may count several events). */
export type WebhookResult = 'accepted' | 'duplicate' | 'rejected' | 'unauthorized' | 'bad_request';

/** Server state the gauges read when Prometheus scrapes; nothing is computed between scrapes. */
export interface MetricSources {
  /** Waiting interactions per campaign (the router's memory): name, count and the oldest one's entry time. */
  queues(): { campaign: string; waiting: number; oldestEnteredAt: number | null }[];
  /** Live-channel sockets open now. */
  sockets(): number;
  /** Outbox rows still to send (a count query). */
  outboxBacklog(): Promise<number>;
  /** PostgreSQL pool figures; absent on SQLite (one connection, no pool). */
  pool?: () => { total: number; idle: number; waiting: number };
  now(): number;
}

/**
 * Every `switchboard_…` series of one server, on a registry of its own (tests run many servers in one
 * process). Counters and histograms are updated inline on the hot path (histograms are binned ones: a bucket
 * search and two additions, see binned-histogram.ts); gauges are computed in collect callbacks at scrape time
 * from state the server already keeps.
 */
export class Metrics {
  readonly registry = new Registry();
  /** Webhook receipt times until the interaction's first push to its agent (push latency). */
  readonly receipts: ReceiptClock;
  private defaultsOn = false;

  readonly webhookEvents = new Counter({
    name: 'switchboard_webhook_events_total',
    help: 'Webhook events by provider kind and result (a refused request counts as one unauthorized or bad_request)',
    labelNames: ['provider_kind', 'result'] as const,
    registers: [this.registry],
  });
  readonly ingestSeconds = new BinnedHistogram({
    name: 'switchboard_webhook_ingest_seconds',
    help: 'From receiving a webhook request to its events being durably stored and answered',
    labelNames: ['provider_kind'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly pushSeconds = new BinnedHistogram({
    name: 'switchboard_webhook_to_agent_seconds',
    help: "From receiving a customer's webhook to the live channel pushing it to the owning agent's socket",
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly routingDecisions = new Counter({
    name: 'switchboard_routing_decisions_total',
    help: 'Routing decisions that took effect, by type (assigned, offered, queued, …)',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly routingSeconds = new BinnedHistogram({
    name: 'switchboard_routing_decision_seconds',
    help: 'From a routing event reaching the router to its decisions being stored',
    buckets: FAST_BUCKETS,
    registers: [this.registry],
  });
  readonly outboxFailures = new Counter({
    name: 'switchboard_outbox_failures_total',
    help: 'Failed outbound sends (each attempt), by provider kind',
    labelNames: ['provider_kind'] as const,
    registers: [this.registry],
  });
  readonly querySeconds = new BinnedHistogram({
    name: 'switchboard_db_query_seconds',
    help: 'Database query latency',
    buckets: FAST_BUCKETS,
    registers: [this.registry],
  });
  readonly queryErrors = new Counter({
    name: 'switchboard_db_query_errors_total',
    help: 'Database queries that failed',
    registers: [this.registry],
  });

  constructor() {
    this.receipts = new ReceiptClock((ms) => this.pushSeconds.observe(ms / 1000));
  }

  /** Registers the scrape-time gauges over the server's own state. */
  watch(sources: MetricSources): void {
    const registers = [this.registry];
    const queueSnapshot = () => sources.queues();
    new Gauge({
      name: 'switchboard_queue_waiting',
      help: 'Interactions waiting in each campaign queue',
      labelNames: ['campaign'] as const,
      registers,
      collect() {
        this.reset();
        for (const q of queueSnapshot()) this.set({ campaign: q.campaign }, q.waiting);
      },
    });
    new Gauge({
      name: 'switchboard_queue_oldest_wait_seconds',
      help: 'How long the oldest waiting interaction of each campaign has waited (0 when none waits)',
      labelNames: ['campaign'] as const,
      registers,
      collect() {
        this.reset();
        const now = sources.now();
        for (const q of queueSnapshot()) {
          const wait = q.oldestEnteredAt === null ? 0 : Math.max(0, now - q.oldestEnteredAt) / 1000;
          this.set({ campaign: q.campaign }, wait);
        }
      },
    });
    new Gauge({
      name: 'switchboard_ws_sockets',
      help: 'Live-channel (WebSocket) sockets open',
      registers,
      collect() {
        this.set(sources.sockets());
      },
    });
    new Gauge({
      name: 'switchboard_outbox_backlog',
      help: 'Outbound messages waiting to be sent (pending outbox rows)',
      registers,
      async collect() {
        this.set(await sources.outboxBacklog());
      },
    });
    const pool = sources.pool;
    if (pool) {
      new Gauge({
        name: 'switchboard_db_pool_connections',
        help: 'PostgreSQL pool connections by state (idle or in use)',
        labelNames: ['state'] as const,
        registers,
        collect() {
          const p = pool();
          this.set({ state: 'idle' }, p.idle);
          this.set({ state: 'in_use' }, p.total - p.idle);
        },
      });
      new Gauge({
        name: 'switchboard_db_pool_waiting',
        help: 'Queries waiting for a PostgreSQL pool connection',
        registers,
        collect() {
          this.set(pool().waiting);
        },
      });
    }
  }

  /**
   * Adds the default process and Node.js series (CPU, memory, handles, GC, event-loop lag). Only once the
   * endpoint is served: the event-loop monitor and GC observer are not free, and unused servers (tests)
   * should not carry them.
   */
  enableDefaults(): void {
    if (this.defaultsOn) return;
    this.defaultsOn = true;
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }

  /** The Prometheus text exposition of every series. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
