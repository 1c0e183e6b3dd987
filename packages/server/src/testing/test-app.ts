// Test support: a real Fastify app over a real, migrated database (SQLite in memory or a fresh PostgreSQL
// schema), driven in-process with `inject` — no sockets.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '@switchboard/core';
import { Writable } from 'node:stream';
import type { Role } from '@switchboard/protocol';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../http/app';
import type { RouteRule } from '../http/access';
import { SESSION_COOKIE } from '../accounts/auth-routes';
import { createLogger } from '../logging/logger';
import { SecretBox } from '../security/secret-box';
import { createServices, type ServiceExtras, type Services } from '../services';
import type { DialectName } from '../storage/database';
import { createTestDatabase, type TestDatabase } from '../storage/test-databases';
import { likeTheWebApp } from './same-origin';

export const PASSWORD = 'correct-horse-battery';
/** What test servers may call although it is internal: the local provider doubles. */
export const TEST_OUTBOUND_ALLOWLIST: readonly string[] = ['127.0.0.1'];

export interface TestApp {
  app: FastifyInstance;
  routes: RouteRule[];
  services: Services;
  database: TestDatabase;
  /** every line the server logged, for the "no secret in logs" test */
  logLines: string[];
  /** a session cookie for a fresh user of that role */
  sessionFor(role: Role): Promise<{ cookie: string; userId: string }>;
  request(options: InjectOptions & { as?: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createTestApp(
  dialect: DialectName = 'sqlite',
  options: {
    loginLimit?: number;
    extras?: ServiceExtras;
    outboundAllowlist?: readonly string[];
    config?: Partial<AppOptions['config']>;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
  const attachmentsDir = mkdtempSync(join(tmpdir(), 'sb-attachments-'));
  // Test doubles of providers listen on 127.0.0.1: allowed explicitly, the way an operator allows a gateway.
  const outboundAllowlist = options.outboundAllowlist ?? TEST_OUTBOUND_ALLOWLIST;
  const config = { sessionHours: 1, outboundAllowlist };
  const services = createServices(database, new SecretBox(randomBytes(32)), config, Date.now, {
    attachmentsDir,
    publicUrl: () => 'http://127.0.0.1:9',
    routingRng: mulberry32(42),
    ...options.extras,
  });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger('trace', sink);
  const { app, routes } = await buildApp({
    config: {
      cookieSecure: false,
      loginAttemptsPerMinute: options.loginLimit ?? 1000,
      sessionHours: 1,
      ...options.config,
    },
    services,
    logger,
  });
  await services.live.start();
  await services.router.start();
  let n = 0;
  const sessionFor = async (role: Role) => {
    const username = `${role}${++n}_${randomBytes(3).toString('hex')}`;
    const user = await services.users.create({ username, displayName: `${role} ${n}`, role, password: PASSWORD });
    const session = await services.sessions.create(user.id);
    return { cookie: `${SESSION_COOKIE}=${session.token}`, userId: user.id };
  };
  return {
    app,
    routes,
    services,
    database,
    logLines,
    sessionFor,
    request: ({ as, ...rest }) =>
      app.inject(likeTheWebApp({ ...rest, headers: { ...rest.headers, ...(as ? { cookie: as } : {}) } })),
    close: async () => {
      services.live.close();
      await services.router.stop();
      await services.outbox.stop();
      await services.mediaDownloads.stop();
      services.webhookEvents.stop();
      await services.webhookEvents.settled();
      await services.webhookDeliveries.stop();
      await app.close();
      await database.close();
      rmSync(attachmentsDir, { recursive: true, force: true });
    },
  };
}
