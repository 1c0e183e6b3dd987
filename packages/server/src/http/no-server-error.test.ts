import { createHmac, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { ROLES, type Role } from '@switchboard/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { dialectsUnderTest } from '../storage/test-databases';
import { createTestApp, type TestApp } from '../testing/test-app';
import { hostileQuery, hostileString, hostileValue, mostly, pathSegment, type Segment } from '../testing/hostile-input';
import { heyNowBody, subscriptionQuery, whatsAppBody } from '../testing/hostile-webhooks';
import { SESSION_COOKIE } from '../accounts/auth-routes';
import type { RouteRule } from './access';

const dialects = await dialectsUnderTest();

/** Fixed: the same 2,000 + 2,000 inputs on every run, so a red run can be replayed. */
const SEED = 20_261_207;
const RUNS = 2_000;

const PARTNER_TOKEN = 'pt-fuzz-secret';
const APP_SECRET = 'app-fuzz-secret';
const VERIFY_TOKEN = 'verify-fuzz';
const PHONE_NUMBER_ID = '1234567890';

/** null nine times in ten. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(null), weight: 9 }, { arbitrary, weight: 1 });

const hmac = (secret: string, raw: string) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

/** Providers answer every call at once: the fuzz is about our answers, not theirs. */
const providerDouble: typeof fetch = async () =>
  new Response(JSON.stringify({ success: true, messageId: `out-${randomUUID()}`, token: 't', expiresIn: 3600 }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });

const BODY_FIELDS = [
  'name',
  'kind',
  'domain',
  'platformId',
  'partnerToken',
  'username',
  'password',
  'appSecret',
  'accessToken',
  'verifyToken',
  'channel',
  'skills',
  'providerIds',
  'schedule',
  'messages',
  'thresholds',
  'strategy',
  'penalty',
  'campaignIds',
  'add',
  'remove',
  'agentIds',
  'role',
  'displayName',
  'disabled',
  'reasons',
  'status',
  'reason',
  'text',
  'attachmentIds',
  'disposition',
  'to',
  'campaignId',
  'agentId',
  'skill',
  'template',
  'order',
  'pauseReason',
  'enabled',
];
const QUERY_NAMES = [
  'from',
  'to',
  'page',
  'pageSize',
  'customer',
  'text',
  'status',
  'campaignIds',
  'agentIds',
  'format',
  'role',
  'providerId',
  'disposition',
  'campaignId',
  'agentId',
  'customerNumber',
  'limit',
  'cursor',
];

describe.each(dialects)('no request gets a 5xx answer on %s', (dialect) => {
  let t: TestApp;
  const cookies = new Map<Role, string>();
  const userIds = new Map<Role, string>();
  const ids = {
    direct: '',
    cloud: '',
    client: '',
    victimProviders: [] as string[],
    victimCampaign: '',
    victimUser: '',
    agent: '',
  };
  const fivexx: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect, { loginLimit: 1_000_000, extras: { fetch: providerDouble } });
    const { providers, campaigns, members, users } = t.services;
    ids.direct = (
      await providers.create({
        kind: 'heynow-direct',
        name: 'direct',
        domain: 'https://h.example',
        platformId: '59891234567',
        partnerToken: PARTNER_TOKEN,
      })
    ).id;
    ids.cloud = (
      await providers.create({
        kind: 'whatsapp-cloud',
        name: 'cloud',
        platformId: PHONE_NUMBER_ID,
        appSecret: APP_SECRET,
        accessToken: 'EAAG-fuzz',
        verifyToken: VERIFY_TOKEN,
      })
    ).id;
    ids.client = (
      await providers.create({
        kind: 'heynow-client',
        name: 'client',
        username: 'u',
        password: 'client-password',
        platformId: '1',
      })
    ).id;
    for (const name of ['victim-a', 'victim-b']) {
      ids.victimProviders.push(
        (
          await providers.create({
            kind: 'heynow-direct',
            name,
            domain: 'https://v.example',
            platformId: '2',
            partnerToken: 'victim-token',
          })
        ).id,
      );
    }
    const campaign = await campaigns.create({
      name: 'fuzzed',
      providerIds: [ids.direct, ids.cloud],
      skills: ['ventas', 'soporte'],
    });
    ids.victimCampaign = (await campaigns.create({ name: 'victim', providerIds: [], skills: ['x'] })).id;
    for (const role of ROLES) {
      const session = await t.sessionFor(role);
      cookies.set(role, session.cookie);
      userIds.set(role, session.userId);
    }
    ids.agent = userIds.get('agent')!;
    await members.change({ campaignIds: [campaign.id, ids.victimCampaign], add: [ids.agent] });
    ids.victimUser = (
      await users.create({ username: 'victim', displayName: 'Victim', role: 'agent', password: 'victim-password' })
    ).id;
  }, 60_000);
  afterAll(() => t?.close());
  beforeEach(() => {
    fivexx.length = 0;
  });

  const record = (what: string, res: LightMyRequestResponse) => {
    if (res.statusCode >= 500) fivexx.push(`${what} → ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.statusCode < 500;
  };

  const interactionIds = async (): Promise<string[]> =>
    (await t.database.db.selectFrom('interactions').select('id').execute()).map((r) => r.id);

  /** The route's URL with each `:param` replaced by a real id from the pool, or by what the segment says. */
  const urlOf = (route: RouteRule, segments: Segment[], pools: (url: string, param: string) => string[]) => {
    let i = 0;
    return route.url.replace(/:([A-Za-z]+)/g, (_m, param: string) => {
      const segment = segments[i++ % segments.length]!;
      if ('raw' in segment) return segment.raw;
      const pool = pools(route.url, param);
      return pool.length > 0 ? encodeURIComponent(pool[segment.real % pool.length]!) : randomUUID();
    });
  };

  it(`answers every public route below 500 for ${RUNS} hostile requests`, async () => {
    const publicRoutes = t.routes.filter((r) => r.access === 'public');
    expect(publicRoutes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([
        'POST /api/auth/login',
        'POST /webhooks/heynow/:providerId',
        'POST /webhooks/whatsapp-cloud/:providerId',
        'GET /webhooks/whatsapp-cloud/:providerId',
        'GET /healthz',
        'GET /readyz',
      ]),
    );
    // Webhooks carry the richest bodies: they get more of the runs. The health probes take nothing and share
    // one place, so adding a probe does not thin out the webhooks.
    const probes = publicRoutes.filter((r) => r.entry?.probe === true);
    const weighted = publicRoutes
      .filter((r) => r.entry?.probe !== true || r === probes[0])
      .flatMap((r) => (r.url.startsWith('/webhooks/') ? [r, r, r] : [r]));
    const providersFor = (url: string) =>
      url.includes('/heynow/')
        ? [ids.direct, ids.direct, ids.direct, ids.cloud, ids.client]
        : [ids.cloud, ids.cloud, ids.cloud, ids.direct, ids.client];
    const plan = fc.record({
      route: fc.nat(),
      segments: fc.array(pathSegment, { minLength: 2, maxLength: 2 }),
      query: rarely(hostileQuery(QUERY_NAMES)),
      heynow: heyNowBody,
      whatsapp: whatsAppBody(PHONE_NUMBER_ID),
      subscription: subscriptionQuery(VERIFY_TOKEN),
      login: fc.oneof(
        fc.record(
          {
            username: mostly(fc.constantFrom('victim', 'VICTIM', 'nobody')),
            password: mostly(fc.constant('wrong-pass')),
          },
          { requiredKeys: [] },
        ),
        hostileValue,
      ),
      raw: rarely(hostileString),
      auth: fc.constantFrom('sign', 'sign', 'sign', 'sign', 'token', 'forged', 'none', 'twice'),
      contentType: fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', undefined),
    });

    await fc.assert(
      fc.asyncProperty(plan, async (p) => {
        const picked = weighted[p.route % weighted.length]!;
        const route = picked === probes[0] ? probes[Math.floor(p.route / weighted.length) % probes.length]! : picked;
        const url = urlOf(route, p.segments, (u) => (u.startsWith('/webhooks/') ? providersFor(u) : []));
        const headers: Record<string, string | string[]> = {};
        if (p.contentType) headers['content-type'] = p.contentType;
        let payload: string | undefined;
        let query = p.query ?? '';
        if (route.method === 'POST') {
          const body = route.url.startsWith('/webhooks/heynow')
            ? p.heynow
            : route.url.startsWith('/webhooks/whatsapp')
              ? p.whatsapp
              : p.login;
          payload = p.raw ?? JSON.stringify(body) ?? '';
          const secret = route.url.startsWith('/webhooks/heynow') ? PARTNER_TOKEN : APP_SECRET;
          const signature = route.url.startsWith('/webhooks/heynow') ? 'x-heynow-signature' : 'x-hub-signature-256';
          if (p.auth === 'sign') headers[signature] = hmac(secret, payload);
          if (p.auth === 'forged') headers[signature] = hmac('not-the-secret', payload);
          if (p.auth === 'twice') headers[signature] = [hmac(secret, payload), hmac(secret, payload)];
          if (p.auth === 'token') headers['x-heynow-partner-token'] = PARTNER_TOKEN;
        } else if (route.url.startsWith('/webhooks/whatsapp')) {
          query = p.subscription;
        }
        const res = await t.request({
          method: route.method as 'GET',
          url: query ? `${url}?${query}` : url,
          headers,
          ...(payload !== undefined ? { payload } : {}),
        });
        return record(`${route.method} ${url.slice(0, 200)} ${payload?.slice(0, 300) ?? ''}`, res);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(fivexx).toEqual([]);
    // The generated webhooks reached the database, or this proved little.
    expect((await interactionIds()).length).toBeGreaterThan(20);
  }, 180_000);

  it(`answers every authenticated JSON route below 500 for ${RUNS} hostile requests, as every role`, async () => {
    const routes = t.routes.filter((r) => r.access !== 'public');
    expect(routes.length).toBeGreaterThan(30);
    let interactions = await interactionIds();
    const pools = (url: string, param: string): string[] => {
      if (param === 'agentId') return [ids.victimUser, ids.agent];
      if (url.startsWith('/api/providers/')) return ids.victimProviders;
      if (url.startsWith('/api/campaigns/')) return [ids.victimCampaign];
      if (url.startsWith('/api/users/')) return [ids.victimUser];
      return interactions;
    };
    const realIds = fc.constantFrom(...ids.victimProviders, ids.victimCampaign, ids.victimUser, ids.agent);
    const fieldValue = fc.oneof(
      { arbitrary: hostileValue, weight: 3 },
      { arbitrary: fc.constantFrom('hola', 'ventas', 'resolved', 'available', 1, 0, true, false, [], {}), weight: 2 },
      { arbitrary: realIds, weight: 1 },
      { arbitrary: fc.array(realIds, { maxLength: 2 }), weight: 1 },
    );
    const plan = fc.record({
      route: fc.nat(),
      role: fc.constantFrom(...ROLES),
      segments: fc.array(pathSegment, { minLength: 2, maxLength: 2 }),
      query: hostileQuery(QUERY_NAMES),
      body: fc.oneof(
        {
          arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...BODY_FIELDS), hostileString), fieldValue, {
            maxKeys: 5,
          }),
          weight: 4,
        },
        { arbitrary: hostileValue, weight: 1 },
      ),
      contentType: fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain'),
    });

    let n = 0;
    await fc.assert(
      fc.asyncProperty(plan, async (p) => {
        // Interactions come and go (take, close, transfer): look again now and then.
        if (++n % 100 === 0) interactions = await interactionIds();
        const route = routes[p.route % routes.length]!;
        const url = urlOf(route, p.segments, pools);
        // Logging out would end the role's session for every later run: it gets a session of its own.
        const cookie =
          route.url === '/api/auth/logout'
            ? `${SESSION_COOKIE}=${(await t.services.sessions.create(userIds.get(p.role)!)).token}`
            : cookies.get(p.role)!;
        const withBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
        const res = await t.request({
          method: route.method as 'GET',
          url: p.query ? `${url}?${p.query}` : url,
          as: cookie,
          ...(withBody ? { payload: JSON.stringify(p.body) ?? '', headers: { 'content-type': p.contentType } } : {}),
        });
        return record(
          `${p.role} ${route.method} ${url.slice(0, 200)}?${p.query} ${JSON.stringify(p.body).slice(0, 300)}`,
          res,
        );
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(fivexx).toEqual([]);
  }, 180_000);

  it('reads back every stored interaction, its transcript, the recordings search and the CSV export below 500', async () => {
    const admin = cookies.get('administrator')!;
    const get = async (url: string) => {
      const res = await t.request({ method: 'GET', url, as: admin });
      record(`GET ${url}`, res);
      return res;
    };
    const all = await interactionIds();
    expect(all.length).toBeGreaterThan(20);

    for (const id of all) {
      expect((await get(`/api/interactions/${id}`)).statusCode, id).toBe(200);
      await get(`/api/interactions/${id}/earlier`);
      await get(`/api/monitoring/${id}`);
      expect((await get(`/api/recordings/${id}/transcript`)).statusCode, id).toBe(200);
      expect((await get(`/api/recordings/${id}/transcript?format=json`)).statusCode, id).toBe(200);
    }
    for (const query of ['', 'customer=598', 'text=a', 'status=closed', `providerId=${ids.direct}`]) {
      for (let page = 1; page <= 3; page++)
        expect((await get(`/api/recordings?pageSize=200&page=${page}&${query}`)).statusCode).toBe(200);
      expect((await get(`/api/recordings.csv?${query}`)).statusCode).toBe(200);
    }
    expect(fivexx).toEqual([]);
    // Edge validation did the work: the database never had to refuse a value (error-handler's last line).
    expect(t.logLines.filter((l) => l.includes('database refused a value'))).toEqual([]);
  }, 120_000);
});
