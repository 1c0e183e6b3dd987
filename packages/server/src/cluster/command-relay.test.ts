// Commands from any node reach the leader's router over Redis Streams and come back with its answer; with no
// leader, the caller gets `router_unavailable` (503 + Retry-After) at its deadline and the command is not run
// later by whoever leads next.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import Fastify from 'fastify';
import { installErrorHandler } from '../http/error-handler';
import { servicesOrSkip } from '../storage/test-databases';
import { REDIS_URL, redisReachable } from '../testing/cluster-harness';
import { CommandRelay } from './command-relay';
import { commandConnection } from './redis-streams';
import type { RouterCommand } from '../routing/router-service';

const reachable = servicesOrSkip(await redisReachable(), 'Redis is', 'command relay tests');

describe.skipIf(!reachable)('the command relay between nodes', () => {
  const closing: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closing.splice(0).reverse()) await c();
  });

  function node(prefix: string, nodeId: string, timeoutMs: number) {
    const publisher = commandConnection(REDIS_URL, nodeId);
    const relay = new CommandRelay({
      nodeId,
      prefix,
      redisUrl: REDIS_URL,
      publisher,
      logger: pino({ level: 'silent' }),
      timeoutMs,
    });
    closing.push(async () => {
      await relay.stop();
      publisher.disconnect();
    });
    return relay;
  }

  const take: RouterCommand = { type: 'interaction_taken', interactionId: 'i1', agentId: 'a1' };

  it("brings a follower's command to the leader and its decisions back, audit record included", async () => {
    const prefix = `test:${randomBytes(4).toString('hex')}`;
    const leader = node(prefix, 'leader', 3000);
    const follower = node(prefix, 'follower', 3000);
    await Promise.all([leader.start(), follower.start()]);
    const received: unknown[] = [];
    await leader.serve(async (cmd, options) => {
      received.push({ cmd, options });
      return [{ type: 'taken', interactionId: 'i1', agentId: 'a1', campaignId: 'c1' } as never];
    });
    const audit = { when: ['taken' as const], interactionId: 'i1', action: 'interaction.taken' as const, actor: 'a1' };
    const decisions = await follower.command(take, { audit });
    expect(decisions).toEqual([{ type: 'taken', interactionId: 'i1', agentId: 'a1', campaignId: 'c1' }]);
    expect(received).toEqual([{ cmd: take, options: { audit } }]);
  });

  it("returns the leader's refusal as the same domain error", async () => {
    const prefix = `test:${randomBytes(4).toString('hex')}`;
    const leader = node(prefix, 'leader', 3000);
    const follower = node(prefix, 'follower', 3000);
    await Promise.all([leader.start(), follower.start()]);
    await leader.serve(async () => {
      throw new DomainError('at_capacity', 'Agent is at the cap');
    });
    await expect(follower.command(take, {})).rejects.toMatchObject({
      code: 'at_capacity',
      message: 'Agent is at the cap',
    });
  });

  it('answers router_unavailable when no leader answers in time, and a later leader does not run it', async () => {
    const prefix = `test:${randomBytes(4).toString('hex')}`;
    const follower = node(prefix, 'follower', 400);
    await follower.start();
    const started = Date.now();
    await expect(follower.command(take, {})).rejects.toMatchObject({ code: 'router_unavailable' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    // A leader elected afterwards reads back over the deadline but skips what its caller gave up on.
    const late = node(prefix, 'late-leader', 400);
    await late.start();
    const ran: unknown[] = [];
    await late.serve(async (cmd) => {
      ran.push(cmd);
      return [];
    });
    // A fresh command is served, which shows the late leader reads the stream; the stale one is not run.
    const fresh = node(prefix, 'other', 2000);
    await fresh.start();
    await fresh.command({ type: 'tick' }, {});
    expect(ran).toEqual([{ type: 'tick' }]);
  });

  it('is a 503 with Retry-After over HTTP', async () => {
    const app = Fastify();
    installErrorHandler(app);
    app.get('/unavailable', async () => {
      throw new DomainError('router_unavailable', 'No routing leader answered in time; try again in a moment');
    });
    const res = await app.inject({ method: 'GET', url: '/unavailable' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.json()).toMatchObject({ error: 'router_unavailable' });
    await app.close();
  });
});
