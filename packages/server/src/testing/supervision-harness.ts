// Test support for supervision: the real app over a real database, like testing/test-app, but with a clock the
// test moves (waits, service levels and "today" depend on it) and the monitor started.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '@switchboard/core';
import type { Role } from '@switchboard/protocol';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Config } from '../config/config';
import { buildApp, type App } from '../http/app';
import { SESSION_COOKIE } from '../accounts/auth-routes';
import { SecretBox } from '../security/secret-box';
import { createServices, type ServiceExtras, type Services } from '../services';
import type { DialectName } from '../storage/database';
import { createTestDatabase, type TestDatabase } from '../storage/test-databases';
import { likeTheWebApp } from '../testing/same-origin';

export const TOKEN = 'partner-token-for-supervision-tests';

export interface Harness {
  app: App['app'];
  services: Services;
  database: TestDatabase;
  clock: { now: number };
  /** where uploaded and received files are written */
  attachmentsDir: string;
  sessionFor(role: Role, displayName?: string, campaignIds?: string[]): Promise<{ cookie: string; userId: string }>;
  request(options: InjectOptions & { as?: string }): Promise<LightMyRequestResponse>;
  /** Waits until the router and the monitor have applied everything emitted so far. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function createHarness(
  dialect: DialectName,
  startAt: number,
  config: Partial<Pick<Config, 'uploadQuotaMbPerHour' | 'mediaLinkDays'>> = {},
  extras: ServiceExtras = {},
): Promise<Harness> {
  const database = await createTestDatabase(dialect);
  const clock = { now: startAt };
  const attachmentsDir = mkdtempSync(join(tmpdir(), 'sb-supervision-'));
  const services = createServices(
    database,
    new SecretBox(randomBytes(32)),
    { sessionHours: 48, outboundAllowlist: ['127.0.0.1'], ...config }, // the mock HeyNow is on loopback,
    () => clock.now,
    {
      attachmentsDir,
      publicUrl: () => 'http://127.0.0.1:9',
      routingRng: mulberry32(7),
      ...extras,
    },
  );
  const { app } = await buildApp({
    config: { cookieSecure: false, loginAttemptsPerMinute: 1000, sessionHours: 48 },
    services,
    logger: false,
  });
  await services.live.start();
  await services.router.start();
  await services.monitor.start();
  let n = 0;
  const settle = async () => {
    // Bus listeners queue work; two rounds let a router decision's own events reach the monitor.
    for (let i = 0; i < 2; i++) {
      await services.router.command({ type: 'tick' });
      await services.monitor.settled();
    }
  };
  return {
    app,
    services,
    database,
    clock,
    attachmentsDir,
    settle,
    sessionFor: async (role, displayName, campaignIds) => {
      const username = `${role}${++n}_${randomBytes(3).toString('hex')}`;
      const user = await services.users.create({
        username,
        displayName: displayName ?? `${role} ${n}`,
        role,
        password: 'correct-horse-battery',
        ...(campaignIds ? { campaignIds } : {}),
      });
      // Sessions expire by the injected clock: create them far from its edges.
      const session = await services.sessions.create(user.id);
      return { cookie: `${SESSION_COOKIE}=${session.token}`, userId: user.id };
    },
    request: ({ as, ...rest }) =>
      app.inject(likeTheWebApp({ ...rest, headers: { ...rest.headers, ...(as ? { cookie: as } : {}) } })),
    close: async () => {
      services.monitor.stop();
      services.live.close();
      await services.router.stop();
      await services.outbox.stop();
      await services.mediaDownloads.stop();
      await app.close();
      await database.close();
      rmSync(attachmentsDir, { recursive: true, force: true });
    },
  };
}

/** A provider and a campaign made through the admin API; returns their ids. */
export async function campaignWithProvider(
  h: Harness,
  admin: string,
  campaign: Record<string, unknown>,
): Promise<{ providerId: string; campaignId: string }> {
  const provider = await h.request({
    method: 'POST',
    url: '/api/providers',
    as: admin,
    payload: {
      kind: 'heynow-direct',
      name: `hn-${randomBytes(3).toString('hex')}`,
      domain: 'http://127.0.0.1:9',
      platformId: '598000',
      partnerToken: TOKEN,
    },
  });
  if (provider.statusCode !== 201) throw new Error(`provider: ${provider.body}`);
  const providerId = provider.json().id as string;
  const created = await h.request({
    method: 'POST',
    url: '/api/campaigns',
    as: admin,
    payload: { providerIds: [providerId], ...campaign },
  });
  if (created.statusCode !== 201) throw new Error(`campaign: ${created.body}`);
  return { providerId, campaignId: created.json().id as string };
}

export function webhook(h: Harness, providerId: string, payload: object): Promise<LightMyRequestResponse> {
  return h.request({
    method: 'POST',
    url: `/webhooks/heynow/${providerId}`,
    payload,
    headers: { 'x-heynow-partner-token': TOKEN },
  });
}
