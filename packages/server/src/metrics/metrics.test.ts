import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectsUnderTest } from '../storage/test-databases';
import { createTestApp } from '../testing/test-app';
import {
  ADMIN_PASSWORD,
  createUser,
  heynowWebhook,
  setUpCampaigns,
  startProviderDouble,
  startTestServer,
  type StartedServer,
} from '../testing/started-server';
import { bearerMatches } from './metrics-routes';

const TOKEN = 'metrics-token-0123456789abcdef';
const dialects = await dialectsUnderTest();

/** The value of one sample line (`name{labels} value`), or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const got = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics on a running server', () => {
  let s: StartedServer;
  let provider: { url: string; close(): Promise<void> };
  const scrape = async () => {
    const res = await s.call('GET', '/metrics', undefined, { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    return res.text();
  };

  beforeAll(async () => {
    provider = await startProviderDouble();
    s = await startTestServer({ SWITCHBOARD_METRICS_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await s?.close();
    await provider?.close();
  });

  it('counts webhooks by result, routing decisions, queues, sockets and push latency after real traffic', async () => {
    const admin = await s.login('admin', ADMIN_PASSWORD);
    const agentId = await createUser(s, admin.cookie, 'ana', 'agent', 'agent-password-1');
    const { providerId, partnerToken } = await setUpCampaigns(s, admin.cookie, provider.url, [
      { name: 'Ventas', skill: 'ventas', memberIds: [agentId] },
      { name: 'Soporte', skill: 'soporte', memberIds: [] },
    ]);
    const agent = await s.login('ana', 'agent-password-1');
    const ws = await s.socket(agent.cookie);
    const pushed: string[] = [];
    ws.on('message', (data) => pushed.push((JSON.parse(String(data)) as { type: string }).type));

    const handoff = {
      event: 'handoff',
      conversationId: 'conv-1',
      contact: { id: 'c1', name: 'Customer', phone: '+59891000001' },
      skill: 'ventas',
      messageId: 'm-1',
      text: 'hola',
    };
    expect((await heynowWebhook(s, providerId, partnerToken, handoff)).status).toBe(200);
    // The same delivery again: a duplicate.
    expect((await heynowWebhook(s, providerId, partnerToken, handoff)).status).toBe(200);
    // Assigned to ana (nocall, available after signing in): her socket hears of it.
    await expect.poll(() => pushed.includes('inbox.changed'), { timeout: 10_000 }).toBe(true);
    const message = { event: 'message', conversationId: 'conv-1', messageId: 'm-2', text: 'sigo acá' };
    expect((await heynowWebhook(s, providerId, partnerToken, message)).status).toBe(200);
    await expect.poll(() => pushed.includes('message'), { timeout: 10_000 }).toBe(true);
    // Nobody in Soporte: it waits.
    const waiting = { ...handoff, conversationId: 'conv-2', messageId: 'm-3', skill: 'soporte' };
    expect((await heynowWebhook(s, providerId, partnerToken, waiting)).status).toBe(200);
    expect((await heynowWebhook(s, providerId, 'wrong-token', message)).status).toBe(401);
    const malformed = await s.call('POST', `/webhooks/heynow/${providerId}`, undefined, {
      'x-heynow-partner-token': partnerToken,
      'content-type': 'application/json',
    });
    expect(malformed.status).toBe(400);

    const heynow = { provider_kind: 'heynow-direct' };
    await expect.poll(async () => sample(await scrape(), 'switchboard_queue_waiting', { campaign: 'Soporte' })).toBe(1);
    const text = await scrape();
    expect(sample(text, 'switchboard_webhook_events_total', { ...heynow, result: 'accepted' })).toBe(3);
    expect(sample(text, 'switchboard_webhook_events_total', { ...heynow, result: 'duplicate' })).toBe(1);
    expect(sample(text, 'switchboard_webhook_events_total', { ...heynow, result: 'unauthorized' })).toBe(1);
    expect(sample(text, 'switchboard_webhook_events_total', { ...heynow, result: 'bad_request' })).toBe(1);
    expect(sample(text, 'switchboard_webhook_ingest_seconds_count', heynow)).toBe(4);
    // The hand-off's assignment and the message each reached ana's socket once.
    expect(sample(text, 'switchboard_webhook_to_agent_seconds_count')).toBe(2);
    expect(sample(text, 'switchboard_routing_decisions_total', { type: 'assigned' })).toBe(1);
    expect(sample(text, 'switchboard_routing_decisions_total', { type: 'queued' })).toBe(1);
    expect(sample(text, 'switchboard_routing_decision_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'switchboard_queue_waiting', { campaign: 'Ventas' })).toBe(0);
    expect(sample(text, 'switchboard_queue_oldest_wait_seconds', { campaign: 'Soporte' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'switchboard_queue_oldest_wait_seconds', { campaign: 'Ventas' })).toBe(0);
    expect(sample(text, 'switchboard_ws_sockets')).toBe(1);
    expect(sample(text, 'switchboard_outbox_backlog')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'switchboard_db_query_seconds_count')).toBeGreaterThan(10);
    // The default process and Node.js series, event-loop lag included.
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);

    ws.close();
    await expect.poll(async () => sample(await scrape(), 'switchboard_ws_sockets')).toBe(0);
  });

  it('answers 401 to a missing or wrong token', async () => {
    expect((await s.call('GET', '/metrics')).status).toBe(401);
    const wrong = await s.call('GET', '/metrics', undefined, { authorization: `Bearer ${TOKEN}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await wrong.text()).not.toContain('switchboard_');
  });
});

describe('where /metrics is served', () => {
  it('answers 404 when no token is configured', async () => {
    const s = await startTestServer();
    try {
      expect(
        (await s.call('GET', '/metrics', undefined, { authorization: 'Bearer anything-at-all-here' })).status,
      ).toBe(404);
    } finally {
      await s.close();
    }
  });

  it('serves it only on SWITCHBOARD_METRICS_PORT when that is set, with the same token', async () => {
    const s = await startTestServer({ SWITCHBOARD_METRICS_TOKEN: TOKEN, SWITCHBOARD_METRICS_PORT: '0' });
    try {
      const auth = { authorization: `Bearer ${TOKEN}` };
      expect((await s.call('GET', '/metrics', undefined, auth)).status).toBe(404);
      const url = s.server.metricsUrl!;
      expect(new URL(url).port).not.toBe(new URL(s.base).port);
      const own = await fetch(url, { headers: auth });
      expect(own.status).toBe(200);
      expect(await own.text()).toContain('switchboard_webhook_events_total');
      expect((await fetch(url)).status).toBe(401);
    } finally {
      await s.close();
    }
  });
});

describe('the bearer check', () => {
  it('accepts only the exact token, whatever the scheme case', () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
    expect(bearerMatches(TOKEN, TOKEN)).toBe(false);
    expect(bearerMatches(undefined, TOKEN)).toBe(false);
  });
});

describe.each(dialects)('database series on %s', (dialect) => {
  it('times queries, and shows the connection pool where there is one', async () => {
    const t = await createTestApp(dialect, { config: { metricsToken: TOKEN } });
    try {
      await t.services.campaigns.list();
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.statusCode).toBe(200);
      expect(sample(res.body, 'switchboard_db_query_seconds_count')).toBeGreaterThan(0);
      const pool = sample(res.body, 'switchboard_db_pool_connections', { state: 'idle' });
      if (dialect === 'postgres') expect(pool).toBeGreaterThanOrEqual(0);
      else expect(pool).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
