import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectsUnderTest } from '../../storage/test-databases';
import { customerLastWrote } from '../../testing/customer-last-wrote';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { until } from '../../testing/until';

const dialects = await dialectsUnderTest();
const TOKEN = 'partner-token-for-tests';

describe.each(dialects)('an agent works a conversation end to end on %s', (dialect) => {
  let t: TestApp;
  let admin: string;
  let providerId: string;
  let campaignId: string;
  const agents: { cookie: string; userId: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = (await t.sessionFor('administrator')).cookie;
    const as = (cookie: string) => ({ as: cookie });
    providerId = (
      await t.request({
        method: 'POST',
        url: '/api/providers',
        payload: {
          kind: 'heynow-direct',
          name: 'hn',
          domain: 'http://127.0.0.1:9',
          platformId: '598000',
          partnerToken: TOKEN,
        },
        ...as(admin),
      })
    ).json().id;
    const campaign = await t.request({
      method: 'POST',
      url: '/api/campaigns',
      payload: {
        name: 'Ventas',
        strategy: 'nocall',
        deliveryMode: 'linear',
        skills: ['ventas'],
        providerIds: [providerId],
        wrapUpSeconds: 30,
        cannedResponses: [{ title: 'Saludo', shortcut: '/hola', text: 'Hola {customer.name}' }],
        dispositions: [{ name: 'Ventas', children: [{ name: 'Consulta', children: [{ name: 'Precio' }] }] }],
      },
      ...as(admin),
    });
    campaignId = campaign.json().id;
    for (let i = 0; i < 2; i++) agents.push(await t.sessionFor('agent'));
    await t.request({
      method: 'POST',
      url: '/api/members',
      payload: { campaignIds: [campaignId], add: agents.map((a) => a.userId) },
      ...as(admin),
    });
  });
  afterAll(() => t.close());

  const hook = (payload: object) =>
    t.request({
      method: 'POST',
      url: `/webhooks/heynow/${providerId}`,
      payload,
      headers: { 'x-heynow-partner-token': TOKEN },
    });
  const inbox = (cookie: string) =>
    t.request({ method: 'GET', url: '/api/agent/inbox', as: cookie }).then((r) => r.json());
  const outbox = () =>
    t.database.db.selectFrom('outbox').select(['command_json', 'interaction_id']).orderBy('id').execute();

  it('routes a hand-off to the first available agent, who talks, closes with a disposition and enters wrap-up', async () => {
    const [ana] = agents;
    expect(
      (
        await t.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'available' }, as: ana!.cookie })
      ).json().status,
    ).toBe('available');

    const res = await hook({
      event: 'handoff',
      conversationId: 'conv-1',
      contact: { name: 'Ana', phone: '+59899111222' },
      skill: 'VENTAS',
      messageId: 'm-1',
      text: 'hola 👋',
    });
    expect(res.statusCode).toBe(200);
    const active = await until(
      'the assignment',
      async () => ((await inbox(ana!.cookie)).active as { id: string }[])[0],
    );

    const detail = (await t.request({ method: 'GET', url: `/api/interactions/${active.id}`, as: ana!.cookie })).json();
    expect(detail.interaction).toMatchObject({
      campaignName: 'Ventas',
      platformId: '598000',
      customerNumber: '+59899111222',
      status: 'active',
    });
    expect(detail.messages.map((m: { author: string; text: string }) => [m.author, m.text])).toContainEqual([
      'customer',
      'hola 👋',
    ]);
    expect(detail.window.open).toBe(true);
    expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['entered_queue', 'assigned']),
    );

    const sent = await t.request({
      method: 'POST',
      url: `/api/interactions/${active.id}/messages`,
      payload: { text: 'Hola Ana 😀' },
      as: ana!.cookie,
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({ author: 'agent', text: 'Hola Ana 😀', status: 'pending' });

    // A colleague cannot write into someone else's conversation.
    const intruder = await t.request({
      method: 'POST',
      url: `/api/interactions/${active.id}/messages`,
      payload: { text: 'x' },
      as: agents[1]!.cookie,
    });
    expect(intruder.statusCode).toBe(403);

    const noDisposition = await t.request({
      method: 'POST',
      url: `/api/interactions/${active.id}/close`,
      payload: {},
      as: ana!.cookie,
    });
    expect(noDisposition.statusCode).toBe(400);
    expect(noDisposition.json()).toMatchObject({ error: 'disposition_required', field: 'disposition' });
    const closed = await t.request({
      method: 'POST',
      url: `/api/interactions/${active.id}/close`,
      payload: { disposition: { l1: 'Ventas', l2: 'Consulta', l3: 'Precio' } },
      as: ana!.cookie,
    });
    expect(closed.statusCode).toBe(204);
    const again = await t.request({
      method: 'POST',
      url: `/api/interactions/${active.id}/close`,
      payload: { disposition: { l1: 'Ventas', l2: 'Consulta', l3: 'Precio' } },
      as: ana!.cookie,
    });
    expect(again.statusCode).toBeGreaterThanOrEqual(400);

    const kinds = (await outbox())
      .filter((o) => o.interaction_id === active.id)
      .map((o) => JSON.parse(o.command_json).kind);
    expect(kinds.filter((k) => k === 'attended')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'endConversation')).toHaveLength(1);
    // the welcome text may go first; the agent's own message always follows "attended"
    expect(kinds.indexOf('attended')).toBeLessThan(kinds.lastIndexOf('message'));

    const me = (await inbox(ana!.cookie)).me;
    expect(me.status).toBe('wrapup');
    expect(me.wrapupUntil).toBeGreaterThan(Date.now());
  });

  it('shows the earlier conversation, with the disposition it was closed with, when the same number writes again', async () => {
    const bruno = agents[1]!;
    await t.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'available' }, as: bruno.cookie });
    await hook({
      event: 'handoff',
      conversationId: 'conv-2',
      contact: { name: 'Ana', phone: '+59899111222' },
      skill: 'ventas',
      messageId: 'm-2',
      text: 'otra vez',
    });
    const active = await until(
      'the second assignment',
      async () => ((await inbox(bruno.cookie)).active as { id: string }[])[0],
    );
    const detail = (await t.request({ method: 'GET', url: `/api/interactions/${active.id}`, as: bruno.cookie })).json();
    expect(detail.earlierCount).toBe(1);
    const earlier = (
      await t.request({ method: 'GET', url: `/api/interactions/${active.id}/earlier`, as: bruno.cookie })
    ).json();
    expect(earlier).toHaveLength(1);
    expect(earlier[0].disposition).toEqual(['Ventas', 'Consulta', 'Precio']);
    expect(detail.interaction.channel).toBe('whatsapp');
    const old = (
      await t.request({ method: 'GET', url: `/api/interactions/${earlier[0].id}`, as: bruno.cookie })
    ).json();
    expect(old.messages.map((m: { text: string }) => m.text)).toContain('Hola Ana 😀');
  });

  it('refuses free text outside the 24-hour window but lets a template through (scenario 21)', async () => {
    const bruno = agents[1]!;
    const [active] = (await inbox(bruno.cookie)).active as { id: string }[];
    await customerLastWrote(t.database.db, { interactionId: active!.id }, Date.now() - 25 * 3600_000);
    const text = await t.request({
      method: 'POST',
      url: `/api/interactions/${active!.id}/messages`,
      payload: { text: 'hola' },
      as: bruno.cookie,
    });
    expect(text.statusCode).toBe(409);
    expect(text.json().error).toBe('outside_24h_window');
    const template = await t.request({
      method: 'POST',
      url: `/api/interactions/${active!.id}/messages`,
      payload: { template: { name: 'follow_up', language: 'es' } },
      as: bruno.cookie,
    });
    expect(template.statusCode).toBe(201);
  });

  it('has no window and no templates on a HeyNow Facebook conversation: free text goes out days later', async () => {
    const bruno = agents[1]!;
    const [active] = (await inbox(bruno.cookie)).active as { id: string }[];
    await t.request({
      method: 'PATCH',
      url: `/api/providers/${providerId}`,
      payload: { channel: 'facebook' },
      as: admin,
    });
    try {
      await customerLastWrote(t.database.db, { interactionId: active!.id }, Date.now() - 72 * 3600_000);
      const detail = (
        await t.request({ method: 'GET', url: `/api/interactions/${active!.id}`, as: bruno.cookie })
      ).json();
      expect(detail.interaction.channel).toBe('facebook');
      expect(detail.window).toEqual({ open: true, closesAt: null, applies: false });
      const text = await t.request({
        method: 'POST',
        url: `/api/interactions/${active!.id}/messages`,
        payload: { text: 'seguimos por acá' },
        as: bruno.cookie,
      });
      expect(text.statusCode, text.body).toBe(201);
      const template = await t.request({
        method: 'POST',
        url: `/api/interactions/${active!.id}/messages`,
        payload: { template: { name: 'follow_up', language: 'es' } },
        as: bruno.cookie,
      });
      expect(template.statusCode).toBe(400);
      expect(template.json().message).toContain('templates are a WhatsApp feature');
      const offered = (
        await t.request({ method: 'GET', url: `/api/interactions/${active!.id}/templates`, as: bruno.cookie })
      ).json();
      expect(offered).toEqual({ synced: false, customerLanguage: null, templates: [] });
    } finally {
      await t.request({
        method: 'PATCH',
        url: `/api/providers/${providerId}`,
        payload: { channel: 'whatsapp' },
        as: admin,
      });
    }
  });

  it("checks an attachment's type and size, and its content against its declared type", async () => {
    const bruno = agents[1]!;
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');
    const ok = await t.request({
      method: 'POST',
      url: '/api/attachments',
      payload: { name: 'p.png', mimeType: 'image/png', dataBase64: png },
      as: bruno.cookie,
    });
    expect(ok.statusCode).toBe(201);
    const exe = await t.request({
      method: 'POST',
      url: '/api/attachments',
      payload: { name: 'x.exe', mimeType: 'application/x-msdownload', dataBase64: png },
      as: bruno.cookie,
    });
    expect(exe.statusCode).toBe(415);
    const liar = await t.request({
      method: 'POST',
      url: '/api/attachments',
      payload: { name: 'x.pdf', mimeType: 'application/pdf', dataBase64: png },
      as: bruno.cookie,
    });
    expect(liar.statusCode).toBe(415);
    const [active] = (await inbox(bruno.cookie)).active as { id: string }[];
    await customerLastWrote(t.database.db, { interactionId: active!.id }, Date.now());
    const sent = await t.request({
      method: 'POST',
      url: `/api/interactions/${active!.id}/messages`,
      payload: { attachmentIds: [ok.json().id], text: 'la foto' },
      as: bruno.cookie,
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json().attachments[0]).toMatchObject({ mimeType: 'image/png', name: 'p.png' });
    const file = await t.request({ method: 'GET', url: ok.json().url, as: bruno.cookie });
    expect(file.headers['content-type']).toBe('image/png');
  });
});

describe('manual takes through the API (scenario 7)', () => {
  it('gives a contested interaction to exactly one of eight agents clicking Take at once', async () => {
    const t = await createTestApp('sqlite');
    try {
      const admin = (await t.sessionFor('administrator')).cookie;
      const providerId = (
        await t.request({
          method: 'POST',
          url: '/api/providers',
          payload: {
            kind: 'heynow-direct',
            name: 'hn',
            domain: 'http://127.0.0.1:9',
            platformId: '1',
            partnerToken: TOKEN,
          },
          as: admin,
        })
      ).json().id;
      const campaignId = (
        await t.request({
          method: 'POST',
          url: '/api/campaigns',
          payload: { name: 'R', strategy: 'ringall', skills: ['r'], providerIds: [providerId] },
          as: admin,
        })
      ).json().id;
      const agents = await Promise.all(Array.from({ length: 8 }, () => t.sessionFor('agent')));
      await t.request({
        method: 'POST',
        url: '/api/members',
        payload: { campaignIds: [campaignId], add: agents.map((a) => a.userId) },
        as: admin,
      });
      for (const a of agents)
        await t.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'available' }, as: a.cookie });
      await t.request({
        method: 'POST',
        url: `/webhooks/heynow/${providerId}`,
        payload: { event: 'handoff', conversationId: 'c', contact: { phone: '+1' }, skill: 'r', messageId: 'x' },
        headers: { 'x-heynow-partner-token': TOKEN },
      });
      const pending = await until(
        'the pending item',
        async () =>
          (
            (await t.request({ method: 'GET', url: '/api/agent/inbox', as: agents[0]!.cookie })).json().pending as {
              interactionId: string;
              takeable: boolean;
            }[]
          )[0],
      );
      expect(pending.takeable).toBe(true);
      const results = await Promise.all(
        agents.map((a) =>
          t.request({ method: 'POST', url: `/api/interactions/${pending.interactionId}/take`, as: a.cookie }),
        ),
      );
      const codes = results.map((r) => r.statusCode).sort();
      expect(codes).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
      expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().error === 'already_taken')).toBe(true);
    } finally {
      await t.close();
    }
  });
});
