import { routeList, routes } from '@switchboard/protocol';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app';
import { collectRouteRules } from './access';
import { fastifySchemaOf, route } from './route';

describe('the route table of @switchboard/protocol and the routes the server registers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('has every entry registered: no entry the server does not serve', () => {
    const registered = new Set(t.routes.map((r) => `${r.method} ${r.url}`));
    const dead = routeList.filter((e) => !registered.has(`${e.method} ${e.path}`)).map((e) => e.name);
    expect(dead).toEqual([]);
  });

  it('registers each API route from its entry: access, scopes and schemas are the entry’s', () => {
    const api = t.routes.filter((r) => r.entry);
    expect(api.length).toBe(routeList.length);
    for (const r of api) {
      const entry = r.entry!;
      expect(`${r.method} ${r.url}`).toBe(`${entry.method} ${entry.path}`);
      expect(r.access).toBe(entry.access);
      expect(r.scopes).toBe(entry.scopes);
      const schema = (r.schema ?? {}) as Record<string, unknown>;
      const expected = fastifySchemaOf(entry) as Record<string, unknown>;
      for (const part of ['params', 'querystring', 'body']) expect(schema[part]).toBe(expected[part]);
      expect(schema.response).toEqual(expected.response);
    }
  });

  it('leaves only the web app files and the reference page outside the table', () => {
    const outside = t.routes.filter((r) => !r.entry).map((r) => r.url);
    expect(outside.length).toBeGreaterThan(0);
    for (const url of outside) expect(url).toMatch(/^\/api\/docs(\/|$)/);
  });
});

describe('start-up', () => {
  it('fails for a route registered by hand, outside the table', async () => {
    const app = Fastify();
    collectRouteRules(app);
    expect(() => app.get('/api/extra', { config: { access: 'public' } }, async () => ({}))).toThrow(
      /GET \/api\/extra is not in the route table/,
    );
    await app.close();
  });

  it('fails for a route that claims an entry of another path or method', async () => {
    const app = Fastify();
    collectRouteRules(app);
    expect(() =>
      app.post('/api/elsewhere', { config: { access: 'public', entry: routes.health } }, async () => ({})),
    ).toThrow(/not in the route table/);
    await app.close();
  });

  it('accepts a route registered from its entry', async () => {
    const app = Fastify();
    const rules = collectRouteRules(app);
    const answer = { status: 'ok' as const, node: 'n1', router: 'leader' as const, epoch: 0 };
    route(app, routes.health, async () => answer);
    await app.ready();
    expect(rules.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /healthz']);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual(answer);
    await app.close();
  });
});
