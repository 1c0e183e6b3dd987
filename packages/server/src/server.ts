import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config/config';
import { buildApp, type App } from './http/app';
import { DEMO_MOCK_HOST, demoPasswordFor, loopbackUrlOf, startDemo, type RunningDemo } from './demo/demo';
import { createLogger } from './logging/logger';
import { loadOrCreateKeyFile, SecretBox } from './security/secret-box';
import { createServices, type Services } from './services';
import { openDatabase, type Database } from './storage/database';
import { migrateToLatest } from './storage/migrate';

export interface RunningServer {
  url: string;
  app: App['app'];
  services: Services;
  database: Database;
  logger: Logger;
  stop(): Promise<void>;
}

const withPassword = (password: string | undefined) => (password ? { password } : {});

/** The composition root: configuration in, a listening server out. */
export async function startServer(
  config: Config,
  options: { webRoot?: string; logger?: Logger } = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = openDatabase(config);
  const applied = await migrateToLatest(database);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');

  const key = config.secretKey ?? loadOrCreateKeyFile(join(config.dataDir, 'secret.key'));
  let publicUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  // The demo's provider is the mock on loopback: the demo adds that one address to the allow-list it runs with.
  const outboundAllowlist = config.demo ? [...config.outboundAllowlist, DEMO_MOCK_HOST] : config.outboundAllowlist;
  const services = createServices(database, new SecretBox(key), { ...config, outboundAllowlist }, Date.now, {
    logger,
    publicUrl: () => publicUrl,
  });

  const first = await services.users.ensureFirstAdministrator(config.adminUsername, config.adminPassword);
  if (first.password) {
    // Printed once, on the console only (never through the logger, which may ship lines elsewhere).
    console.log(
      `\nFirst administrator created — username: ${config.adminUsername}  password: ${first.password}\n` +
        'Change it after signing in. It will not be shown again.\n',
    );
  }

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
  // The router rebuilds from the database before the first request can reach it, then routes what waited.
  await services.router.start();
  // Monitoring rebuilds today's figures once, then follows the bus.
  await services.monitor.start();
  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  publicUrl = config.publicUrl ?? url;
  // Restart-safe: whatever was pending in the outbox when the last process stopped goes out now.
  services.outbox.start();
  // CRM webhook deliveries pending from the last run go out too (held ones stay held while paused).
  services.webhookDeliveries.start();
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
    });
  }
  logger.info({ url, storage: database.dialect }, 'Switchboard is listening');
  return {
    url,
    app,
    services,
    database,
    logger,
    stop: async () => {
      await demo?.stop();
      stopPurgingSessions();
      stopPurgingUploads();
      services.live.close();
      // Stop taking requests first, let accepted webhooks commit, then stop the workers and the database.
      await app.close();
      await services.ingest.idle();
      services.monitor.stop();
      await services.router.stop();
      await services.outbox.stop();
      services.webhookEvents.stop();
      await services.webhookEvents.settled();
      await services.webhookDeliveries.stop();
      await database.close();
    },
  };
}
