import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config/config';
import { buildApp, type App } from './http/app';
import { DEMO_MOCK_HOST, demoPasswordFor, loopbackUrlOf, startDemo, type RunningDemo } from './demo/demo';
import { firstStartBlock, hasNotes, type FirstStartNotes } from './logging/first-start';
import { createLogger, HeldOutput } from './logging/logger';
import { startMetricsServer } from './metrics/metrics-routes';
import { loadOrCreateKeyFile, SecretBox } from './security/secret-box';
import { createServices, type Services } from './services';
import { ClusterNode } from './cluster/cluster-node';
import { openDatabase, type Database } from './storage/database';
import { migrateToLatest } from './storage/migrate';

export interface RunningServer {
  url: string;
  app: App['app'];
  services: Services;
  database: Database;
  logger: Logger;
  /** Where /metrics is served when SWITCHBOARD_METRICS_PORT is set. */
  metricsUrl: string | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  webRoot?: string;
  logger?: Logger;
  /** Where log lines go (default stdout); tests capture them. */
  logStream?: NodeJS.WritableStream;
  /** Whether stdout is a person's terminal (default `process.stdout.isTTY`). */
  stdoutIsTTY?: boolean;
  /** Where one-time credentials go (default stdout, never the logger, which may ship lines elsewhere). */
  print?: (text: string) => void;
}

/** The demo's one-time text as the block's lines. */
const demoLines = (text: string) =>
  text
    .replace(' (demo only', '\n(demo only')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

const withPassword = (password: string | undefined) => (password ? { password } : {});

/** The composition root: configuration in, a listening server out. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const terminal = options.stdoutIsTTY ?? process.stdout.isTTY === true;
  const print = options.print ?? ((text: string) => void process.stdout.write(`${text}\n`));
  // On a terminal the logs wait until the credentials block is out; elsewhere they flow as written.
  const held = terminal && !options.logger ? new HeldOutput(options.logStream ?? process.stdout) : null;
  const logger = options.logger ?? createLogger(config.logLevel, held ?? options.logStream, config.logFormat, terminal);
  try {
    return await start(config, options, { logger, terminal, print });
  } finally {
    held?.release();
  }
}

async function start(
  config: Config,
  options: StartOptions,
  out: { logger: Logger; terminal: boolean; print: (text: string) => void },
): Promise<RunningServer> {
  const { logger, terminal, print } = out;
  const database = openDatabase(config);
  const applied = await migrateToLatest(database);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');

  const key = config.secretKey ?? loadOrCreateKeyFile(join(config.dataDir, 'secret.key'));
  let publicUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  // The demo's provider is the mock on loopback: the demo adds that one address to the allow-list it runs with.
  const outboundAllowlist = config.demo ? [...config.outboundAllowlist, DEMO_MOCK_HOST] : config.outboundAllowlist;
  // Several nodes share PostgreSQL and Redis (docs/adr/0012-several-nodes.md); one node needs neither.
  const cluster =
    config.redisUrl && config.databaseUrl
      ? new ClusterNode({
          nodeId: config.nodeId,
          redisUrl: config.redisUrl,
          databaseUrl: config.databaseUrl,
          database,
          logger,
        })
      : null;
  const services = createServices(database, new SecretBox(key), { ...config, outboundAllowlist }, Date.now, {
    logger,
    publicUrl: () => publicUrl,
    ...(cluster
      ? {
          bus: cluster.bus,
          liveRelay: cluster.liveRelay,
          routerFence: cluster.leadership.fence,
          remoteRouter: cluster.commands,
          status: cluster.status(),
        }
      : {}),
  });

  const first = await services.users.ensureFirstAdministrator(config.adminUsername, config.adminPassword);
  const notes: FirstStartNotes = { url: '', admin: null, demo: [] };
  if (first.password) {
    // Printed once, never through the logger (which may ship lines elsewhere). On a terminal it waits for the
    // block below; elsewhere it goes out now, as it always has.
    if (terminal) notes.admin = { username: config.adminUsername, password: first.password };
    else
      print(
        `\nFirst administrator created — username: ${config.adminUsername}  password: ${first.password}\n` +
          'Change it after signing in. It will not be shown again.\n',
      );
  } else if (first.created) notes.admin = terminal ? { username: config.adminUsername, password: null } : null;

  const { app } = await buildApp({
    config,
    services,
    logger,
    ...(options.webRoot ? { webRoot: options.webRoot } : {}),
  });
  await services.live.start();
  // Expired sign-ins are useless rows: gone at start and every quarter of an hour after.
  const stopPurgingSessions = services.sessions.startPurging(15 * 60_000, (error) =>
    logger.warn({ err: error }, 'purging expired sessions failed'),
  );
  // The router rebuilds from the database before the first request can reach it, then routes what waited. With
  // several nodes it follows, and leads when this node wins the election.
  if (cluster) await cluster.start(services);
  else await services.router.start();
  // Monitoring rebuilds today's figures once, then follows the bus.
  await services.monitor.start();
  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  publicUrl = config.publicUrl ?? url;
  // Restart-safe: whatever was pending in the outbox when the last process stopped goes out now.
  services.outbox.start();
  // Customers' media not yet downloaded when the last process stopped are fetched now.
  services.mediaDownloads.start();
  services.surveyExpiry.start();
  // CRM webhook deliveries pending from the last run go out too (held ones stay held while paused).
  services.webhookDeliveries.start();
  // WhatsApp Cloud templates: every provider with a business account is read at start, then hourly.
  services.templates.start();
  // SQLite's full-text index catches up on the messages ingested since, then follows about once a second.
  services.messageTextIndex.start();
  // Uploads nobody sent within a day are removed, files and rows.
  const stopPurgingUploads = services.attachments.startPurging(15 * 60_000, (err) =>
    logger.warn({ err }, 'purging unsent uploads failed; will retry'),
  );
  let demo: RunningDemo | null = null;
  if (config.demo) {
    demo = await startDemo({
      services,
      serverUrl: loopbackUrlOf(app.server.address() as AddressInfo),
      mockPort: config.mockHeyNowPort,
      logger,
      ...withPassword(demoPasswordFor(config.host)),
      print: terminal ? (text) => notes.demo.push(...demoLines(text)) : print,
    });
  }
  let metricsServer: Awaited<ReturnType<typeof startMetricsServer>> | null = null;
  if (config.metricsPort !== null && config.metricsToken !== null) {
    metricsServer = await startMetricsServer({
      metrics: services.metrics,
      token: config.metricsToken,
      host: config.host,
      port: config.metricsPort,
      logger,
    });
  }
  if (terminal && hasNotes(notes)) print(firstStartBlock({ ...notes, url }));
  const metricsUrl = metricsServer ? `${metricsServer.url}/metrics` : null;
  logger.info(
    {
      url,
      storage: database.dialect,
      ...(metricsUrl ? { metrics: metricsUrl } : {}),
      ...(cluster ? { node: cluster.nodeId, router: cluster.leadership.routerRole } : {}),
    },
    'Switchboard is listening',
  );
  return {
    url,
    app,
    services,
    database,
    logger,
    metricsUrl,
    stop: async () => {
      await demo?.stop();
      await metricsServer?.server.close();
      await stopPurgingSessions();
      await stopPurgingUploads();
      services.live.close();
      // Stop taking requests first, let accepted webhooks commit, then stop the workers and the database.
      await app.close();
      await services.ingest.idle();
      services.monitor.stop();
      await cluster?.stop();
      await services.router.stop();
      await services.outbox.stop();
      await services.mediaDownloads.stop();
      await services.surveyExpiry.stop();
      services.webhookEvents.stop();
      await services.webhookEvents.settled();
      await services.webhookDeliveries.stop();
      await services.templates.stop();
      await services.messageTextIndex.stop();
      await database.close();
    },
  };
}
