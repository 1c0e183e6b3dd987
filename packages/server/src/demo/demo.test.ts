import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../http/app';
import { SecretBox } from '../security/secret-box';
import { createServices, type Services } from '../services';
import { createTestDatabase, type TestDatabase } from '../storage/test-databases';
import { DEMO_AGENTS, DEMO_PASSWORD, DEMO_SUPERVISOR } from './demo-data';
import { DEMO_MOCK_HOST, demoPasswordFor, isLoopbackHost, loopbackUrlOf, startDemo, type RunningDemo } from './demo';

describe('demo', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()!();
  });

  async function server(database: TestDatabase): Promise<{ services: Services; url: string }> {
    // As startServer does with the demo on: the mock's own address is on the outbound allow-list.
    const config = { sessionHours: 1, outboundAllowlist: [DEMO_MOCK_HOST] };
    const services = createServices(database, new SecretBox(randomBytes(32)), config);
    const { app } = await buildApp({
      config: { cookieSecure: false, loginAttemptsPerMinute: 1000, sessionHours: 1 },
      services,
      logger: false,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    services.outbox.start();
    cleanups.push(async () => {
      await services.outbox.stop();
      await app.close();
    });
    return { services, url: loopbackUrlOf(app.server.address() as AddressInfo) };
  }

  const quiet = { info: () => undefined, warn: () => undefined };
  const customers = { count: 2, everyMs: 100, messages: 1, messageIntervalMs: 10 };

  it('seeds an empty database and its simulated customers end up waiting in a campaign', async () => {
    const database = await createTestDatabase('sqlite');
    cleanups.push(() => database.close());
    const { services, url } = await server(database);
    const printed: string[] = [];
    const demo: RunningDemo = await startDemo({
      services,
      serverUrl: url,
      mockPort: 0,
      logger: quiet,
      customers,
      print: (t) => printed.push(t),
    });
    cleanups.push(() => demo.stop());

    expect(demo.seeded).not.toBeNull();
    expect(printed.join('')).toContain(DEMO_PASSWORD);
    const provider = await services.providers.get(demo.providerId!);
    expect(provider.domain).toBe(demo.mock.url);
    const campaigns = await services.campaigns.list();
    expect(campaigns.map((c) => [c.name, c.strategy, c.skills])).toEqual([
      ['Soporte', 'ringall', ['soporte', 'default']],
      ['Ventas', 'nocall', ['ventas', 'compras']],
    ]);
    const ventas = campaigns.find((c) => c.name === 'Ventas')!;
    expect(ventas.deliveryMode).toBe('rrmemory');
    expect(ventas.cannedResponses.some((c) => c.text.includes('{customer.name}'))).toBe(true);
    expect(ventas.dispositions[0]?.children?.[0]?.children?.length).toBeGreaterThan(0);
    expect((await services.members.list(ventas.id)).map((m) => m.username)).toEqual(['ana', 'bruno', 'carla']);
    expect((await services.users.authenticate('sofia', DEMO_PASSWORD)).role).toBe('supervisor');

    const deadline = Date.now() + 5000;
    let waiting: { campaign_id: string | null }[] = [];
    while (waiting.length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      waiting = await database.db
        .selectFrom('interactions')
        .select('campaign_id')
        .where('status', '=', 'waiting')
        .execute();
    }
    expect(waiting).toHaveLength(2);
    expect(waiting.every((w) => campaigns.some((c) => c.id === w.campaign_id))).toBe(true);
  });

  it('leaves a configured database alone and reuses the demo provider on the next start', async () => {
    const database = await createTestDatabase('sqlite');
    cleanups.push(() => database.close());
    const { services, url } = await server(database);
    const first = await startDemo({
      services,
      serverUrl: url,
      mockPort: 0,
      logger: quiet,
      customers: false,
      print: () => undefined,
    });
    await first.stop();
    const second = await startDemo({
      services,
      serverUrl: url,
      mockPort: 0,
      logger: quiet,
      customers: false,
      print: () => undefined,
    });
    cleanups.push(() => second.stop());
    expect(second.seeded).toBeNull();
    expect(second.providerId).toBe(first.providerId);
    expect((await services.providers.get(second.providerId!)).domain).toBe(second.mock.url);
    expect(await services.campaigns.list()).toHaveLength(2);
    // The mock still speaks for the demo provider: a signed hand-off is accepted.
    const started = await second.mock.startConversation({ number: '+59899', skill: 'ventas', text: 'hola' });
    expect(started.delivery.status).toBe(200);
  });

  it('keeps the published demo password on a loopback HOST and draws a random one on any other', () => {
    for (const host of ['localhost', '127.0.0.1', '127.0.1.1', '::1', '[::1]'])
      expect({ host, loopback: isLoopbackHost(host), password: demoPasswordFor(host) }).toEqual({
        host,
        loopback: true,
        password: undefined,
      });
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'switchboard.example.com']) {
      expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: false });
      const password = demoPasswordFor(host)!;
      expect(password.length).toBeGreaterThanOrEqual(16);
      expect(password).not.toBe(DEMO_PASSWORD);
      expect(demoPasswordFor(host)).not.toBe(password);
    }
  });

  const demoUsernames = [...DEMO_AGENTS, DEMO_SUPERVISOR].map((u) => u.username);

  it('seeds the demo users with the given password, prints it once, and the published one no longer signs in', async () => {
    const database = await createTestDatabase('sqlite');
    cleanups.push(() => database.close());
    const { services, url } = await server(database);
    const printed: string[] = [];
    const password = demoPasswordFor('0.0.0.0')!;
    const demo = await startDemo({
      services,
      serverUrl: url,
      mockPort: 0,
      logger: quiet,
      customers: false,
      print: (t) => printed.push(t),
      password,
    });
    cleanups.push(() => demo.stop());
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain(password);
    expect(printed[0]).not.toContain(DEMO_PASSWORD);
    for (const username of demoUsernames) {
      await expect(services.users.authenticate(username, DEMO_PASSWORD)).rejects.toThrow('Wrong username or password');
      expect((await services.users.authenticate(username, password)).username).toBe(username);
    }
  });

  it('replaces the published password of demo users seeded on an earlier loopback start', async () => {
    const database = await createTestDatabase('sqlite');
    cleanups.push(() => database.close());
    const { services, url } = await server(database);
    const options = { services, serverUrl: url, mockPort: 0, logger: quiet, customers: false as const };
    await (await startDemo({ ...options, print: () => undefined })).stop();
    expect((await services.users.authenticate('ana', DEMO_PASSWORD)).username).toBe('ana');
    const printed: string[] = [];
    const password = demoPasswordFor('0.0.0.0')!;
    const second = await startDemo({ ...options, print: (t) => printed.push(t), password });
    cleanups.push(() => second.stop());
    expect(printed.join('')).toContain(password);
    for (const username of demoUsernames) {
      await expect(services.users.authenticate(username, DEMO_PASSWORD)).rejects.toThrow('Wrong username or password');
      expect((await services.users.authenticate(username, password)).username).toBe(username);
    }
  });
});
