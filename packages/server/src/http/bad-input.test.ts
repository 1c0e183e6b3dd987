import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app';

/**
 * Generated bad bodies against every route that takes one: always a 4xx naming the problem, never a 500, and
 * nothing stored changes.
 */
describe('bad input on every route with a body', () => {
  let t: TestApp;
  let admin: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    admin = (await t.sessionFor('administrator')).cookie;
    const agent = await t.sessionFor('agent');
    const provider = await t.services.providers.create({
      kind: 'heynow-direct',
      name: 'p',
      domain: 'https://h.example',
      platformId: '1',
      partnerToken: 'tok',
    });
    const campaign = await t.services.campaigns.create({ name: 'c', providerIds: [provider.id], skills: ['s'] });
    await t.services.members.change({ campaignIds: [campaign.id], add: [agent.userId] });
    Object.assign(ids, { provider: provider.id, campaign: campaign.id, agent: agent.userId });
  });
  afterAll(() => t.close());

  const urlFor = (url: string) =>
    url
      .replace('/api/providers/:id', `/api/providers/${ids.provider}`)
      .replace('/api/campaigns/:id', `/api/campaigns/${ids.campaign}`)
      .replace('/api/users/:id', `/api/users/${ids.agent}`)
      .replace(':agentId', ids.agent!);

  const snapshot = async () =>
    JSON.stringify([
      await t.services.providers.list(),
      await t.services.campaigns.list(),
      await t.services.members.list(ids.campaign!),
      await t.services.providers.credentials(ids.provider!),
    ]);

  const bodyRoutes = () =>
    t.routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && r.url !== '/api/auth/logout');

  it('covers the admin routes', () => {
    const urls = bodyRoutes().map((r) => `${r.method} ${r.url}`);
    expect(urls).toEqual(
      expect.arrayContaining([
        'POST /api/providers',
        'PATCH /api/campaigns/:id',
        'POST /api/members',
        'POST /api/users',
      ]),
    );
  });

  it('answers 4xx with a reason, never 500, and changes nothing, for generated bodies', async () => {
    const badValue = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.anything(), { maxLength: 3 }),
      fc.object({ maxDepth: 1 }),
    );
    const badBody = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.dictionary(
        fc.constantFrom(
          'name',
          'kind',
          'domain',
          'thresholds',
          'skills',
          'schedule',
          'penalty',
          'campaignIds',
          'add',
          'password',
          'role',
          'agentIds',
          'reasons',
          'strategy',
          'username',
        ),
        badValue,
        { maxKeys: 4 },
      ),
    );
    for (const route of bodyRoutes()) {
      await fc.assert(
        fc.asyncProperty(badBody, async (payload) => {
          const before = await snapshot();
          const res = await t.request({
            method: route.method as 'POST',
            url: urlFor(route.url),
            payload: JSON.stringify(payload),
            headers: { 'content-type': 'application/json' },
            as: admin,
          });
          if (res.statusCode < 300) return; // a generated body can be valid (e.g. {} for a partial update)
          expect(await snapshot(), 'a refused request changed stored data').toBe(before);
          expect(res.statusCode, `${route.method} ${route.url} ${JSON.stringify(payload)} → ${res.body}`).toBeLessThan(
            500,
          );
          const body = res.json();
          expect(typeof body.error).toBe('string');
          expect(body.message.length).toBeGreaterThan(5);
          if (
            body.error === 'validation_failed' &&
            payload !== null &&
            typeof payload === 'object' &&
            !Array.isArray(payload) &&
            Object.keys(payload).length > 0
          ) {
            expect(body.field, `${route.method} ${route.url} ${JSON.stringify(payload)} → ${res.body}`).toBeTruthy();
          }
        }),
        { numRuns: 40 },
      );
    }
  });

  it('answers 400 invalid_json to a body that is not JSON', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/campaigns',
      payload: '{"name": ',
      headers: { 'content-type': 'application/json' },
      as: admin,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('invalid_json');
  });

  it('answers 415 to a body that is not JSON at all', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/campaigns',
      payload: 'name=x',
      headers: { 'content-type': 'text/csv' },
      as: admin,
    });
    expect(res.statusCode).toBe(415);
  });

  it('names an unknown property instead of dropping it', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/campaigns',
      payload: { name: 'x', colour: 'red' },
      as: admin,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'validation_failed', field: 'colour' });
  });

  it('names the nested field that is wrong', async () => {
    const res = await t.request({
      method: 'PATCH',
      url: `/api/campaigns/${ids.campaign}`,
      payload: { thresholds: { acd: -1 } },
      as: admin,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('thresholds.acd');
  });
});
