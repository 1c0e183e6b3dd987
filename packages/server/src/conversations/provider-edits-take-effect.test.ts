import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockHeyNow, type MockHeyNow } from '../mock-heynow';
import { dialectsUnderTest } from '../storage/test-databases';
import { createTestApp, type TestApp } from '../testing/test-app';

const dialects = await dialectsUnderTest();

describe.each(dialects)('provider edits on %s', (dialect) => {
  const client = { username: 'forms', password: 'forms-password' };
  let t: TestApp;
  let admin: string;
  let before: MockHeyNow;
  let after: MockHeyNow;
  beforeAll(async () => {
    before = createMockHeyNow({ client });
    after = createMockHeyNow({ client });
    await before.start();
    await after.start();
    t = await createTestApp(dialect);
    admin = (await t.sessionFor('administrator')).cookie;
  });
  afterAll(async () => {
    await t.close();
    await before.stop();
    await after.stop();
  });

  const send = (id: string, text: string) =>
    t.request({ method: 'POST', url: `/api/providers/${id}/send`, payload: { to: '+59899123456', text }, as: admin });

  it('take effect on the very next send: a PATCHed domain is where it goes', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/providers',
      payload: { kind: 'heynow-client', name: 'forms', platformId: '598', domain: before.url, ...client },
      as: admin,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect((await send(id, 'first')).statusCode).toBe(200);
    expect(before.received({ action: 'client-send' })).toHaveLength(1);

    const moved = await t.request({
      method: 'PATCH',
      url: `/api/providers/${id}`,
      payload: { domain: after.url },
      as: admin,
    });
    expect(moved.statusCode).toBe(200);
    expect((await send(id, 'second')).statusCode).toBe(200);
    expect(after.received({ action: 'client-send' }).map((c) => (c.body as { text: string }).text)).toEqual(['second']);
    expect(before.received({ action: 'client-send' })).toHaveLength(1);
  });

  it('a deleted provider is not sent through any more', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/providers',
      payload: { kind: 'heynow-client', name: 'forms-gone', platformId: '598', domain: before.url, ...client },
      as: admin,
    });
    const id = created.json().id as string;
    expect((await send(id, 'once')).statusCode).toBe(200);
    const sent = before.received({ action: 'client-send' }).length;
    expect((await t.request({ method: 'DELETE', url: `/api/providers/${id}`, as: admin })).statusCode).toBe(204);
    expect((await send(id, 'after delete')).statusCode).toBe(404);
    expect(before.received({ action: 'client-send' })).toHaveLength(sent);
  });
});
