import type { InteractionListPage, InteractionTranscript } from '@switchboard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectsUnderTest } from '../storage/test-databases';
import { SYSTEM_ACTOR } from '../supervision/audit-log';
import { campaignWithProvider, createHarness, type Harness } from '../testing/supervision-harness';

const dialects = await dialectsUnderTest();
const NOW = Date.UTC(2026, 2, 10, 15, 0, 0);
const MIN = 60_000;
const HOUR = 3600_000;

describe.each(dialects)('the read API for integrations on %s', (dialect) => {
  let h: Harness;
  let admin: string;
  let providerId: string;
  const campaigns: Record<'ventas' | 'soporte', string> = { ventas: '', soporte: '' };
  const agents: Record<'ana' | 'bruno', { id: string; username: string }> = {
    ana: { id: '', username: '' },
    bruno: { id: '', username: '' },
  };
  let reader: string;
  let presenceOnly: string;
  let n = 0;

  async function seed(s: {
    campaign: 'ventas' | 'soporte';
    number: string;
    createdAt: number;
    owner?: 'ana' | 'bruno' | null;
    status?: 'waiting' | 'active' | 'closed';
    disposition?: object;
  }): Promise<string> {
    const { db } = h.database;
    const { interaction } = await h.services.conversations.createInteraction(db, {
      providerId,
      externalConversationId: `conv-${++n}`,
      campaignId: campaigns[s.campaign],
      customerNumber: s.number,
      customerName: `Customer ${n}`,
      skill: s.campaign,
      status: 'waiting',
      enteredAt: s.createdAt,
    });
    const status = s.status ?? 'closed';
    await db
      .updateTable('interactions')
      .set({
        created_at: s.createdAt,
        entered_at: s.createdAt,
        status,
        taken_at: status === 'waiting' ? null : s.createdAt + MIN,
        closed_at: status === 'closed' ? s.createdAt + 5 * MIN : null,
        close_reason: status === 'closed' ? 'agent' : null,
        owner_agent_id: s.owner === undefined ? agents.ana.id : s.owner ? agents[s.owner].id : null,
        disposition_json: s.disposition ? JSON.stringify(s.disposition) : null,
      })
      .where('id', '=', interaction.id)
      .execute();
    return interaction.id;
  }

  const get = (url: string, auth: { token?: string; cookie?: string } = { token: reader }) =>
    h.request({
      method: 'GET',
      url,
      ...(auth.token ? { headers: { authorization: `Bearer ${auth.token}` } } : {}),
      ...(auth.cookie ? { as: auth.cookie } : {}),
    });
  const list = async (query: string): Promise<InteractionListPage> => {
    const res = await get(`/api/v1/interactions?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as InteractionListPage;
  };
  const ids = async (query: string) => (await list(query)).items.map((i) => i.id);

  const seeded: Record<string, string> = {};

  beforeAll(async () => {
    h = await createHarness(dialect, NOW);
    admin = (await h.sessionFor('administrator')).cookie;
    const first = await campaignWithProvider(h, admin, { name: 'Ventas', skills: ['ventas'] });
    providerId = first.providerId;
    campaigns.ventas = first.campaignId;
    const second = await h.request({
      method: 'POST',
      url: '/api/campaigns',
      as: admin,
      payload: { name: 'Soporte', skills: ['soporte'], providerIds: [providerId] },
    });
    campaigns.soporte = second.json().id as string;
    for (const name of ['ana', 'bruno'] as const) {
      const { userId } = await h.sessionFor('agent', name);
      const user = await h.database.db
        .selectFrom('users')
        .select('username')
        .where('id', '=', userId)
        .executeTakeFirstOrThrow();
      agents[name] = { id: userId, username: user.username };
    }
    reader = (await h.services.serviceTokens.create({ name: 'crm', scopes: ['interactions:read'] }, SYSTEM_ACTOR))
      .token;
    presenceOnly = (await h.services.serviceTokens.create({ name: 'pbx', scopes: ['presence:write'] }, SYSTEM_ACTOR))
      .token;

    seeded.v1 = await seed({
      campaign: 'ventas',
      number: '+59899111222',
      createdAt: NOW - 3 * HOUR,
      disposition: { l1: 'Ventas', l2: 'Consulta' },
    });
    seeded.v2 = await seed({ campaign: 'ventas', number: '+59899333444', createdAt: NOW - 2 * HOUR, owner: 'bruno' });
    seeded.s1 = await seed({
      campaign: 'soporte',
      number: '+59899555666',
      createdAt: NOW - HOUR,
      owner: 'bruno',
      status: 'active',
    });
    seeded.s2 = await seed({
      campaign: 'soporte',
      number: '+59899111000',
      createdAt: NOW - 30 * MIN,
      owner: null,
      status: 'waiting',
    });
    seeded.old = await seed({ campaign: 'ventas', number: '+59899111222', createdAt: NOW - 30 * HOUR });
  });
  afterAll(() => h.close());

  it('lists the last 24 hours by default, oldest first, in the documented shape', async () => {
    const page = await list('');
    expect(page.items.map((i) => i.id)).toEqual([seeded.v1, seeded.v2, seeded.s1, seeded.s2]);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toEqual({
      id: seeded.v1,
      campaign: { id: campaigns.ventas, name: 'Ventas' },
      agent: agents.ana,
      customer: { number: '+59899111222', name: expect.any(String) },
      status: 'closed',
      disposition: ['Ventas', 'Consulta'],
      createdAt: NOW - 3 * HOUR,
      takenAt: NOW - 3 * HOUR + MIN,
      closedAt: NOW - 3 * HOUR + 5 * MIN,
      closeReason: 'agent',
    });
    expect(page.items[3]!.agent).toBeNull();
  });

  it('filters by date (ISO 8601 or epoch ms), campaign, agent, number (exact or fragment) and status', async () => {
    const iso = new Date(NOW - 31 * HOUR).toISOString();
    expect(await ids(`from=${encodeURIComponent(iso)}&to=${NOW - 2 * HOUR}`)).toEqual([
      seeded.old,
      seeded.v1,
      seeded.v2,
    ]);
    expect(await ids(`from=2026-03-09&to=2026-03-09T12:30:00`)).toEqual([seeded.old]);
    expect(await ids(`campaignId=${campaigns.soporte}`)).toEqual([seeded.s1, seeded.s2]);
    expect(await ids(`agentId=${agents.bruno.id}`)).toEqual([seeded.v2, seeded.s1]);
    expect(await ids(`customerNumber=${encodeURIComponent('+59899111222')}`)).toEqual([seeded.v1]);
    expect(await ids('customerNumber=111')).toEqual([seeded.v1, seeded.s2]);
    // the number only: the customer's name ("Customer 1") is not searched
    expect(await ids('customerNumber=Customer')).toEqual([]);
    expect(await ids('status=active')).toEqual([seeded.s1]);
    expect(await ids(`status=closed&campaignId=${campaigns.ventas}&agentId=${agents.ana.id}`)).toEqual([seeded.v1]);
  });

  it('pages by cursor with no duplicates or gaps while new interactions arrive', async () => {
    const from = NOW + HOUR;
    const expected: string[] = [];
    for (let i = 0; i < 23; i++) {
      expected.push(
        await seed({ campaign: i % 2 ? 'ventas' : 'soporte', number: `+5980000${i}`, createdAt: from + i }),
      );
    }
    // two interactions in the same millisecond: the id breaks the tie
    expected.push(await seed({ campaign: 'ventas', number: '+59800100', createdAt: from + 22 }));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let arrivals = 0;
    do {
      const page: InteractionListPage = await list(
        `from=${from}&limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages++;
      if (cursor && pages <= 3) {
        // new conversations keep coming in while the integration pages
        for (let k = 0; k < 2; k++) {
          expected.push(
            await seed({ campaign: 'ventas', number: `+59811${arrivals}`, createdAt: from + 100 + arrivals }),
          );
          arrivals++;
        }
      }
      expect(page.items.length).toBeLessThanOrEqual(5);
    } while (cursor && pages < 50);
    expect(cursor).toBeNull();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual([...expected].sort());
    expect(pages).toBe(Math.ceil(expected.length / 5));
  });

  it('answers a token without interactions:read 403, none or a revoked one 401, and lets an administrator in', async () => {
    expect((await get('/api/v1/interactions', { token: presenceOnly })).statusCode).toBe(403);
    expect((await get(`/api/v1/interactions/${seeded.v1}/transcript`, { token: presenceOnly })).statusCode).toBe(403);
    expect((await get('/api/v1/interactions', {})).statusCode).toBe(401);
    expect((await get('/api/v1/interactions', { token: 'sbt_not-a-real-token' })).statusCode).toBe(401);
    const revoked = await h.services.serviceTokens.create({ name: 'old', scopes: ['interactions:read'] }, SYSTEM_ACTOR);
    expect((await get('/api/v1/interactions', { token: revoked.token })).statusCode).toBe(200);
    await h.services.serviceTokens.revoke(revoked.id, SYSTEM_ACTOR);
    expect((await get('/api/v1/interactions', { token: revoked.token })).statusCode).toBe(401);
    expect((await get('/api/v1/interactions', { cookie: admin })).statusCode).toBe(200);
    const supervisor = (await h.sessionFor('supervisor')).cookie;
    expect((await get('/api/v1/interactions', { cookie: supervisor })).statusCode).toBe(403);
  });

  it.each([
    ['from=yesterday', 'from'],
    ['from=2026-13-45T00:00:00Z', 'from'],
    ['to=99999999999999999999', 'to'],
    [`from=${NOW}&to=${NOW - 1}`, 'to'],
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
    [`cursor=${Buffer.from('[1,2]').toString('base64url')}`, 'cursor'],
    ['status=lost', 'status'],
    ['customerNumber=', 'customerNumber'],
    ['page=2', 'page'],
  ])('answers %s with 400 naming %s', async (query, field) => {
    const res = await get(`/api/v1/interactions?${query}`);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ error: 'validation_failed', field });
    expect(res.json().message).toContain(field);
  });

  it('returns a transcript: messages in order with attachment metadata only, and the routing timeline', async () => {
    const { db } = h.database;
    const store = h.services.conversations;
    const id = seeded.v1!;
    await store.recordTimeline(db, { interactionId: id, type: 'queued', campaignId: campaigns.ventas, agentId: null });
    await store.recordTimeline(db, {
      interactionId: id,
      type: 'assigned',
      campaignId: campaigns.ventas,
      agentId: agents.ana.id,
    });
    const t0 = NOW - 3 * HOUR;
    // stored out of order: the transcript is ordered by time
    await store.appendMessage(db, {
      interactionId: id,
      providerId,
      direction: 'out',
      author: 'agent',
      agentId: agents.ana.id,
      kind: 'text',
      body: 'Claro, ya le envío la factura',
      createdAt: t0 + 2000,
    });
    await store.appendMessage(db, {
      interactionId: id,
      providerId,
      direction: 'in',
      author: 'customer',
      kind: 'text',
      body: 'hola, necesito la factura',
      createdAt: t0 + 1000,
    });
    await store.appendMessage(db, {
      interactionId: id,
      providerId,
      direction: 'in',
      author: 'customer',
      kind: 'media',
      body: null,
      attachments: [
        {
          id: 'att-1',
          url: '/api/attachments/att-1?token=secret-token',
          mimeType: 'image/jpeg',
          name: 'foto.jpg',
          size: 42,
        },
      ],
      createdAt: t0 + 3000,
    });
    const res = await get(`/api/v1/interactions/${id}/transcript`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toContain('secret-token');
    const transcript = res.json() as InteractionTranscript;
    expect(transcript.interaction.id).toBe(id);
    expect(transcript.messages.map((m) => [m.author, m.text, m.at])).toEqual([
      ['customer', 'hola, necesito la factura', t0 + 1000],
      ['agent', 'Claro, ya le envío la factura', t0 + 2000],
      ['customer', null, t0 + 3000],
    ]);
    expect(transcript.messages[1]!.agent).toEqual(agents.ana);
    expect(transcript.messages[2]!.attachments).toEqual([
      { id: 'att-1', mimeType: 'image/jpeg', name: 'foto.jpg', size: 42 },
    ]);
    expect(transcript.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['queued', 'assigned']));
    const types = transcript.timeline.map((e) => e.type);
    expect(types.indexOf('queued')).toBeLessThan(types.indexOf('assigned'));

    const missing = await get('/api/v1/interactions/no-such-interaction/transcript');
    expect(missing.statusCode).toBe(404);
  });
});
