import { ROLES, SERVICE_TOKEN_SCOPES, type Role } from '@switchboard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { SESSION_COOKIE } from '../accounts/auth-routes';
import { collectRouteRules } from './access';
import { createTestApp, type TestApp } from '../testing/test-app';
import { dialectsUnderTest } from '../storage/test-databases';
import { SYSTEM_ACTOR } from '../supervision/audit-log';

const dialects = await dialectsUnderTest();

describe('every route declares who may call it', () => {
  let t: TestApp;
  const users = new Map<Role, string>();

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    for (const role of ROLES) users.set(role, (await t.sessionFor(role)).userId);
  });
  afterAll(() => t.close());

  const call = async (method: string, url: string, role: Role | null) => {
    const path = url.replace(/:[A-Za-z]+/g, 'does-not-exist').replace('*', 'x');
    const cookie = role ? `${SESSION_COOKIE}=${(await t.services.sessions.create(users.get(role)!)).token}` : undefined;
    return t.request({
      method: method as 'GET',
      url: path,
      ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
      ...(cookie ? { as: cookie } : {}),
    });
  };

  it('has a rule on every route, including at least the admin routes', () => {
    expect(t.routes.length).toBeGreaterThan(15);
    for (const r of t.routes) expect(r.access, `${r.method} ${r.url}`).toBeDefined();
  });

  it('answers 401 without a session on every non-public route', async () => {
    for (const r of t.routes) {
      const res = await call(r.method, r.url, null);
      if (r.access === 'public') expect(res.statusCode, `${r.method} ${r.url}`).not.toBe(401);
      else expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.statusCode, `${r.method} ${r.url}`).toBeLessThan(500);
    }
  });

  it.each(ROLES)('answers 403 to a %s on routes of other roles and lets it through on its own', async (role) => {
    for (const r of t.routes) {
      const res = await call(r.method, r.url, role);
      const allowed = r.access === 'public' || r.access === 'authenticated' || r.access.includes(role);
      if (allowed) expect([401, 403], `${r.method} ${r.url} as ${role}: ${res.body}`).not.toContain(res.statusCode);
      else expect(res.statusCode, `${r.method} ${r.url} as ${role}`).toBe(403);
      expect(res.statusCode, `${r.method} ${r.url} as ${role}: ${res.body}`).toBeLessThan(500);
    }
  });

  it('answers a service token 403 on every route that names none of its scopes, and lets it through where one is named', async () => {
    const scopes = [...SERVICE_TOKEN_SCOPES];
    const { token } = await t.services.serviceTokens.create({ name: 'walker', scopes }, SYSTEM_ACTOR);
    const scoped = t.routes.filter((r) => r.scopes.length > 0).map((r) => `${r.method} ${r.url}`);
    expect(scoped).toEqual(
      expect.arrayContaining(['PUT /api/agents/:id/phone', 'PUT /api/agents/by-username/:username/phone']),
    );
    for (const r of t.routes) {
      const res = await t.request({
        method: r.method as 'GET',
        url: r.url.replace(/:[A-Za-z]+/g, 'does-not-exist').replace('*', 'x'),
        headers: { authorization: `Bearer ${token}` },
        ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: {} }),
      });
      const where = `${r.method} ${r.url} with a token: ${res.body}`;
      if (r.access === 'public') expect([401, 403], where).not.toContain(res.statusCode);
      else if (r.scopes.some((s) => scopes.includes(s))) expect([401, 403], where).not.toContain(res.statusCode);
      else expect(res.statusCode, where).toBe(403);
      expect(res.statusCode, where).toBeLessThan(500);
    }
  });

  it('declares scopes only from the closed list', () => {
    for (const r of t.routes)
      for (const scope of r.scopes) expect(SERVICE_TOKEN_SCOPES, `${r.method} ${r.url}`).toContain(scope);
  });

  it('refuses to start when a route forgets its rule', async () => {
    const app = Fastify();
    collectRouteRules(app);
    await expect(async () => {
      app.get('/forgotten', async () => 'x');
      await app.ready();
    }).rejects.toThrow(/declares no access rule/);
  });
});

/**
 * A fake HeyNow Client API whose answers carry a marker: the marker must never reach an answer of ours
 * (the provider's body may echo anything).
 */
const PROVIDER_BODY_MARKER = 'provider-body-10.0.0.7-internal';
const fakeClientApi: typeof fetch = async (input, init) => {
  const url = String(input);
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  if (url.endsWith('/api/login')) return json(200, { success: true, token: 'client-token' });
  const body = JSON.parse(String(init?.body ?? '{}')) as { text?: string };
  if (body.text === 'refuse me') return json(422, { error: { message: PROVIDER_BODY_MARKER } });
  return json(200, { messageId: 'pm-1', echo: PROVIDER_BODY_MARKER, request: body });
};

describe.each(dialects)('scope and ownership rules on %s', (dialect) => {
  let t: TestApp;
  let admin: string;
  let supervisor: { cookie: string; userId: string };
  let agent: { cookie: string; userId: string };
  let clientProviderId: string;
  let directProviderId: string;
  let mine: string;
  let other: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { extras: { fetch: fakeClientApi } });
    admin = (await t.sessionFor('administrator')).cookie;
    const post = async (url: string, payload: object) => {
      const res = await t.request({ method: 'POST', url, payload, as: admin });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json() as { id: string };
    };
    clientProviderId = (
      await post('/api/providers', {
        kind: 'heynow-client',
        name: 'forms',
        username: 'forms',
        password: 'forms-password',
        platformId: '598',
        domain: 'http://client-api.example',
      })
    ).id;
    directProviderId = (
      await post('/api/providers', {
        kind: 'heynow-direct',
        name: 'hn',
        domain: 'http://direct-api.example',
        platformId: '598000',
        partnerToken: 'partner-token',
      })
    ).id;
    mine = (await post('/api/campaigns', { name: 'Mine', skills: ['mine'], providerIds: [directProviderId] })).id;
    other = (await post('/api/campaigns', { name: 'Other', skills: ['other'], providerIds: [directProviderId] })).id;
    supervisor = await t.sessionFor('supervisor');
    await t.services.users.update(supervisor.userId, { campaignIds: [mine] });
    agent = await t.sessionFor('agent');
    await t.request({
      method: 'POST',
      url: '/api/members',
      payload: { campaignIds: [mine], add: [agent.userId] },
      as: admin,
    });
  });
  afterAll(() => t.close());

  const send = (cookie: string, text: string) =>
    t.request({
      method: 'POST',
      url: `/api/providers/${clientProviderId}/send`,
      payload: { to: '+59899123456', text },
      as: cookie,
    });

  it('lets only an administrator send a one-off message', async () => {
    const bySupervisor = await send(supervisor.cookie, 'hola');
    expect(bySupervisor.statusCode).toBe(403);
    expect((await send(admin, 'hola')).statusCode).toBe(200);
  });

  it("answers a one-off send with a short status, never the provider's body", async () => {
    const sent = await send(admin, 'hola');
    expect(sent.json()).toEqual({ status: 'sent', providerMessageId: 'pm-1' });
    const refused = await send(admin, 'refuse me');
    expect(refused.statusCode).toBe(502);
    expect(refused.json().message).toBe('The provider did not send it: the provider refused the message (HTTP 422)');
    expect(refused.body).not.toContain(PROVIDER_BODY_MARKER);
  });

  it('answers 404 to a supervisor listing the members of a campaign outside their scope, like the campaign', async () => {
    const members = await t.request({ method: 'GET', url: `/api/campaigns/${other}/members`, as: supervisor.cookie });
    const campaign = await t.request({ method: 'GET', url: `/api/campaigns/${other}`, as: supervisor.cookie });
    expect(campaign.statusCode).toBe(404);
    expect(members.statusCode).toBe(404);
    expect(members.json()).toEqual(campaign.json());
    const inScope = await t.request({ method: 'GET', url: `/api/campaigns/${mine}/members`, as: supervisor.cookie });
    expect(inScope.statusCode).toBe(200);
    expect(inScope.json().map((m: { agentId: string }) => m.agentId)).toEqual([agent.userId]);
  });

  it('lets an agent read only the closed, earlier conversations of a customer they hold, in their campaigns', async () => {
    const number = '+59899000111';
    const base = Date.now() - 3600_000;
    let n = 0;
    const interaction = async (
      campaignId: string | null,
      status: 'waiting' | 'active' | 'closed',
      owner: string | null = null,
    ) => {
      const id = `scope-${dialect}-${++n}`;
      await t.database.db
        .insertInto('interactions')
        .values({
          id,
          provider_id: directProviderId,
          external_conversation_id: `ext-${id}`,
          campaign_id: campaignId,
          customer_number: number,
          customer_name: 'Ana',
          skill: 'mine',
          status,
          close_reason: status === 'closed' ? 'agent' : null,
          owner_agent_id: owner,
          created_at: base + n * 60_000,
          entered_at: base + n * 60_000,
          offered_at: null,
          taken_at: owner ? base + n * 60_000 : null,
          closed_at: status === 'closed' ? base + n * 60_000 + 1000 : null,
          disposition_json: null,
          transfer_json: null,
          attended_sent: 0,
          end_sent: 0,
          version: 1,
        })
        .execute();
      return id;
    };
    const earlierClosedMine = await interaction(mine, 'closed');
    const earlierClosedOther = await interaction(other, 'closed');
    const earlierUnrouted = await interaction(null, 'closed');
    const earlierStillWaitingOther = await interaction(other, 'waiting');
    const held = await interaction(mine, 'active', agent.userId);
    const laterWaitingOther = await interaction(other, 'waiting');
    const laterClosedMine = await interaction(mine, 'closed');
    const read = (id: string) => t.request({ method: 'GET', url: `/api/interactions/${id}`, as: agent.cookie });

    expect((await read(held)).statusCode).toBe(200);
    expect((await read(earlierClosedMine)).statusCode).toBe(200);
    for (const id of [
      earlierClosedOther,
      earlierUnrouted,
      earlierStillWaitingOther,
      laterWaitingOther,
      laterClosedMine,
    ]) {
      const res = await read(id);
      expect(res.statusCode, id).toBe(404);
      expect(res.json().error, id).toBe('not_found');
      const earlier = await t.request({ method: 'GET', url: `/api/interactions/${id}/earlier`, as: agent.cookie });
      expect(earlier.statusCode, `${id}/earlier`).toBe(404);
    }
    // The three-dot menu lists exactly what may be opened.
    const menu = await t.request({ method: 'GET', url: `/api/interactions/${held}/earlier`, as: agent.cookie });
    expect(menu.json().map((e: { id: string }) => e.id)).toEqual([earlierClosedMine]);
    expect((await read(held)).json().earlierCount).toBe(1);
  });
});

describe('login', () => {
  it('is rate-limited per client', async () => {
    const t = await createTestApp('sqlite', { loginLimit: 3 });
    try {
      const attempt = () =>
        t.request({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'nobody', password: 'wrong-password' },
        });
      for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
      const limited = await attempt();
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error).toBe('rate_limited');
    } finally {
      await t.close();
    }
  });

  it('sets an httpOnly SameSite session cookie and logout ends the session', async () => {
    const t = await createTestApp('sqlite');
    try {
      await t.services.users.create({ username: 'ana', displayName: 'Ana', role: 'agent', password: 'ana-password' });
      const res = await t.request({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'ANA', password: 'ana-password' },
      });
      expect(res.statusCode).toBe(200);
      const setCookie = String(res.headers['set-cookie']);
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Lax/);
      const cookie = setCookie.split(';')[0]!;
      expect((await t.request({ method: 'GET', url: '/api/auth/me', as: cookie })).json()).toMatchObject({
        username: 'ana',
        role: 'agent',
      });
      expect((await t.request({ method: 'POST', url: '/api/auth/logout', as: cookie })).statusCode).toBe(204);
      expect((await t.request({ method: 'GET', url: '/api/auth/me', as: cookie })).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });
});
