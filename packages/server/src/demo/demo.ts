import { randomBytes } from 'node:crypto';
import { isIP, type AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createMockHeyNow, type MockHeyNow } from '../mock-heynow';
import type { Services } from '../services';
import {
  DEMO_AGENTS,
  DEMO_PASSWORD,
  DEMO_PROVIDER_NAME,
  DEMO_SUPERVISOR,
  isUnconfigured,
  seedDemoData,
  type SeededDemo,
} from './demo-data';

export interface DemoCustomers {
  /** How many simulated customers in all. */
  count: number;
  /** One new customer every this many ms (the first at once). */
  everyMs: number;
  /** Messages per customer, the hand-off's included. */
  messages: number;
  messageIntervalMs: number;
}

/**
 * Where the demo's mock HeyNow listens. The demo provider points there, so the server's outbound allow-list
 * gets this address when the demo is on (provider calls to loopback are refused otherwise).
 */
export const DEMO_MOCK_HOST = '127.0.0.1';

/** A handful over a few minutes: enough to see the inbox work, never a load generator. */
export const DEFAULT_DEMO_CUSTOMERS: DemoCustomers = {
  count: 5,
  everyMs: 30_000,
  messages: 3,
  messageIntervalMs: 20_000,
};

export interface DemoOptions {
  services: Services;
  /** Where the mock posts its webhooks: this server, on a loopback address. */
  serverUrl: string;
  /** The mock's port on 127.0.0.1 (0 = any free port). */
  mockPort: number;
  logger: Pick<Logger, 'info' | 'warn'>;
  customers?: DemoCustomers | false;
  /** Where the one-time credentials line goes (the console, never the logger). */
  print?: (text: string) => void;
  /**
   * The demo users' password instead of the published one (see `demoPasswordFor`): used when seeding, and
   * given to demo users that still have the published one from an earlier start.
   */
  password?: string;
}

export interface RunningDemo {
  mock: MockHeyNow;
  /** Set when this start seeded an empty database. */
  seeded: SeededDemo | null;
  providerId: string | null;
  stop(): Promise<void>;
}

/** Whether `host` (the HOST setting) only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || bare.startsWith('::ffff:127.');
}

/**
 * The published demo password is fine on a laptop; on an address others can reach it would be an open door.
 * There the demo users get a random password instead (printed once, like the administrator's).
 */
export function demoPasswordFor(host: string): string | undefined {
  return isLoopbackHost(host) ? undefined : randomBytes(12).toString('base64url');
}

/** The loopback URL of a listening socket, whatever address it was bound to. */
export function loopbackUrlOf(address: AddressInfo): string {
  const host =
    address.family === 'IPv6' && address.address !== '::'
      ? `[${address.address}]`
      : address.address === '0.0.0.0' || address.address === '::'
        ? '127.0.0.1'
        : address.address;
  return `http://${host}:${address.port}`;
}

async function demoProvider(services: Services): Promise<{ id: string; partnerToken: string } | null> {
  const provider = (await services.providers.list()).find(
    (p) => p.name === DEMO_PROVIDER_NAME && p.kind === 'heynow-direct',
  );
  if (!provider) return null;
  return { id: provider.id, partnerToken: (await services.providers.credentials(provider.id)).secret };
}

/** Gives `password` to every demo user whose password is still the published one; returns how many. */
async function replacePublishedPassword(services: Services, password: string): Promise<number> {
  let replaced = 0;
  for (const { username } of [...DEMO_AGENTS, DEMO_SUPERVISOR]) {
    const user = await services.users.authenticate(username, DEMO_PASSWORD).catch(() => null);
    if (!user) continue;
    await services.users.resetPassword(user.id, password);
    replaced++;
  }
  return replaced;
}

/**
 * The demo beside the server (config.demo): the mock HeyNow on 127.0.0.1, demo data on an empty database,
 * then a few simulated customers so a newcomer signing in as an agent sees waiting interactions at once.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const { services, logger } = options;
  let seeded: SeededDemo | null = null;
  // The provider's domain is the mock's URL, known only once it listens (port 0): seed with the planned
  // URL, start, then correct the domain when the port differs.
  const planned = `http://${DEMO_MOCK_HOST}:${options.mockPort || 9}`;
  const print = options.print ?? console.log;
  const password = options.password ?? DEMO_PASSWORD;
  const names = `agents ${DEMO_AGENTS.map((a) => a.username).join(', ')} and supervisor ${DEMO_SUPERVISOR.username}`;
  if (await isUnconfigured(services)) {
    seeded = await seedDemoData(services, planned, password);
    print(
      `\nDemo data created — ${names}, password "${password}" (demo only; SWITCHBOARD_DEMO=false turns the demo off).\n`,
    );
  } else if (password !== DEMO_PASSWORD && (await replacePublishedPassword(services, password)) > 0) {
    print(`\nDemo users still had the published password; ${names} now use "${password}" (shown once).\n`);
  }
  const provider = seeded ? { id: seeded.providerId, partnerToken: seeded.partnerToken } : await demoProvider(services);
  const mock = createMockHeyNow({
    port: options.mockPort,
    host: DEMO_MOCK_HOST,
    ...(provider
      ? { target: { baseUrl: options.serverUrl, providerId: provider.id, partnerToken: provider.partnerToken } }
      : {}),
  });
  const mockUrl = await mock.start();
  if (provider) {
    const current = await services.providers.get(provider.id);
    if (current.domain !== mockUrl) {
      await services.providers.update(provider.id, { domain: mockUrl });
      services.providerAdapters.invalidate(provider.id);
    }
  }
  logger.info({ mockUrl, providerId: provider?.id ?? null }, 'demo: mock HeyNow started');

  const abort = new AbortController();
  let customers: Promise<unknown> = Promise.resolve();
  const plan = options.customers === undefined ? DEFAULT_DEMO_CUSTOMERS : options.customers;
  if (provider && plan && plan.count > 0) {
    customers = mock
      .scriptedCustomers({
        ratePerSecond: 1000 / plan.everyMs,
        durationMs: plan.count * plan.everyMs,
        maxCustomers: plan.count,
        messagesPerCustomer: plan.messages,
        messageIntervalMs: plan.messageIntervalMs,
        signal: abort.signal,
      })
      .then((summary) =>
        logger.info({ customers: summary.customers, failures: summary.failures }, 'demo: simulated customers done'),
      )
      .catch((error: unknown) => logger.warn({ err: error }, 'demo: simulated customers stopped'));
  }

  return {
    mock,
    seeded,
    providerId: provider?.id ?? null,
    async stop() {
      abort.abort();
      await mock.stop();
      await customers;
    },
  };
}
