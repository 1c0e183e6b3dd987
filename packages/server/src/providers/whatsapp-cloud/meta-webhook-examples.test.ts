// Meta's documented webhook payloads through the real HTTP route and database: the subscription check, the
// signature over the bytes as Meta sends them, one stored message per wamid however often Meta delivers it,
// and the 200 given before any slow work (media downloads, sends) has started.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectsUnderTest } from '../../storage/test-databases';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { startFakeGraphApi } from './fake-graph-api';
import { META_MESSAGE_EXAMPLES, META_STATUS_EXAMPLES, type MetaWebhookExample } from './meta-webhook-examples';
import { FIXTURE_PHONE_ID } from './notification-fixture';

const dialects = await dialectsUnderTest();
const APP_SECRET = 'meta-examples-app-secret';
const ACCESS_TOKEN = 'EAAG-meta-examples';
const VERIFY_TOKEN = 'meta-examples-verify';
const sign = (raw: Buffer) => `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`;

describe.each(dialects)('WhatsApp Cloud documented webhooks over HTTP on %s', (dialect) => {
  let t: TestApp;
  let graph: Awaited<ReturnType<typeof startFakeGraphApi>>;
  let cloud: string;

  beforeAll(async () => {
    graph = await startFakeGraphApi(ACCESS_TOKEN);
    t = await createTestApp(dialect);
    cloud = (
      await t.services.providers.create({
        kind: 'whatsapp-cloud',
        name: 'meta-examples',
        platformId: FIXTURE_PHONE_ID,
        domain: graph.base,
        appSecret: APP_SECRET,
        accessToken: ACCESS_TOKEN,
        verifyToken: VERIFY_TOKEN,
      })
    ).id;
    // Through the API, so that the router learns of the campaign: reactions need the conversation open.
    const admin = await t.sessionFor('administrator');
    const campaign = await t.request({
      method: 'POST',
      url: '/api/campaigns',
      payload: {
        name: 'meta-examples',
        strategy: 'nocall',
        skills: ['default'],
        providerIds: [cloud],
        messages: { welcome: '' },
      },
      as: admin.cookie,
    });
    expect(campaign.statusCode, campaign.body).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await graph?.close();
  });

  const post = (raw: Buffer, signature = sign(raw)) =>
    t.request({
      method: 'POST',
      url: `/webhooks/whatsapp-cloud/${cloud}`,
      payload: raw,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
    });
  const stored = (providerMessageId: string) =>
    t.database.db
      .selectFrom('messages')
      .select(['body', 'attachments_json'])
      .where('provider_id', '=', cloud)
      .where('provider_message_id', '=', providerMessageId)
      .execute();
  const idOf = (example: MetaWebhookExample) => {
    const event = example.expected[0]!;
    return 'providerMessageId' in event ? event.providerMessageId! : '';
  };

  it('answers the subscription check with the challenge, and 403 to a wrong token or mode', async () => {
    const get = (query: string) => t.request({ method: 'GET', url: `/webhooks/whatsapp-cloud/${cloud}?${query}` });
    const ok = await get(`hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain/);
    expect(ok.body).toBe('1158201444');
    expect((await get('hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1')).statusCode).toBe(403);
    expect((await get(`hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`)).statusCode).toBe(403);
  });

  // In order: the first text opens the conversation that the reactions further down belong to.
  it.each(META_MESSAGE_EXAMPLES.map((e) => [e.name, e] as const))(
    '%s: 200 before any slow work, stored once when delivered twice',
    async (_name, example) => {
      const calls = graph.calls.length;
      const first = await post(example.raw);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toMatchObject({ accepted: 1, rejected: [], duplicates: 0 });
      // The media download and any send happen after the answer: the webhook itself made no Graph call.
      expect(graph.calls.length).toBe(calls);
      const rows = await stored(idOf(example));
      expect(rows, first.body).toHaveLength(1);
      if (example.readable) expect(rows[0]!.body).toBe(example.readable);
      const event = example.expected[0]!;
      const media = event.kind === 'handoff' ? (event.firstMessage?.attachments ?? []) : [];
      for (const file of media) expect(rows[0]!.attachments_json).toContain(file.providerMediaId);

      const again = await post(example.raw);
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toMatchObject({ accepted: 1, duplicates: 1 });
      expect(await stored(idOf(example))).toHaveLength(1);
    },
  );

  it.each(META_STATUS_EXAMPLES.map((e) => [e.name, e] as const))(
    '%s: 200, and 200 again on redelivery',
    async (_name, example) => {
      for (let i = 0; i < 2; i++) {
        const res = await post(example.raw);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toMatchObject({ accepted: 1, rejected: [] });
      }
    },
  );

  it('checks the signature over the bytes Meta sent: the same JSON re-serialised is refused', async () => {
    const example = META_MESSAGE_EXAMPLES.find((e) => e.raw.includes('\\u00e9'))!;
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(example.raw.toString('utf8'))));
    expect(reserialised.equals(example.raw)).toBe(false);
    const res = await post(reserialised, sign(example.raw));
    expect(res.statusCode).toBe(401);
    expect((await post(example.raw, sign(reserialised))).statusCode).toBe(401);
  });
});
