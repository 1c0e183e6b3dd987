import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app';
import { createTestDatabase, dialectsUnderTest } from '../storage/test-databases';
import { READY_RETRY_AFTER_S } from './health-routes';
import { answersWithin, singleNodeStatus, type NodeStatus } from './node-status';

const dialects = await dialectsUnderTest();

/** A node as the cluster code will describe it: any role, any epoch, any reachability. */
function statusOf(
  role: 'leader' | 'standby',
  epoch: number,
  reached: { database: boolean; redis: boolean | null },
): NodeStatus {
  return { nodeId: 'node-2', routerRole: () => role, epoch: () => epoch, reachable: async () => reached };
}

describe('health and readiness', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('answers both without a session on a single node: the leader at epoch 0, ready', async () => {
    t = await createTestApp();
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok', node: hostname().slice(0, 64), router: 'leader', epoch: 0 });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', node: hostname().slice(0, 64), router: 'leader', epoch: 0 });
  });

  it('names a standby and its epoch, and stays healthy while not ready (the balancer asks /readyz)', async () => {
    t = await createTestApp('sqlite', {
      extras: { status: statusOf('standby', 7, { database: false, redis: false }) },
    });
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok', node: 'node-2', router: 'standby', epoch: 7 });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['retry-after']).toBe(String(READY_RETRY_AFTER_S));
    expect(ready.headers['content-type']).toMatch(/^application\/json/);
    expect(ready.json()).toEqual({
      status: 'unavailable',
      node: 'node-2',
      router: 'standby',
      epoch: 7,
      unreachable: ['database', 'redis'],
      message: 'This node cannot reach its database and redis; try another node or again later',
    });
  });

  it.each([
    [{ database: true, redis: false }, ['redis']],
    [{ database: false, redis: null }, ['database']],
  ])('names only what is unreachable (%o)', async (reached, unreachable) => {
    t = await createTestApp('sqlite', { extras: { status: statusOf('leader', 3, reached) } });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().unreachable).toEqual(unreachable);
  });

  it('is ready with Redis configured and reachable', async () => {
    t = await createTestApp('sqlite', { extras: { status: statusOf('standby', 2, { database: true, redis: true }) } });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', node: 'node-2', router: 'standby', epoch: 2 });
  });

  it('leaves health probes out of the request log, which still has every other request', async () => {
    t = await createTestApp();
    const before = t.logLines.length;
    for (let i = 0; i < 5; i++) {
      await t.app.inject({ method: 'GET', url: '/healthz' });
      await t.app.inject({ method: 'GET', url: '/readyz' });
    }
    await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const routesLogged = t.logLines
      .slice(before)
      .map((line) => JSON.parse(line) as { msg: string; route?: string })
      .filter((line) => line.msg === 'request')
      .map((line) => line.route);
    expect(routesLogged).toEqual(['/api/openapi.json']);
  });
});

describe.each(dialects)('the single-node status on %s', (dialect) => {
  it('reaches its database while open and not once closed', async () => {
    const database = await createTestDatabase(dialect);
    const status = singleNodeStatus('n1', database, 2000);
    expect(await status.reachable()).toEqual({ database: true, redis: null });
    await database.close();
    expect(await status.reachable()).toEqual({ database: false, redis: null });
  });
});

describe('a check with a deadline', () => {
  it('counts an answer that never comes as down, within its deadline', async () => {
    const started = Date.now();
    expect(await answersWithin(() => new Promise(() => undefined), 50)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('counts a failure as down and an answer as up', async () => {
    expect(await answersWithin(() => Promise.reject(new Error('refused')), 1000)).toBe(false);
    expect(await answersWithin(() => Promise.resolve(1), 1000)).toBe(true);
  });
});
