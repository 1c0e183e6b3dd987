import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionStatus } from '../storage/schema';
import { dialectsUnderTest } from '../storage/test-databases';
import { campaignWithProvider, createHarness, type Harness } from '../testing/supervision-harness';

const dialects = await dialectsUnderTest();
const NOW = Date.UTC(2026, 2, 10, 15, 0, 0);
const MIN = 60_000;
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from: '00:00', to: '23:59' }));

interface Seed {
  conv: string;
  campaign: 'ventas' | 'soporte';
  number: string;
  name?: string;
  createdAt: number;
  status?: InteractionStatus;
  owner?: string | null;
  disposition?: object;
  messages?: string[];
  passedThrough?: string[];
}

function csvRows(text: string): string[][] {
  // Enough of RFC 4180 for the test: quoted cells with doubled quotes, CRLF between rows.
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (c !== '\r') cell += c;
  }
  return rows;
}

describe.each(dialects)('recordings on %s', (dialect) => {
  let h: Harness;
  let admin: string;
  const campaigns: Record<string, string> = {};
  let providerId: string;
  let ana: string;
  let bruno: string;
  const ids: Record<string, string> = {};

  async function seed(s: Seed): Promise<void> {
    const { db } = h.database;
    const store = h.services.conversations;
    const { interaction } = await store.createInteraction(db, {
      providerId,
      externalConversationId: s.conv,
      campaignId: campaigns[s.campaign]!,
      customerNumber: s.number,
      customerName: s.name ?? null,
      skill: s.campaign,
      status: 'waiting',
      enteredAt: s.createdAt,
    });
    const closed = (s.status ?? 'closed') === 'closed';
    await db
      .updateTable('interactions')
      .set({
        created_at: s.createdAt,
        entered_at: s.createdAt,
        taken_at: s.createdAt + MIN,
        status: s.status ?? 'closed',
        closed_at: closed ? s.createdAt + 5 * MIN : null,
        close_reason: closed ? 'agent' : null,
        owner_agent_id: s.owner === undefined ? ana : s.owner,
        disposition_json: s.disposition ? JSON.stringify(s.disposition) : null,
      })
      .where('id', '=', interaction.id)
      .execute();
    for (const [i, body] of (s.messages ?? ['hola']).entries()) {
      await store.appendMessage(db, {
        interactionId: interaction.id,
        providerId,
        direction: i % 2 ? 'out' : 'in',
        author: i % 2 ? 'agent' : 'customer',
        agentId: i % 2 ? ana : null,
        kind: 'text',
        body,
        createdAt: s.createdAt + i * 1000,
      });
    }
    for (const agentId of s.passedThrough ?? [])
      await store.recordTimeline(db, {
        interactionId: interaction.id,
        type: 'assigned',
        campaignId: campaigns[s.campaign]!,
        agentId,
      });
    ids[s.conv] = interaction.id;
  }

  const search = async (query: string, as = admin) => {
    const res = await h.request({ method: 'GET', url: `/api/recordings?${query}`, as });
    expect(res.statusCode).toBe(200);
    return res.json() as {
      rows: {
        id: string;
        agentNames: string[];
        disposition: string | null;
        customerNumber: string;
        channel?: string;
      }[];
      total: number;
    };
  };
  const found = async (query: string, as = admin) => (await search(query, as)).rows.map((r) => r.id);

  beforeAll(async () => {
    h = await createHarness(dialect, NOW);
    admin = (await h.sessionFor('administrator')).cookie;
    const first = await campaignWithProvider(h, admin, {
      name: 'Ventas',
      skills: ['ventas'],
      dispositions: [{ name: 'Ventas', children: [{ name: 'Consulta', children: [{ name: 'Precio' }] }] }],
    });
    providerId = first.providerId;
    campaigns.ventas = first.campaignId;
    campaigns.soporte = (
      await h.request({
        method: 'POST',
        url: '/api/campaigns',
        as: admin,
        payload: {
          name: 'Soporte',
          skills: ['soporte'],
          providerIds: [providerId],
          schedule: { timezone: 'America/Montevideo', ranges: EVERY_DAY },
        },
      })
    ).json().id;
    ana = (await h.sessionFor('agent', 'Ana')).userId;
    bruno = (await h.sessionFor('agent', 'Bruno')).userId;
    const today = NOW - 60 * MIN;
    await seed({
      conv: 'r1',
      campaign: 'ventas',
      number: '+59899111222',
      name: 'María, "la clienta"',
      createdAt: today,
      disposition: { l1: 'Ventas', l2: 'Consulta', l3: 'Precio' },
      messages: ['hola 👋 necesito la factura 4411', 'Claro, se la envío', 'gracias'],
    });
    await seed({
      conv: 'r2',
      campaign: 'ventas',
      number: '+59899333444',
      name: 'Pedro',
      createdAt: today + MIN,
      owner: bruno,
      passedThrough: [ana, bruno],
      messages: ['quiero cambiar el plan'],
    });
    await seed({
      conv: 'r3',
      campaign: 'soporte',
      number: '+59899555666',
      createdAt: today + 2 * MIN,
      owner: bruno,
      messages: ['no anda internet', 'reinicie el modem por favor'],
    });
    await seed({
      conv: 'r4',
      campaign: 'soporte',
      number: '+59899777888',
      createdAt: today + 3 * MIN,
      status: 'active',
      owner: bruno,
      messages: ['la factura vino mal'],
    });
    await seed({
      conv: 'r5',
      campaign: 'ventas',
      number: '+59899999000',
      createdAt: today + 4 * MIN,
      owner: null,
      status: 'waiting',
      messages: ['precio del plan'],
    });
    await h.services.conversations.appendMessage(h.database.db, {
      interactionId: ids.r1!,
      providerId,
      direction: 'in',
      author: 'customer',
      kind: 'media',
      body: null,
      attachments: [{ url: 'https://files.example/foto.jpg', mimeType: 'image/jpeg', name: 'foto.jpg' }],
      createdAt: today + 10_000,
    });
    await seed({
      conv: 'old',
      campaign: 'ventas',
      number: '+59899111222',
      createdAt: NOW - 30 * 3600_000,
      messages: ['factura de ayer'],
    });
  });
  afterAll(() => h.close());

  it('defaults to today and lists newest first', async () => {
    expect(await found('')).toEqual([ids.r5, ids.r4, ids.r3, ids.r2, ids.r1]);
  });

  it("names each recording's channel, from its provider", async () => {
    expect(new Set((await search('')).rows.map((r) => r.channel))).toEqual(new Set(['whatsapp']));
  });

  it('widens to an explicit date range', async () => {
    expect(await found(`from=${NOW - 31 * 3600_000}&to=${NOW - 29 * 3600_000}`)).toEqual([ids.old]);
  });

  it('pages, with the total of every match', async () => {
    const page = await search('pageSize=2&page=3');
    expect(page.total).toBe(5);
    expect(page.rows.map((r) => r.id)).toEqual([ids.r1]);
  });

  it('finds a customer by a number fragment or a name fragment, case-insensitively', async () => {
    expect(await found('customer=9933')).toEqual([ids.r2]);
    expect(await found('customer=mar%C3%ADa')).toEqual([ids.r1]);
    expect(await found('customer=PEDRO')).toEqual([ids.r2]);
    expect(await found('customer=%25')).toEqual([]);
  });

  it('searches message text through the full-text index, every word required', async () => {
    expect(await found('text=factura')).toEqual([ids.r4, ids.r1]);
    expect(await found('text=factura%204411')).toEqual([ids.r1]);
    expect(await found('text=modem')).toEqual([ids.r3]);
    expect(await found('text=%22%20OR%20*')).toEqual([]);
  });

  it('matches the beginning of words, so a partly typed word finds the whole one', async () => {
    expect(await found('text=factu')).toEqual([ids.r4, ids.r1]);
    expect(await found('text=factu%2044')).toEqual([ids.r1]);
    expect(await found('text=actura')).toEqual([]);
    expect(await found('text=%22factu%22*%20OR')).toEqual([]);
  });

  it('leaves supervisor whispers out of the message-text search', async () => {
    await h.services.conversations.appendMessage(h.database.db, {
      interactionId: ids.r4!,
      providerId,
      direction: 'internal',
      author: 'supervisor',
      agentId: null,
      kind: 'whisper',
      body: 'ofrecele el descuentazo',
      createdAt: NOW - 50 * MIN,
    });
    expect(await found('text=descuentazo')).toEqual([]);
    expect(await found('text=vino')).toEqual([ids.r4]);
  });

  it('keeps the full-text index in step with edited and deleted messages', async () => {
    const { db } = h.database;
    const msg = await db
      .selectFrom('messages')
      .select('id')
      .where('body', '=', 'reinicie el modem por favor')
      .executeTakeFirstOrThrow();
    await db.updateTable('messages').set({ body: 'reinicie el router' }).where('id', '=', msg.id).execute();
    expect(await found('text=modem')).toEqual([]);
    expect(await found('text=router')).toEqual([ids.r3]);
  });

  it('matches a disposition at any level, or a path from the top', async () => {
    expect(await found('disposition=consulta')).toEqual([ids.r1]);
    expect(await found(`disposition=${encodeURIComponent('Ventas > Consulta > Precio')}`)).toEqual([ids.r1]);
    expect(await found(`disposition=${encodeURIComponent('Consulta > Ventas')}`)).toEqual([]);
    expect((await search('disposition=precio')).rows[0]!.disposition).toBe('Ventas > Consulta > Precio');
  });

  it('finds every interaction an agent passed through, not only those they own now', async () => {
    expect(await found(`agentIds=${ana}`)).toEqual([ids.r2, ids.r1]);
    expect(await found(`agentIds=${bruno}`)).toEqual([ids.r4, ids.r3, ids.r2]);
    expect((await search(`agentIds=${ana}`)).rows[0]!.agentNames).toEqual(['Ana', 'Bruno']);
  });

  it('combines date, campaign, agent and number fragment (scenario 18)', async () => {
    expect(
      await found(`from=${NOW - 2 * 3600_000}&campaignIds=${campaigns.ventas}&agentIds=${ana}&customer=111222`),
    ).toEqual([ids.r1]);
  });

  it('filters by campaign, status and provider', async () => {
    expect(await found(`campaignIds=${campaigns.soporte}`)).toEqual([ids.r4, ids.r3]);
    expect(await found(`campaignIds=${campaigns.soporte},${campaigns.ventas}&status=active`)).toEqual([ids.r4]);
    expect(await found(`providerId=${providerId}&status=waiting`)).toEqual([ids.r5]);
  });

  it('limits a supervisor to the campaigns they are scoped to', async () => {
    const supervisor = (await h.sessionFor('supervisor', 'Sofía', [campaigns.soporte!])).cookie;
    expect(await found('', supervisor)).toEqual([ids.r4, ids.r3]);
    expect(await found(`campaignIds=${campaigns.ventas}`, supervisor)).toEqual([]);
    expect(
      (await h.request({ method: 'GET', url: `/api/recordings/${ids.r1}/transcript`, as: supervisor })).statusCode,
    ).toBe(404);
    const agent = (await h.sessionFor('agent')).cookie;
    expect((await h.request({ method: 'GET', url: '/api/recordings', as: agent })).statusCode).toBe(403);
  });

  it('exports as CSV the same rows as the search, one per interaction, quoted properly', async () => {
    const json = await search(`campaignIds=${campaigns.ventas}`);
    const res = await h.request({
      method: 'GET',
      url: `/api/recordings.csv?campaignIds=${campaigns.ventas}`,
      as: admin,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="recordings-.*\.csv"$/);
    const [header, ...rows] = csvRows(res.body);
    expect(header![0]).toBe('id');
    expect(rows.map((r) => r[0])).toEqual(json.rows.map((r) => r.id));
    const r1 = rows.find((r) => r[0] === ids.r1)!;
    expect(r1[header!.indexOf('customer_name')]).toBe('María, "la clienta"');
    expect(r1[header!.indexOf('customer_number')]).toBe('+59899111222');
    expect(r1[header!.indexOf('disposition')]).toBe('Ventas > Consulta > Precio');
    expect(r1[header!.indexOf('messages')]).toBe('4');
  });

  it("exports in the campaign's local time and names a supervisor who closed the conversation", async () => {
    const sergio = await h.sessionFor('supervisor', 'Sergio', [campaigns.soporte!]);
    await h.services.conversations.recordTimeline(h.database.db, {
      interactionId: ids.r3!,
      type: 'closed',
      campaignId: campaigns.soporte!,
      agentId: sergio.userId,
      detail: { reason: 'agent' },
    });
    const res = await h.request({
      method: 'GET',
      url: `/api/recordings.csv?campaignIds=${campaigns.soporte}`,
      as: admin,
    });
    const [header, ...rows] = csvRows(res.body);
    const cell = (row: string[], name: string) => row[header!.indexOf(name)];
    const r3 = rows.find((r) => r[0] === ids.r3)!;
    // Created an hour and two minutes before 15:00 UTC: 11:02 in Montevideo (UTC−3).
    expect(cell(r3, 'started_at')).toBe('2026-03-10 11:02:00 -03:00');
    expect(cell(r3, 'ended_at')).toBe('2026-03-10 11:07:00 -03:00');
    expect(cell(r3, 'time_zone')).toBe('America/Montevideo');
    expect(cell(r3, 'campaign')).toBe('Soporte');
    expect(cell(r3, 'agents')).toBe('Bruno');
    expect(cell(r3, 'closed_by')).toBe('Sergio (supervisor)');
    expect((await search(`campaignIds=${campaigns.soporte}`)).rows.find((r) => r.id === ids.r3)).toMatchObject({
      closedBy: { name: 'Sergio', role: 'supervisor' },
    });

    const txt = await h.request({ method: 'GET', url: `/api/recordings/${ids.r3}/transcript`, as: admin });
    expect(txt.body).toContain('Started: 2026-03-10 11:02:00 -03:00');
    expect(txt.body).toContain('by Sergio (supervisor)');
    expect(txt.body).toContain('Times in America/Montevideo');
    expect(txt.body).toMatch(/closed: by Sergio \(supervisor\), campaign Soporte/);
    expect(txt.body).not.toContain(campaigns.soporte!);
  });

  it('downloads the transcript in order, as text or JSON', async () => {
    const txt = await h.request({ method: 'GET', url: `/api/recordings/${ids.r1}/transcript?format=txt`, as: admin });
    expect(txt.statusCode).toBe(200);
    expect(txt.headers['content-disposition']).toBe(`attachment; filename="transcript-${ids.r1}.txt"`);
    const lines = txt.body.split('\n');
    const order = ['hola 👋 necesito la factura 4411', 'Claro, se la envío', 'gracias'].map((text) =>
      lines.findIndex((l) => l.endsWith(text)),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(txt.body).toContain('Ana (agent): Claro, se la envío');
    expect(
      lines.findIndex((l) => l.includes('attachment: foto.jpg (image/jpeg) https://files.example/foto.jpg')),
    ).toBeGreaterThan(order[2]!);
    const json = await h.request({ method: 'GET', url: `/api/recordings/${ids.r2}/transcript?format=json`, as: admin });
    expect(json.headers['content-disposition']).toBe(`attachment; filename="transcript-${ids.r2}.json"`);
    const body = JSON.parse(json.body);
    expect(body.messages.map((m: { text: string }) => m.text)).toEqual(['quiero cambiar el plan']);
    expect(body.timeline.map((e: { type: string }) => e.type)).toEqual(['assigned', 'assigned']);
  });
});
