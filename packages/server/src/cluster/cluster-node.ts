import type { Logger } from 'pino';
import { DomainBus } from '../events/domain-events';
import type { Services } from '../services';
import type { Database } from '../storage/database';
import { ClusterBus } from './cluster-bus';
import { CommandRelay } from './command-relay';
import { Leadership } from './leadership';
import { StreamLiveRelay } from './live-stream';
import { commandConnection } from './redis-streams';
import { answersWithin, DATABASE_CHECK_TIMEOUT_MS, type NodeStatus } from './node-status';
import { sql } from 'kysely';

export interface ClusterNodeOptions {
  nodeId: string;
  redisUrl: string;
  databaseUrl: string;
  database: Database;
  logger: Logger;
  /** Tests shorten these; see Leadership. */
  pollMs?: number;
  leaseMs?: number;
  commandTimeoutMs?: number;
}

/**
 * One node of several (docs/adr/0012-several-nodes.md): the parts that connect this process to the others.
 * Built before the services (they take the bus, the live relay, the fence and the command relay from here),
 * started after them.
 */
export class ClusterNode {
  readonly bus: DomainBus;
  readonly liveRelay: StreamLiveRelay;
  readonly commands: CommandRelay;
  readonly leadership: Leadership;
  private readonly publisher: ReturnType<typeof commandConnection>;
  private readonly events: ClusterBus;
  private services: Services | null = null;
  private lastResync = 0;
  private leading: Promise<void> = Promise.resolve();

  constructor(private readonly options: ClusterNodeOptions) {
    const { nodeId, redisUrl, logger } = options;
    this.bus = new DomainBus((error, event) => logger.error({ err: error, event }, 'domain event listener failed'));
    this.publisher = commandConnection(redisUrl, `switchboard-${nodeId}`);
    this.publisher.on('error', (error) => logger.warn({ err: error }, 'Redis connection error; retrying'));
    const reconnected = () => this.redisCameBack();
    const prefix = redisPrefixOf(options.databaseUrl, options.database.schema ?? 'public');
    this.events = new ClusterBus({
      bus: this.bus,
      nodeId,
      prefix,
      redisUrl,
      publisher: this.publisher,
      logger,
      reconnected,
    });
    this.liveRelay = new StreamLiveRelay({ nodeId, prefix, redisUrl, publisher: this.publisher, logger, reconnected });
    this.commands = new CommandRelay({
      nodeId,
      prefix,
      redisUrl,
      publisher: this.publisher,
      logger,
      ...(options.commandTimeoutMs ? { timeoutMs: options.commandTimeoutMs } : {}),
    });
    this.leadership = new Leadership({
      connectionString: options.databaseUrl,
      schema: options.database.schema ?? 'public',
      nodeId,
      logger,
      lead: (epoch) => this.lead(epoch),
      lose: () => this.lose(),
      ...(options.pollMs ? { pollMs: options.pollMs } : {}),
      ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    });
  }

  get nodeId(): string {
    return this.options.nodeId;
  }

  /** Streams first (nothing emitted from here on is missed), then the router follows, then leadership. */
  async start(services: Services): Promise<void> {
    this.services = services;
    await Promise.all([this.events.start(), this.liveRelay.start(), this.commands.start()]);
    await services.router.follow();
    await this.leadership.start();
    // A node that won at once (the first, or a lone one) is ready to route before it answers requests.
    await this.leading;
  }

  async stop(): Promise<void> {
    await this.leadership.stop();
    await Promise.all([this.commands.stop(), this.events.stop(), this.liveRelay.stop()]);
    this.publisher.disconnect();
  }

  /** What /healthz and /readyz say of this node. */
  status(): NodeStatus {
    const { database } = this.options;
    return {
      nodeId: this.options.nodeId,
      routerRole: () => this.leadership.routerRole,
      epoch: () => this.leadership.epoch,
      reachable: async () => {
        const [db, redis] = await Promise.all([
          answersWithin(() => sql`select 1`.execute(database.db), DATABASE_CHECK_TIMEOUT_MS),
          this.redisReachable(),
        ]);
        return { database: db, redis };
      },
    };
  }

  /** Whether Redis answers now (readiness). */
  async redisReachable(): Promise<boolean> {
    if (this.publisher.status !== 'ready') return false;
    return answersWithin(() => this.publisher.ping(), 1000);
  }

  private lead(epoch: number): Promise<void> {
    this.leading = this.becomeLeader(epoch);
    return this.leading;
  }

  private async becomeLeader(epoch: number): Promise<void> {
    const services = this.services!;
    // Rebuilds from the database (everything decided under earlier epochs is there) and routes what waited.
    await services.router.start();
    await this.commands.serve((cmd, options) => services.router.command(cmd, options));
    this.options.logger.info({ epoch }, 'router rebuilt and serving commands from every node');
  }

  private async lose(): Promise<void> {
    await this.commands.stopServing();
    await this.services?.router.follow();
  }

  /**
   * Redis dropped and came back (perhaps restarted, empty): events in flight may be gone. Browsers refetch, the
   * leader re-reads the routing state (an arrival announced meanwhile is in the database), monitoring recounts.
   */
  private redisCameBack(): void {
    const services = this.services;
    // Each stream reader reports the same outage: act once.
    if (!services || Date.now() - this.lastResync < 2000) return;
    this.lastResync = Date.now();
    this.options.logger.warn('Redis connection restored: resynchronising live views and routing');
    services.live.resyncAll();
    const rebuild = this.leadership.routerRole === 'leader' ? services.router.start() : services.router.follow();
    rebuild.catch((error: unknown) => this.options.logger.error({ err: error }, 'resynchronising routing failed'));
  }
}

/**
 * The nodes of one cluster share one database, so its name (and schema) names the cluster's keys in Redis:
 * two clusters (or two test runs) on one Redis never read each other's streams.
 */
export function redisPrefixOf(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  return `switchboard:${url.hostname}:${url.port || '5432'}${url.pathname}:${schema}`;
}
