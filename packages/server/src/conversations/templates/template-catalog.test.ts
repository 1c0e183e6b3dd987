// Approved WhatsApp templates come from the business account (GET /{waba-id}/message_templates, every page),
// on the administrator's demand and hourly by the injected clock; agents read them ranked for the customer.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InteractionTemplates, MessageTemplate, Provider, TemplateSyncResult } from '@switchboard/protocol';
import { startFakeGraphApi, type FakeTemplate } from '../../providers/whatsapp-cloud/fake-graph-api';
import { FIXTURE_PHONE_ID, notification } from '../../providers/whatsapp-cloud/notification-fixture';
import { dialectsUnderTest } from '../../storage/test-databases';
import { createHarness, type Harness } from '../../testing/supervision-harness';

const dialects = await dialectsUnderTest();
const NOW = Date.UTC(2026, 4, 4, 9, 0, 0);
const HOUR = 3_600_000;
const ACCESS_TOKEN = 'EAAG-template-sync-token';
const APP_SECRET = 'template-sync-app-secret';
const WABA = '102290129340398';

const body = (text: string) => [{ type: 'BODY', text }];
const ACCOUNT: FakeTemplate[] = [
  {
    name: 'seguimiento',
    language: 'es',
    status: 'APPROVED',
    category: 'UTILITY',
    components: body('Hola {{1}}, ¿seguimos con {{2}}?'),
  },
  {
    name: 'follow_up',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    components: body('Hi {{1}}, still there?'),
  },
  { name: 'promo', language: 'es', status: 'PENDING', category: 'MARKETING', components: body('Oferta') },
  {
    name: 'with_image',
    language: 'es',
    status: 'APPROVED',
    category: 'MARKETING',
    components: [{ type: 'HEADER', format: 'IMAGE' }, ...body('Mirá esto')],
  },
  { name: 'aviso', language: 'es_AR', status: 'APPROVED', category: 'UTILITY', components: body('Tu pedido llegó') },
];

describe.each(dialects)('WhatsApp template sync on %s', (dialect) => {
  let h: Harness;
  let graph: Awaited<ReturnType<typeof startFakeGraphApi>>;
  let admin: string;
  let providerId: string;

  const createCloud = async (name: string, extra: Record<string, unknown>) => {
    const res = await h.request({
      method: 'POST',
      url: '/api/providers',
      as: admin,
      payload: {
        kind: 'whatsapp-cloud',
        name,
        platformId: FIXTURE_PHONE_ID,
        domain: graph.base,
        appSecret: APP_SECRET,
        accessToken: ACCESS_TOKEN,
        verifyToken: `verify-${name}`,
        ...extra,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Provider;
  };
  const sync = (id: string) => h.request({ method: 'POST', url: `/api/providers/${id}/templates/sync`, as: admin });
  const listed = async (id: string) =>
    (await h.request({ method: 'GET', url: `/api/providers/${id}/templates`, as: admin })).json() as MessageTemplate[];

  beforeAll(async () => {
    graph = await startFakeGraphApi(ACCESS_TOKEN, { now: () => h.clock.now });
    h = await createHarness(dialect, NOW, {}, { templates: { intervalMs: HOUR } });
    admin = (await h.sessionFor('administrator')).cookie;
    providerId = (await createCloud('wa-templates', { wabaId: WABA })).id;
  });
  afterAll(async () => {
    await h.close();
    await graph.close();
  });
  beforeEach(() => {
    graph.reset();
    graph.setTemplates(WABA, ACCOUNT, 2);
  });

  it('reads every page and keeps the approved templates the composer can fill', async () => {
    const res = await sync(providerId);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<TemplateSyncResult>()).toEqual({ total: 5, approved: 3, unsupported: 1, syncedAt: h.clock.now });
    // Five templates, two a page: three calls, each after the previous page's cursor, with the bearer token.
    const calls = graph.templateCalls();
    expect(calls.map((c) => new URL(c.path, 'http://x').searchParams.get('after'))).toEqual([
      null,
      'cursor-2',
      'cursor-4',
    ]);
    expect(calls.every((c) => c.authorization === `Bearer ${ACCESS_TOKEN}`)).toBe(true);
    expect(calls[0]!.path).toContain(`/${WABA}/message_templates?`);
    expect(await listed(providerId)).toEqual([
      { name: 'aviso', language: 'es_AR', category: 'UTILITY', bodyText: 'Tu pedido llegó', paramCount: 0 },
      { name: 'follow_up', language: 'en_US', category: 'UTILITY', bodyText: 'Hi {{1}}, still there?', paramCount: 1 },
      {
        name: 'seguimiento',
        language: 'es',
        category: 'UTILITY',
        bodyText: 'Hola {{1}}, ¿seguimos con {{2}}?',
        paramCount: 2,
      },
    ]);
    const view = (await h.request({ method: 'GET', url: `/api/providers/${providerId}`, as: admin })).json();
    expect(view).toMatchObject({ wabaId: WABA, templatesSyncedAt: h.clock.now });
  });

  it('replaces the stored set: a template paused or deleted at Meta is no longer offered', async () => {
    await sync(providerId);
    graph.setTemplates(WABA, [{ ...ACCOUNT[0]!, status: 'PAUSED' }, ACCOUNT[1]!], 2);
    expect((await sync(providerId)).json()).toMatchObject({ total: 2, approved: 1 });
    expect((await listed(providerId)).map((t) => t.name)).toEqual(['follow_up']);
  });

  it("turns Meta's errors into a clear answer and keeps what was stored", async () => {
    await sync(providerId);
    graph.failNext(401, 1, 190, 'Error validating access token');
    const refused = await sync(providerId);
    expect(refused.statusCode).toBe(502);
    expect(refused.json().message).toBe(
      'Meta did not list the templates: Meta refused the access token (expired or revoked)',
    );
    expect(refused.body).not.toContain(ACCESS_TOKEN);
    graph.failNext(503, 1);
    expect((await sync(providerId)).statusCode).toBe(503);
    expect(await listed(providerId)).toHaveLength(3);
  });

  it('refuses to sync a provider without a business account id, naming the field, or a HeyNow one', async () => {
    const bare = await createCloud('wa-no-waba', {});
    const res = await sync(bare.id);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'wabaId' });
    const heynow = await h.request({
      method: 'POST',
      url: '/api/providers',
      as: admin,
      payload: { kind: 'heynow-direct', name: 'hn', domain: 'http://127.0.0.1:9', platformId: '1', partnerToken: 'x' },
    });
    expect((await sync(heynow.json().id)).statusCode).toBe(400);
    const badWaba = await h.request({
      method: 'PATCH',
      url: `/api/providers/${bare.id}`,
      as: admin,
      payload: { wabaId: 'not-digits' },
    });
    expect(badWaba.statusCode).toBe(400);
    expect(badWaba.body).toContain('wabaId');
  });

  it('syncs hourly by the clock, and retries a failed account after a few minutes rather than every tick', async () => {
    const catalog = h.services.templates;
    h.clock.now += 2 * HOUR;
    await catalog.syncDue();
    expect(graph.templateCalls()).toHaveLength(3);
    h.clock.now += HOUR - 1;
    await catalog.syncDue();
    expect(graph.templateCalls()).toHaveLength(3);
    h.clock.now += 1;
    graph.failNext(500, 1);
    await catalog.syncDue();
    expect(graph.templateCalls()).toHaveLength(4);
    h.clock.now += 60_000;
    await catalog.syncDue();
    expect(graph.templateCalls()).toHaveLength(4);
    h.clock.now += 5 * 60_000;
    await catalog.syncDue();
    expect(graph.templateCalls()).toHaveLength(7);
  });

  it('checks a template before it is queued: approved, in that language, with its number of parameters', async () => {
    await sync(providerId);
    const problem = (name: string, language: string, params?: string[]) =>
      h.services.templates.problemWith(providerId, { name, language, params });
    expect(await problem('seguimiento', 'es', ['Ana', 'el pedido'])).toBeNull();
    expect(await problem('seguimiento', 'es', ['Ana'])).toBe('"seguimiento" takes 2 parameter(s), 1 given');
    expect(await problem('seguimiento', 'en_US', ['Ana', 'x'])).toBe(
      '"seguimiento" (en_US) is not an approved template of this number',
    );
    expect(await problem('promo', 'es')).toBe('"promo" (es) is not an approved template of this number');
    // Nothing to check against before a first sync, or for a HeyNow provider: Meta (or HeyNow) decides.
    const bare = await createCloud(`wa-unsynced-${dialect}`, { wabaId: '999' });
    expect(await h.services.templates.problemWith(bare.id, { name: 'x', language: 'es' })).toBeNull();
  });

  it("offers a conversation's templates with the customer's language first", async () => {
    await sync(providerId);
    const campaign = await h.request({
      method: 'POST',
      url: '/api/campaigns',
      as: admin,
      payload: { name: `Plantillas ${dialect}`, strategy: 'nocall', skills: ['default'], providerIds: [providerId] },
    });
    expect(campaign.statusCode, campaign.body).toBe(201);
    const raw = JSON.stringify(
      notification({
        contacts: [{ profile: { name: 'Ana' }, wa_id: '59899111222' }],
        messages: [
          {
            from: '59899111222',
            id: `wamid.tpl-${dialect}`,
            timestamp: String(Math.floor(h.clock.now / 1000)),
            type: 'text',
            text: { body: 'hola' },
          },
        ],
      }),
    );
    const hook = await h.request({
      method: 'POST',
      url: `/webhooks/whatsapp-cloud/${providerId}`,
      payload: raw,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`,
      },
    });
    expect(hook.statusCode, hook.body).toBe(200);
    const interaction = await h.database.db
      .selectFrom('interactions')
      .select('id')
      .where('provider_id', '=', providerId)
      .executeTakeFirstOrThrow();
    const offered = (
      await h.request({ method: 'GET', url: `/api/interactions/${interaction.id}/templates`, as: admin })
    ).json() as InteractionTemplates;
    expect(offered.synced).toBe(true);
    expect(offered.customerLanguage).toBe('es');
    expect(offered.templates.map((t) => `${t.name}/${t.language}`)).toEqual([
      'aviso/es_AR',
      'seguimiento/es',
      'follow_up/en_US',
    ]);
  });
});
