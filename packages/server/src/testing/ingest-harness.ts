// Test support for the conversation suites: a real server on 127.0.0.1:0 over a real database of the given
// dialect, with the mock HeyNow as the provider on the other side of real HTTP.
import { randomBytes } from 'node:crypto';
import type { Campaign, CampaignCreate } from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../http/app';
import { createMockHeyNow, type MockHeyNow, type MockHeyNowOptions } from '../mock-heynow';
import { SecretBox } from '../security/secret-box';
import { createServices, type ServiceExtras, type Services } from '../services';
import type { DialectName } from '../storage/database';
import { createTestDatabase, type TestDatabase } from '../storage/test-databases';

export interface IngestHarness {
  url: string;
  app: FastifyInstance;
  services: Services;
  database: TestDatabase;
  mock: MockHeyNow;
  providerId: string;
  partnerToken: string;
  createCampaign(input: CampaignCreate): Promise<Campaign>;
  updateCampaign(id: string, patch: Partial<CampaignCreate>): Promise<Campaign>;
  /** Polls `check` until it returns true (event-driven code under test, real I/O). */
  until(check: () => boolean | Promise<boolean>, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  startOutbox?: boolean;
  mock?: Omit<MockHeyNowOptions, 'target'>;
  extras?: ServiceExtras;
}

export async function startIngestHarness(dialect: DialectName, options: HarnessOptions = {}): Promise<IngestHarness> {
  const database = await createTestDatabase(dialect);
  // The mock HeyNow listens on 127.0.0.1: provider calls there are allowed explicitly, as in production.
  const config = { sessionHours: 1, outboundAllowlist: ['127.0.0.1'] };
  const services = createServices(database, new SecretBox(randomBytes(32)), config, Date.now, {
    outbox: { policy: { baseMs: 20, capMs: 200, maxAttempts: 50 }, leaseMs: 5000, idleRecheckMs: 1000 },
    ...options.extras,
  });
  const { app } = await buildApp({
    config: { cookieSecure: false, loginAttemptsPerMinute: 1000, sessionHours: 1 },
    services,
    logger: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const partnerToken = randomBytes(16).toString('hex');
  const provider = await services.providers.create({
    kind: 'heynow-direct',
    name: `hn-${randomBytes(3).toString('hex')}`,
    domain: 'http://127.0.0.1:9',
    platformId: '59800000000',
    partnerToken,
  });
  const mock = createMockHeyNow({
    statusDelaysMs: false,
    ...options.mock,
    target: { baseUrl: url, providerId: provider.id, partnerToken },
  });
  const mockUrl = await mock.start();
  await services.providers.update(provider.id, { domain: mockUrl });
  services.providerAdapters.invalidate(provider.id);
  if (options.startOutbox !== false) services.outbox.start();
  // Closes at hand-off time and the customer's leaving are the router's decisions.
  await services.router.start();

  // As the admin routes do: the directory and the router both hear of the change.
  const changed = (campaign: Campaign): Campaign => {
    services.bus.emit('configuration.changed', { campaignIds: [campaign.id] });
    return campaign;
  };
  return {
    url,
    app,
    services,
    database,
    mock,
    providerId: provider.id,
    partnerToken,
    createCampaign: async (input) => changed(await services.campaigns.create({ providerIds: [provider.id], ...input })),
    updateCampaign: async (id, patch) => changed(await services.campaigns.update(id, patch)),
    async until(check, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error('condition not met in time');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      await services.router.stop();
      await services.outbox.stop();
      await mock.stop();
      await app.close();
      await database.close();
    },
  };
}
