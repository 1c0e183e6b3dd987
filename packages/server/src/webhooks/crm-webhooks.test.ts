import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectsUnderTest } from '../storage/test-databases';
import { createTestApp, type TestApp } from '../testing/test-app';
import { until } from '../testing/until';
import { guardedFetch } from '../providers/outbound-fetch';
import { OutboundGuard } from '../providers/outbound-guard';
import { WebhookDeliveryWorker } from './delivery-worker';

const dialects = await dialectsUnderTest();
const TOKEN = 'partner-token-for-tests';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A CRM on loopback: records every request as raw bytes; answers each path from a plan, then 200. */
class CrmReceiver {
  readonly received: Received[] = [];
  private readonly plans = new Map<string, number[]>();
  private readonly always = new Map<string, number>();
  private server!: Server;
  base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '';
        this.received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const status = this.plans.get(path)?.shift() ?? this.always.get(path) ?? 200;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(`remote says ${status}: internal details`);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  answer(path: string, statuses: number[]): void {
    this.plans.set(path, [...statuses]);
  }

  answerAlways(path: string, status: number | null): void {
    if (status === null) this.always.delete(path);
    else this.always.set(path, status);
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** What a CRM does with the header, written here from the documentation, not imported from the sender. */
function verify(secret: string, r: Received): { t: number } {
  const header = String(r.headers['switchboard-signature']);
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  expect(match, header).not.toBeNull();
  const [, t, v1] = match!;
  const expected = createHmac('sha256', secret).update(`${t}.${r.body}`).digest('hex');
  expect(timingSafeEqual(Buffer.from(expected), Buffer.from(v1!))).toBe(true);
  expect(Math.abs(Date.now() / 1000 - Number(t))).toBeLessThan(300);
  return { t: Number(t) };
}

describe.each(dialects)('outbound webhooks for CRMs on %s', (dialect) => {
  let t: TestApp;
  let crm: CrmReceiver;
  let admin: string;
  let agent: { cookie: string; userId: string };
  let providerId: string;
  let conversation = 0;

  beforeAll(async () => {
    crm = new CrmReceiver();
    await crm.start();
    t = await createTestApp(dialect, {
      extras: {
        webhooks: { policy: { baseMs: 20, capMs: 60 }, pauseAfter: 3, idleRecheckMs: 200 },
        // A public-looking name that resolves inside (DNS rebinding): only the send-time check can catch it.
        resolve: async (host) => (host === 'crm.rebind.example' ? [{ address: '10.0.0.5', family: 4 }] : []),
      },
    });
    t.services.webhookDeliveries.start();
    admin = (await t.sessionFor('administrator')).cookie;
    agent = await t.sessionFor('agent');
    providerId = (
      await t.request({
        method: 'POST',
        url: '/api/providers',
        payload: {
          kind: 'heynow-direct',
          name: 'hn',
          domain: 'http://127.0.0.1:9',
          platformId: '598',
          partnerToken: TOKEN,
        },
        as: admin,
      })
    ).json().id;
    const campaignId = (
      await t.request({
        method: 'POST',
        url: '/api/campaigns',
        payload: {
          name: 'Ventas',
          strategy: 'nocall',
          deliveryMode: 'linear',
          skills: ['ventas'],
          providerIds: [providerId],
          wrapUpSeconds: 0,
          dispositions: [{ name: 'Ventas', children: [{ name: 'Consulta', children: [{ name: 'Precio' }] }] }],
        },
        as: admin,
      })
    ).json().id;
    await t.request({
      method: 'POST',
      url: '/api/members',
      payload: { campaignIds: [campaignId], add: [agent.userId] },
      as: admin,
    });
    await t.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'available' }, as: agent.cookie });
  });
  afterAll(async () => {
    await t.close();
    await crm.close();
  });

  const register = async (path: string, events: string[], secret?: string) => {
    const res = await t.request({
      method: 'POST',
      url: '/api/webhook-endpoints',
      payload: { name: `CRM ${path}`, url: crm.base + path, events, ...(secret ? { secret } : {}) },
      as: admin,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; secret: string; url: string };
  };
  const hook = (payload: object) =>
    t.request({
      method: 'POST',
      url: `/webhooks/heynow/${providerId}`,
      payload,
      headers: { 'x-heynow-partner-token': TOKEN },
    });
  const endpoint = async (id: string) =>
    (
      (await t.request({ method: 'GET', url: '/api/webhook-endpoints', as: admin })).json() as Record<string, unknown>[]
    ).find((e) => e.id === id)!;
  const deliveries = async (id: string) =>
    (await t.request({ method: 'GET', url: `/api/webhook-endpoints/${id}/deliveries`, as: admin })).json() as {
      event: string;
      status: string;
      attempts: number;
      statusCode: number | null;
      error: string | null;
    }[];

  /** A customer arrives, the agent gets the conversation, the customer writes, the agent closes it. */
  const converse = async () => {
    const conv = `conv-${dialect}-${++conversation}`;
    const phone = `+5989911${String(conversation).padStart(4, '0')}`;
    expect(
      (
        await hook({
          event: 'handoff',
          conversationId: conv,
          contact: { name: 'Ana', phone },
          skill: 'ventas',
          messageId: `${conv}-h`,
          text: 'hola',
        })
      ).statusCode,
    ).toBe(200);
    const active = await until('the assignment', async () => {
      const inbox = (await t.request({ method: 'GET', url: '/api/agent/inbox', as: agent.cookie })).json();
      return (inbox.active as { id: string; customerNumber: string }[]).find((a) => a.customerNumber === phone);
    });
    expect(
      (await hook({ event: 'message', conversationId: conv, messageId: `${conv}-m`, text: 'quiero precios' }))
        .statusCode,
    ).toBe(200);
    await until('the customer message', async () => {
      const detail = (
        await t.request({ method: 'GET', url: `/api/interactions/${active.id}`, as: agent.cookie })
      ).json();
      return (detail.messages as { text: string }[]).some((m) => m.text === 'quiero precios');
    });
    const closed = await t.request({
      method: 'POST',
      url: `/api/interactions/${active.id}/close`,
      payload: { disposition: { l1: 'Ventas', l2: 'Consulta', l3: 'Precio' } },
      as: agent.cookie,
    });
    expect(closed.statusCode, closed.body).toBe(204);
    return { interactionId: active.id, phone };
  };

  it('delivers a signed interaction.closed with the three-level disposition and a transcript link after an agent closes over HTTP', async () => {
    const ep = await register('/crm/closed', ['interaction.closed', 'interaction.assigned', 'message.stored']);
    expect(ep.secret).toMatch(/^whsec_.{40,}$/);
    const { interactionId, phone } = await converse();

    const [closed] = await until('the signed close', async () => {
      const got = crm.at('/crm/closed').filter((r) => r.headers['switchboard-event'] === 'interaction.closed');
      return got.length > 0 && got;
    });
    verify(ep.secret, closed!);
    const body = JSON.parse(closed!.body);
    expect(closed!.headers['idempotency-key']).toBe(body.id);
    expect(closed!.headers['content-type']).toBe('application/json');
    expect(body).toMatchObject({
      type: 'interaction.closed',
      data: {
        interactionId,
        reason: 'agent',
        disposition: { l1: 'Ventas', l2: 'Consulta', l3: 'Precio' },
        agent: { id: agent.userId },
        campaign: { name: 'Ventas' },
        customer: { number: phone, name: 'Ana' },
        transcriptUrl: `http://127.0.0.1:9/api/recordings/${interactionId}/transcript`,
      },
    });
    expect(typeof body.occurredAt).toBe('number');
    expect(body.data.takenAt).toBeGreaterThan(0);
    expect(body.data.closedAt).toBeGreaterThanOrEqual(body.data.takenAt);

    // The other subscribed events arrive too, each signed, each once.
    const types = await until('assigned and message.stored', async () => {
      const seen = crm.at('/crm/closed').map((r) => String(r.headers['switchboard-event']));
      return seen.includes('interaction.assigned') && seen.includes('message.stored') && seen;
    });
    expect(types.filter((x) => x === 'interaction.assigned')).toHaveLength(1);
    for (const r of crm.at('/crm/closed')) verify(ep.secret, r);
    const message = crm.at('/crm/closed').find((r) => r.headers['switchboard-event'] === 'message.stored')!;
    expect(JSON.parse(message.body).data).toMatchObject({
      interactionId,
      message: { author: 'customer', text: 'quiero precios' },
    });

    await until('delivered in the list', async () => {
      const list = await deliveries(ep.id);
      return list.length >= 3 && list.every((d) => d.status === 'delivered' && d.statusCode === 200);
    });
    expect(await endpoint(ep.id)).toMatchObject({
      paused: false,
      consecutiveFailures: 0,
      lastDelivery: { status: 'delivered', statusCode: 200 },
    });
    await t.request({ method: 'DELETE', url: `/api/webhook-endpoints/${ep.id}`, as: admin });
  });

  it('retries a delivery answered 500 with backoff, then marks it delivered', async () => {
    crm.answer('/crm/flaky', [500, 500]);
    const ep = await register('/crm/flaky', ['interaction.closed']);
    await converse();
    const [delivered] = await until('the delivery after two 500s', async () => {
      const list = await deliveries(ep.id);
      return list.length === 1 && list[0]!.status === 'delivered' && list;
    });
    expect(delivered).toMatchObject({ event: 'interaction.closed', attempts: 3, statusCode: 200, error: null });
    const got = crm.at('/crm/flaky');
    expect(got).toHaveLength(3);
    // Every attempt is the very same event: same body, same idempotency key, each freshly signed.
    expect(new Set(got.map((r) => r.body)).size).toBe(1);
    expect(new Set(got.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    for (const r of got) verify(ep.secret, r);
    await t.request({ method: 'DELETE', url: `/api/webhook-endpoints/${ep.id}`, as: admin });
  });

  it('pauses an endpoint after repeated failures, holds new events, and delivers them once PATCH resumes it', async () => {
    crm.answerAlways('/crm/down', 503);
    const ep = await register('/crm/down', ['interaction.closed']);
    await converse();
    await until('the pause', async () => (await endpoint(ep.id)).paused === true);
    expect(await endpoint(ep.id)).toMatchObject({ paused: true, consecutiveFailures: 3 });
    const [failing] = await deliveries(ep.id);
    expect(failing).toMatchObject({ status: 'pending', attempts: 3, statusCode: 503, error: 'HTTP 503' });
    // The remote body is never stored or shown.
    expect(JSON.stringify(await deliveries(ep.id))).not.toContain('internal details');

    // While paused, a new close is recorded but nothing is attempted.
    const sentBefore = crm.at('/crm/down').length;
    await converse();
    await until('the held delivery', async () => (await deliveries(ep.id)).length === 2);
    await t.services.webhookEvents.settled();
    expect((await deliveries(ep.id)).find((d) => d.attempts === 0)).toMatchObject({ status: 'pending' });
    expect(crm.at('/crm/down')).toHaveLength(sentBefore);

    crm.answerAlways('/crm/down', null);
    const resumed = await t.request({
      method: 'PATCH',
      url: `/api/webhook-endpoints/${ep.id}`,
      payload: { paused: false },
      as: admin,
    });
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json()).toMatchObject({ paused: false, consecutiveFailures: 0 });
    await until('both delivered after resume', async () => {
      const list = await deliveries(ep.id);
      return list.length === 2 && list.every((d) => d.status === 'delivered');
    });
    const audit = await t.services.audit.search({ pageSize: 200 });
    expect(audit.rows.filter((r) => r.target === ep.id).map((r) => r.action)).toEqual(
      expect.arrayContaining(['webhook_endpoint.created', 'webhook_endpoint.updated']),
    );
    await t.request({ method: 'DELETE', url: `/api/webhook-endpoints/${ep.id}`, as: admin });
  });

  it('survives a restart: a delivery left pending (its sender died mid-lease) is sent by the next process', async () => {
    const ep = await register('/crm/restart', ['interaction.closed']);
    await t.services.webhookDeliveries.stop();
    await converse();
    await until('the recorded delivery', async () => (await deliveries(ep.id)).length === 1);
    // The dead process had claimed it (one attempt, leased) and never finished; the lease has run out.
    await t.database.db
      .updateTable('webhook_deliveries')
      .set({ attempts: 1, next_attempt_at: Date.now() - 1 })
      .where('endpoint_id', '=', ep.id)
      .execute();
    expect(crm.at('/crm/restart')).toHaveLength(0);

    const next = new WebhookDeliveryWorker({
      db: t.database.db,
      openSecret: (sealed) => t.services.webhookEndpoints.openSecret(sealed),
      fetch: guardedFetch(new OutboundGuard({ allow: ['127.0.0.1'] })),
    });
    next.start();
    try {
      const [got] = await until('the delivery by the new process', async () => {
        const r = crm.at('/crm/restart');
        return r.length > 0 && r;
      });
      verify(ep.secret, got!);
      await until('marked delivered', async () => (await deliveries(ep.id))[0]?.status === 'delivered');
      expect((await deliveries(ep.id))[0]).toMatchObject({ attempts: 2, statusCode: 200 });
    } finally {
      await next.stop();
      t.services.webhookDeliveries.start();
      await t.request({ method: 'DELETE', url: `/api/webhook-endpoints/${ep.id}`, as: admin });
    }
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data', 'link-local'],
    ['http://10.1.2.3/hook', 'private'],
    ['http://localhost:8080/hook', 'this machine'],
    ['ftp://crm.example/hook', 'http'],
    ['http://user:pw@crm.example/hook', 'user name'],
  ])('refuses %s at save with a 400 naming url', async (url, why) => {
    const res = await t.request({
      method: 'POST',
      url: '/api/webhook-endpoints',
      payload: { name: 'internal', url, events: ['interaction.closed'] },
      as: admin,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'url' });
    expect(res.json().message).toContain(why);
    const ep = await register('/crm/ok', ['interaction.closed']);
    const patch = await t.request({
      method: 'PATCH',
      url: `/api/webhook-endpoints/${ep.id}`,
      payload: { url },
      as: admin,
    });
    expect(patch.statusCode).toBe(400);
    expect(patch.json()).toMatchObject({ field: 'url' });
    await t.request({ method: 'DELETE', url: `/api/webhook-endpoints/${ep.id}`, as: admin });
  });

  it('refuses at send time a URL whose name resolves to an internal address, and shows why', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/webhook-endpoints',
      payload: { name: 'Rebinding', url: 'http://crm.rebind.example/hook', events: ['interaction.closed'] },
      as: admin,
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json();
    await converse();
    const [delivery] = await until('the refused attempt', async () => {
      const list = await deliveries(id);
      return list[0]?.error ? list : undefined;
    });
    expect(delivery).toMatchObject({ status: 'pending', statusCode: null });
    expect(delivery!.error).toContain('10.0.0.5, a private (RFC 1918) address');
    await t.request({ method: 'DELETE', url: `/api/webhook-endpoints/${id}`, as: admin });
  });

  it("delivers the customer's satisfaction answer as csat.received, naming whom it rates", async () => {
    const ep = await register('/crm/csat', ['csat.received']);
    const campaigns = (await t.request({ method: 'GET', url: '/api/campaigns', as: admin })).json() as { id: string }[];
    const campaignId = campaigns[0]!.id;
    await t.request({
      method: 'PATCH',
      url: `/api/campaigns/${campaignId}`,
      payload: { survey: { enabled: true, question: 'Del 1 al 5?' } },
      as: admin,
    });
    const { interactionId, phone } = await converse();
    const conv = `conv-${dialect}-${conversation}`;
    await until(
      'the question went out',
      async () =>
        await t.database.db
          .selectFrom('satisfaction_surveys')
          .select('state')
          .where('interaction_id', '=', interactionId)
          .executeTakeFirst(),
    );
    expect(
      (await hook({ event: 'message', conversationId: conv, messageId: `${conv}-csat`, text: '5' })).statusCode,
    ).toBe(200);

    const [got] = await until('the csat delivery', async () => {
      const list = crm.at('/crm/csat');
      return list.length > 0 && list;
    });
    verify(ep.secret, got!);
    expect(JSON.parse(got!.body)).toMatchObject({
      type: 'csat.received',
      data: { interactionId, score: 5, agent: { id: agent.userId }, customer: { number: phone } },
    });
    await t.request({
      method: 'PATCH',
      url: `/api/campaigns/${campaignId}`,
      payload: { survey: { enabled: false } },
      as: admin,
    });
    await t.request({ method: 'DELETE', url: `/api/webhook-endpoints/${ep.id}`, as: admin });
  });

  it('refuses unknown events and an empty list', async () => {
    for (const events of [['csat.whatever'], ['interaction.whatever'], []]) {
      const res = await t.request({
        method: 'POST',
        url: '/api/webhook-endpoints',
        payload: { name: 'x', url: `${crm.base}/x`, events },
        as: admin,
      });
      expect(res.statusCode, JSON.stringify(events)).toBe(400);
    }
  });

  it('never returns or logs a chosen secret, keeps it sealed in the database, and deletes with an audit record', async () => {
    const secret = 'my-crm-shared-secret-0123456789';
    const created = await t.request({
      method: 'POST',
      url: '/api/webhook-endpoints',
      payload: { name: 'Chosen', url: `${crm.base}/crm/chosen`, events: ['interaction.closed'], secret },
      as: admin,
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    const answers = [
      (await t.request({ method: 'GET', url: '/api/webhook-endpoints', as: admin })).body,
      (
        await t.request({
          method: 'PATCH',
          url: `/api/webhook-endpoints/${id}`,
          payload: { secret: `${secret}-2`, events: ['interaction.closed', 'message.stored'] },
          as: admin,
        })
      ).body,
      (await t.request({ method: 'GET', url: `/api/webhook-endpoints/${id}/deliveries`, as: admin })).body,
    ];
    for (const body of answers) expect(body).not.toContain(secret);
    expect(t.logLines.join('\n')).not.toContain(secret);
    const row = await t.database.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.secret_sealed).not.toContain(secret);
    const audit = await t.services.audit.search({ pageSize: 200 });
    expect(JSON.stringify(audit.rows)).not.toContain(secret);

    expect((await t.request({ method: 'DELETE', url: `/api/webhook-endpoints/${id}`, as: admin })).statusCode).toBe(
      204,
    );
    expect(
      (await t.request({ method: 'GET', url: `/api/webhook-endpoints/${id}/deliveries`, as: admin })).statusCode,
    ).toBe(404);
    const after = await t.services.audit.search({ pageSize: 200 });
    expect(after.rows.filter((r) => r.target === id).map((r) => r.action)).toContain('webhook_endpoint.deleted');
  });

  it('is for administrators only', async () => {
    for (const role of ['agent', 'supervisor'] as const) {
      const { cookie } = await t.sessionFor(role);
      expect((await t.request({ method: 'GET', url: '/api/webhook-endpoints', as: cookie })).statusCode).toBe(403);
    }
  });
});
