import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dialectsUnderTest } from '../../storage/test-databases';
import { campaignWithProvider, createHarness, webhook, type Harness } from '../../testing/supervision-harness';

const dialects = await dialectsUnderTest();
const NOW = Date.UTC(2026, 2, 10, 15, 0, 0);
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
  Buffer.from('attachment access test bytes'),
]);

type User = { cookie: string; userId: string };

/** A PNG-signed upload of `bytes` bytes (different content each time, so tests can tell files apart). */
function png(extra = 0, tag = ''): string {
  return Buffer.concat([PNG, Buffer.from(tag), Buffer.alloc(extra, 7)]).toString('base64');
}

describe.each(dialects)('who may read, send and keep attachments on %s', (dialect) => {
  let h: Harness;
  let admin: User;
  let supervisor: User;
  let outsider: User;
  let ana: User;
  let bruno: User;
  let carla: User;
  let interactionId: string;

  const upload = (who: User, tag: string, extra = 0) =>
    h.request({
      method: 'POST',
      url: '/api/attachments',
      payload: { name: `${tag}.png`, mimeType: 'image/png', dataBase64: png(extra, tag) },
      as: who.cookie,
    });
  const read = (who: User, id: string) => h.request({ method: 'GET', url: `/api/attachments/${id}`, as: who.cookie });
  // Files on disk (SQLite) or in the database (PostgreSQL): asked through the store either way.
  const stored = async (id: string) => (await h.services.files.get(id)) !== null;
  const send = (who: User, attachmentIds: string[]) =>
    h.request({
      method: 'POST',
      url: `/api/interactions/${interactionId}/messages`,
      payload: { attachmentIds },
      as: who.cookie,
    });

  beforeAll(async () => {
    h = await createHarness(dialect, NOW);
    admin = await h.sessionFor('administrator');
    const { providerId, campaignId } = await campaignWithProvider(h, admin.cookie, {
      name: 'Ventas',
      strategy: 'nocall',
      deliveryMode: 'linear',
      skills: ['ventas'],
      messages: { welcome: '' },
    });
    supervisor = await h.sessionFor('supervisor', 'Sofía', [campaignId]);
    outsider = await h.sessionFor('supervisor', 'Otro', []);
    ana = await h.sessionFor('agent', 'Ana');
    bruno = await h.sessionFor('agent', 'Bruno');
    carla = await h.sessionFor('agent', 'Carla');
    await h.request({
      method: 'POST',
      url: '/api/members',
      payload: { campaignIds: [campaignId], add: [ana.userId, bruno.userId, carla.userId] },
      as: admin.cookie,
    });
    await h.settle();
    await h.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'available' }, as: ana.cookie });
    const hook = await webhook(h, providerId, {
      event: 'handoff',
      conversationId: 'att-1',
      contact: { phone: '+59899123123' },
      skill: 'ventas',
      messageId: 'att-1-m',
      text: 'hola',
    });
    expect(hook.statusCode).toBe(200);
    await h.settle();
    const row = await h.database.db
      .selectFrom('interactions')
      .select(['id', 'owner_agent_id'])
      .where('external_conversation_id', '=', 'att-1')
      .executeTakeFirstOrThrow();
    expect(row.owner_agent_id).toBe(ana.userId);
    interactionId = row.id;
  });
  afterAll(() => h.close());

  it('serves a sent file to its uploader, the agents who hold or held its interaction, staff in scope and administrators, and 404 to anyone else', async () => {
    const file = await upload(ana, 'sent-by-ana');
    expect(file.statusCode).toBe(201);
    const id = file.json().id as string;
    expect((await send(ana, [id])).statusCode).toBe(201);

    for (const who of [ana, admin, supervisor]) {
      const res = await read(who, id);
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(Buffer.from(png(0, 'sent-by-ana'), 'base64'))).toBe(true);
    }
    // Never held it, or staff outside the campaign: the same answer as for a file that does not exist.
    for (const who of [bruno, carla, outsider]) {
      const res = await read(who, id);
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe((await read(who, 'no-such-file')).body.replace('no-such-file', id));
    }

    // Bruno takes the conversation over by transfer: now he holds it, and Ana, who held it, still may read.
    await h.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'available' }, as: bruno.cookie });
    const transfer = await h.request({
      method: 'POST',
      url: `/api/interactions/${interactionId}/transfer`,
      payload: { toAgentId: bruno.userId },
      as: ana.cookie,
    });
    expect(transfer.statusCode).toBe(202);
    const accepted = await h.request({
      method: 'POST',
      url: `/api/interactions/${interactionId}/transfer/accept`,
      as: bruno.cookie,
    });
    expect(accepted.statusCode).toBe(204);
    expect((await read(bruno, id)).statusCode).toBe(200);
    expect((await read(ana, id)).statusCode).toBe(200);
    expect((await read(carla, id)).statusCode).toBe(404);
  });

  it('keeps an unsent upload to its uploader (and administrators)', async () => {
    const file = await upload(carla, 'carla-draft');
    const id = file.json().id as string;
    expect((await read(carla, id)).statusCode).toBe(200);
    expect((await read(admin, id)).statusCode).toBe(200);
    for (const who of [ana, bruno, supervisor]) expect((await read(who, id)).statusCode).toBe(404);
  });

  it("refuses to send someone else's upload, and an upload a second time", async () => {
    const owner = (
      await h.database.db
        .selectFrom('interactions')
        .select('owner_agent_id')
        .where('id', '=', interactionId)
        .executeTakeFirstOrThrow()
    ).owner_agent_id;
    const holder = owner === bruno.userId ? bruno : ana;
    const other = holder === bruno ? carla : bruno;

    const theirs = (await upload(other, 'not-yours')).json().id as string;
    const stolen = await send(holder, [theirs]);
    expect(stolen.statusCode).toBe(404);
    expect(stolen.json().message).toContain(theirs);

    const mine = (await upload(holder, 'once')).json().id as string;
    expect((await send(holder, [mine])).statusCode).toBe(201);
    const again = await send(holder, [mine]);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/already sent/);
    // The same upload twice in one message is the same second send, refused whole.
    const twice = (await upload(holder, 'twice')).json().id as string;
    expect((await send(holder, [twice, twice])).statusCode).toBe(409);
    const messages = await h.database.db
      .selectFrom('messages')
      .select('attachments_json')
      .where('interaction_id', '=', interactionId)
      .where('attachments_json', 'like', `%${twice}%`)
      .execute();
    expect(messages).toHaveLength(0);
  });

  it('signs an expiry into provider media links: valid until the configured days pass, not extendable by editing the URL', async () => {
    const holderId = (
      await h.database.db
        .selectFrom('interactions')
        .select('owner_agent_id')
        .where('id', '=', interactionId)
        .executeTakeFirstOrThrow()
    ).owner_agent_id;
    const holder = holderId === bruno.userId ? bruno : ana;
    const id = (await upload(holder, 'for-the-provider')).json().id as string;
    expect((await send(holder, [id])).statusCode).toBe(201);
    const command = await h.database.db
      .selectFrom('outbox')
      .select('command_json')
      .where('command_json', 'like', `%/media/${id}/%`)
      .executeTakeFirstOrThrow();
    const url = new URL((JSON.parse(command.command_json) as { content: { url: string } }).content.url);
    const [, , , token] = url.pathname.split('/');
    const [expires, mac] = token!.split('.');
    expect(Number(expires) * 1000).toBe(Math.floor((h.clock.now + 7 * DAY) / 1000) * 1000);

    const fetched = await h.request({ method: 'GET', url: url.pathname });
    expect(fetched.statusCode).toBe(200);
    expect(fetched.headers['content-type']).toBe('image/png');

    const extended = `/media/${id}/${Number(expires) + 30 * 86400}.${mac}`;
    expect((await h.request({ method: 'GET', url: extended })).statusCode).toBe(404);
    expect((await h.request({ method: 'GET', url: `/media/${id}/${expires}.${'A'.repeat(43)}` })).statusCode).toBe(404);

    const before = h.clock.now;
    h.clock.now += 7 * DAY + 1000;
    try {
      const expired = await h.request({ method: 'GET', url: url.pathname });
      expect(expired.statusCode).toBe(410);
      expect(expired.json().message).toMatch(/expired/);
      // An edited expiry is still only a bad signature.
      expect((await h.request({ method: 'GET', url: extended })).statusCode).toBe(404);
    } finally {
      h.clock.now = before;
    }
  });

  it('purges uploads left unsent for 24 hours, rows and files, with the periodic job, and keeps sent ones', async () => {
    const abandoned = (await upload(carla, 'abandoned')).json().id as string;
    const keptDraft = (await upload(carla, 'fresh-draft')).json().id as string;
    const sentIds = await h.database.db
      .selectFrom('attachments')
      .select('id')
      .where('sent_at', 'is not', null)
      .execute();
    expect(sentIds.length).toBeGreaterThan(0);
    expect(await stored(abandoned)).toBe(true);

    // The fresh draft is younger: rewrite its age so that only the other one passes the 24 h mark.
    await h.database.db
      .updateTable('attachments')
      .set({ created_at: h.clock.now + 2 * HOUR })
      .where('id', '=', keptDraft)
      .execute();
    const before = h.clock.now;
    h.clock.now += DAY + HOUR;
    const errors: unknown[] = [];
    const stop = h.services.attachments.startPurging(50, (error) => errors.push(error));
    try {
      await vi.waitFor(
        async () => {
          const row = await h.database.db
            .selectFrom('attachments')
            .select('id')
            .where('id', '=', abandoned)
            .executeTakeFirst();
          expect(row).toBeUndefined();
        },
        { timeout: 5000, interval: 20 },
      );
    } finally {
      // The row goes before its file: waiting for the pass under way to end is what makes the file checks fair.
      await stop();
      h.clock.now = before;
    }
    expect(errors).toEqual([]);
    expect(await stored(abandoned)).toBe(false);
    expect(await stored(keptDraft)).toBe(true);
    for (const { id } of sentIds) expect(await stored(id)).toBe(true);
    const left = await h.database.db.selectFrom('attachments').select('id').where('sent_at', 'is not', null).execute();
    expect(left.map((r) => r.id).sort()).toEqual(sentIds.map((r) => r.id).sort());
  });
});

describe.each(dialects)('the per-user upload quota on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect, NOW, { uploadQuotaMbPerHour: 1 });
  });
  afterAll(() => h.close());

  it('answers 429 naming the limit once a user passes it within an hour, counts each user apart, and frees up after the hour', async () => {
    const [ana, bruno] = [await h.sessionFor('agent'), await h.sessionFor('agent')];
    const big = (who: { cookie: string }, tag: string) =>
      h.request({
        method: 'POST',
        url: '/api/attachments',
        payload: { name: `${tag}.png`, mimeType: 'image/png', dataBase64: png(600 * 1024, tag) },
        as: who.cookie,
      });
    expect((await big(ana, 'a1')).statusCode).toBe(201);
    const refused = await big(ana, 'a2');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: 'rate_limited' });
    expect(refused.json().message).toMatch(/1 MB per hour/);
    expect((await big(bruno, 'b1')).statusCode).toBe(201);
    h.clock.now += HOUR + 1000;
    expect((await big(ana, 'a3')).statusCode).toBe(201);
  });
});
