import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectsUnderTest } from '../../storage/test-databases';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { notification } from '../../providers/whatsapp-cloud/notification-fixture';

const dialects = await dialectsUnderTest();

const PARTNER_TOKEN = 'pt-bad-input';
const APP_SECRET = 'app-bad-input';
const VERIFY_TOKEN = 'verify-bad-input';
const PHONE_NUMBER_ID = '106540352242922';
const hmac = (secret: string, raw: string) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

describe.each(dialects)('bad webhook and API input on %s', (dialect) => {
  let t: TestApp;
  let direct: string;
  let cloud: string;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = (await t.sessionFor('administrator')).cookie;
    direct = (
      await t.services.providers.create({
        kind: 'heynow-direct',
        name: 'direct',
        domain: 'https://h.example',
        platformId: '59891234567',
        partnerToken: PARTNER_TOKEN,
      })
    ).id;
    cloud = (
      await t.services.providers.create({
        kind: 'whatsapp-cloud',
        name: 'cloud',
        platformId: PHONE_NUMBER_ID,
        appSecret: APP_SECRET,
        accessToken: 'EAAG',
        verifyToken: VERIFY_TOKEN,
      })
    ).id;
    await t.services.campaigns.create({ name: 'c', providerIds: [direct, cloud], skills: ['ventas'] });
  });
  afterAll(() => t.close());

  const heynow = (body: unknown) => {
    const raw = JSON.stringify(body);
    return t.request({
      method: 'POST',
      url: `/webhooks/heynow/${direct}`,
      payload: raw,
      headers: { 'content-type': 'application/json', 'x-heynow-signature': hmac(PARTNER_TOKEN, raw) },
    });
  };
  const whatsapp = (body: unknown) => {
    const raw = JSON.stringify(body);
    return t.request({
      method: 'POST',
      url: `/webhooks/whatsapp-cloud/${cloud}`,
      payload: raw,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': hmac(APP_SECRET, raw) },
    });
  };
  const handoff = (conversationId: string, extra: Record<string, unknown> = {}) => ({
    event: 'handoff',
    conversationId,
    contact: { phone: '+59899000001', name: 'Ana' },
    skill: 'ventas',
    messageId: `${conversationId}-m1`,
    text: 'hola',
    ...extra,
  });
  const interactionsOf = (conversationId: string) =>
    t.database.db
      .selectFrom('interactions')
      .selectAll()
      .where('provider_id', 'in', [direct, cloud])
      .where('external_conversation_id', '=', conversationId)
      .execute();

  it('stores the good events of a batch before answering 200 and names each bad one by index, field and reason', async () => {
    const res = await heynow({
      events: [
        handoff('batch-good-1'),
        handoff('batch-bad-nul', { conversationId: 'batch\u0000bad' }),
        handoff('batch-bad-time', { timestamp: 1e300 }),
        handoff('batch-good-2', { timestamp: '2024-05-01T10:00:05Z' }),
        handoff('batch-bad-negative', { timestamp: -1 }),
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      ok: true,
      accepted: 2,
      created: 2,
      rejected: [
        {
          index: 1,
          field: 'events[1].conversationId',
          reason: 'events[1].conversationId: must not contain NUL characters',
        },
        { index: 2, field: 'events[2].timestamp', reason: expect.stringContaining('between 1970 and 9999') as string },
        { index: 4, field: 'events[4].timestamp', reason: expect.stringContaining('between 1970 and 9999') as string },
      ],
    });
    // Durable at the answer: the good ones are already in the database.
    expect(await interactionsOf('batch-good-1')).toHaveLength(1);
    expect(await interactionsOf('batch-good-2')).toHaveLength(1);
    expect(await interactionsOf('batch-bad-time')).toHaveLength(0);
  });

  it('answers 400 naming the field, not 500, to a single event with a NUL in a name or id, or an impossible timestamp', async () => {
    const cases: [unknown, string][] = [
      [handoff('one-nul-name', { contact: { phone: '+598990', name: 'A\u0000na' } }), 'contact.name'],
      [handoff('one-nul-id', { conversationId: 'x\u0000' }), 'conversationId'],
      [handoff('one-nul-skill', { skill: 'ven\u0000tas' }), 'skill'],
      [handoff('one-huge', { timestamp: 1e300 }), 'timestamp'],
      [handoff('one-negative', { timestamp: -5 }), 'timestamp'],
      [handoff('one-far', { timestamp: '+275760-09-13T00:00:00.000Z' }), 'timestamp'],
      [handoff('one-long-id', { conversationId: 'x'.repeat(300) }), 'conversationId'],
      [{ event: 'message', conversationId: 'c', messageId: 'm', text: 'x', timestamp: 1e300 }, 'timestamp'],
    ];
    for (const [body, field] of cases) {
      const res = await heynow(body);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json()).toMatchObject({ error: 'validation_failed', field });
    }
  });

  it('removes NUL characters from message text and stores the message', async () => {
    const res = await heynow(handoff('nul-text', { text: 'ho\u0000la\u0000' }));
    expect(res.statusCode, res.body).toBe(200);
    const [interaction] = await interactionsOf('nul-text');
    const messages = await t.database.db
      .selectFrom('messages')
      .select('body')
      .where('interaction_id', '=', interaction!.id)
      .execute();
    expect(messages.map((m) => m.body)).toContain('hola');
  });

  it('keeps the good messages of a WhatsApp notification and names the bad one', async () => {
    const res = await whatsapp(
      notification({
        messages: [
          { from: '59899000777', id: 'wamid.good', timestamp: '1714557600', type: 'text', text: { body: 'hola' } },
          { from: '59899000778', id: 'wamid.bad', timestamp: '1' + '0'.repeat(300), type: 'text', text: { body: 'x' } },
          { from: '5989\u0000', id: 'wamid.nul', type: 'text', text: { body: 'x' } },
        ],
      }),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      accepted: 1,
      created: 1,
      rejected: [
        { index: 1, field: 'entry[0].changes[0].value.messages[1].timestamp' },
        { index: 2, field: 'entry[0].changes[0].value.messages[2].from' },
      ],
    });
    expect(await interactionsOf('59899000777')).toHaveLength(1);
    expect(await interactionsOf('59899000778')).toHaveLength(0);
  });

  it('answers 404, not 500, to a provider id that is not an id on every webhook route', async () => {
    for (const [method, url] of [
      ['POST', '/webhooks/heynow/%00'],
      ['POST', '/webhooks/whatsapp-cloud/%00'],
      ['GET', '/webhooks/whatsapp-cloud/%00?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1'],
      ['POST', '/webhooks/heynow/not%20an%20id'],
    ] as const) {
      const res = await t.request({ method, url, ...(method === 'POST' ? { payload: '{}' } : {}) });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(404);
    }
  });

  it("answers 403, not 500, to Meta's verification with a repeated hub.verify_token or hub.challenge", async () => {
    const base = `/webhooks/whatsapp-cloud/${cloud}?hub.mode=subscribe`;
    const ok = await t.request({ method: 'GET', url: `${base}&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=42` });
    expect(ok.statusCode).toBe(200);
    for (const query of [
      `&hub.verify_token=${VERIFY_TOKEN}&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=42`,
      `&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=42&hub.challenge=43`,
      `&hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=42`,
    ]) {
      const res = await t.request({ method: 'GET', url: `${base}${query}` });
      expect(res.statusCode, `${query}: ${res.body}`).toBe(403);
    }
  });

  it('answers 400 to a login username holding a NUL', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ana\u0000', password: 'whatever-password' },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ error: 'validation_failed', field: 'username' });
  });

  it('answers 400 naming the field to a NUL in an API body or query, and 404 to an id that is not one', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/campaigns',
      payload: { name: 'Ven\u0000tas', skills: ['x'] },
      as: admin,
    });
    expect(created.statusCode, created.body).toBe(400);
    expect(created.json()).toMatchObject({ field: 'name' });
    const search = await t.request({ method: 'GET', url: '/api/recordings?customer=%00', as: admin });
    expect(search.statusCode, search.body).toBe(400);
    expect(search.json()).toMatchObject({ field: 'customer' });
    for (const url of ['/api/interactions/%00', '/api/providers/%00', '/api/recordings/%00/transcript']) {
      const res = await t.request({ method: 'GET', url, as: admin });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(404);
    }
  });
});
