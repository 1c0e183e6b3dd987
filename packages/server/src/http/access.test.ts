import { ROLES, type Role } from '@switchboard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { SESSION_COOKIE } from './routes/auth';
import { collectRouteRules } from './access';
import { createTestApp, type TestApp } from '../testing/test-app';

describe('every route declares who may call it (D8)', () => {
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

  it('refuses to start when a route forgets its rule', async () => {
    const app = Fastify();
    collectRouteRules(app);
    await expect(async () => {
      app.get('/forgotten', async () => 'x');
      await app.ready();
    }).rejects.toThrow(/declares no access rule/);
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
