// Customers' WhatsApp Cloud media (photos, voice notes…) arrive as media ids: the download worker fetches them
// from the Graph API, checks them and turns the placeholder into a file the holding agent can open.
import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Attachment, InteractionDetail } from '@switchboard/protocol';
import { startFakeGraphApi } from '../../providers/whatsapp-cloud/fake-graph-api';
import { FIXTURE_PHONE_ID, notification } from '../../providers/whatsapp-cloud/notification-fixture';
import { dialectsUnderTest } from '../../storage/test-databases';
import { createHarness, type Harness } from '../../testing/supervision-harness';
import { MediaDownloadWorker } from './media-download-worker';

const dialects = await dialectsUnderTest();
const NOW = Date.UTC(2026, 2, 10, 15, 0, 0);
const APP_SECRET = 'media-download-app-secret';
const ACCESS_TOKEN = 'EAAG-media-download-token';
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), Buffer.from('a customer photo '.repeat(50))]);
const OGG = Buffer.concat([Buffer.from('OggS'), Buffer.from('a voice note '.repeat(80))]);
/** Small limits so "too large" needs no megabytes: 64 KB for images, 1 MB for the rest. */
const maxBytes = (mimeType: string) => (mimeType.startsWith('image/') ? 64 * 1024 : 1024 * 1024);
const LEASE_MS = 60_000;

type User = { cookie: string; userId: string };

describe.each(dialects)('inbound WhatsApp Cloud media downloads on %s', (dialect) => {
  let h: Harness;
  let graph: Awaited<ReturnType<typeof startFakeGraphApi>>;
  let admin: User;
  let ana: User;
  let providerId: string;
  let n = 0;

  beforeAll(async () => {
    graph = await startFakeGraphApi(ACCESS_TOKEN);
    h = await createHarness(
      dialect,
      NOW,
      {},
      { media: { policy: { baseMs: 1000, capMs: 4000, maxAttempts: 5 }, leaseMs: LEASE_MS, maxBytes } },
    );
    admin = await h.sessionFor('administrator');
    const provider = await h.request({
      method: 'POST',
      url: '/api/providers',
      payload: {
        kind: 'whatsapp-cloud',
        name: 'wa',
        platformId: FIXTURE_PHONE_ID,
        domain: graph.base,
        appSecret: APP_SECRET,
        accessToken: ACCESS_TOKEN,
        verifyToken: 'verify-media',
      },
      as: admin.cookie,
    });
    expect(provider.statusCode, provider.body).toBe(201);
    providerId = provider.json().id as string;
    const campaign = await h.request({
      method: 'POST',
      url: '/api/campaigns',
      payload: {
        name: 'Media',
        strategy: 'nocall',
        skills: ['default'],
        providerIds: [providerId],
        messages: { welcome: '' },
      },
      as: admin.cookie,
    });
    expect(campaign.statusCode, campaign.body).toBe(201);
    ana = await h.sessionFor('agent', 'Ana');
    await h.request({
      method: 'POST',
      url: '/api/members',
      payload: { campaignIds: [campaign.json().id as string], add: [ana.userId] },
      as: admin.cookie,
    });
    await h.settle();
    await h.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'available' }, as: ana.cookie });
    h.services.mediaDownloads.start();
  });
  afterAll(async () => {
    await h.close();
    await graph.close();
  });
  beforeEach(() => graph.reset());

  const worker = () => h.services.mediaDownloads;

  /** A customer (new each time) sends `messages` by a signed webhook; returns the interaction id. */
  async function customerSends(messages: Record<string, unknown>[]): Promise<string> {
    const waId = `5989900${String(++n).padStart(4, '0')}`;
    const body = JSON.stringify(
      notification({
        contacts: [{ profile: { name: `Cliente ${n}` }, wa_id: waId }],
        messages: messages.map((m, i) => ({
          from: waId,
          id: `wamid.media-${dialect}-${n}-${i}`,
          timestamp: String(Math.floor(NOW / 1000) + i),
          ...m,
        })),
      }),
    );
    const res = await h.request({
      method: 'POST',
      url: `/webhooks/whatsapp-cloud/${providerId}`,
      payload: body,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const row = await h.database.db
      .selectFrom('interactions')
      .select('id')
      .where('provider_id', '=', providerId)
      .where('external_conversation_id', '=', waId)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function attachments(interactionId: string, who = admin): Promise<Attachment[]> {
    const res = await h.request({ method: 'GET', url: `/api/interactions/${interactionId}`, as: who.cookie });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as InteractionDetail).messages.flatMap((m) => m.attachments);
  }

  const image = (id: string) => ({ type: 'image', image: { mime_type: 'image/jpeg', sha256: 'x', id } });

  it('downloads a customer photo and a voice note, verified, readable by the holding agent, with real URLs in the interaction view', async () => {
    graph.addMedia(`photo-${dialect}`, { bytes: JPEG, mimeType: 'image/jpeg' });
    graph.addMedia(`voice-${dialect}`, { bytes: OGG, mimeType: 'audio/ogg; codecs=opus' });
    const updates: string[] = [];
    const off = h.services.bus.on('message.updated', (e) => updates.push(e.messageId));
    const interactionId = await customerSends([
      image(`photo-${dialect}`),
      {
        type: 'audio',
        audio: { mime_type: 'audio/ogg; codecs=opus', sha256: 'x', id: `voice-${dialect}`, voice: true },
      },
    ]);
    await h.settle();
    const owner = await h.database.db
      .selectFrom('interactions')
      .select('owner_agent_id')
      .where('id', '=', interactionId)
      .executeTakeFirstOrThrow();
    expect(owner.owner_agent_id).toBe(ana.userId);

    await expect
      .poll(async () => (await attachments(interactionId, ana)).map((a) => a.url === null), { timeout: 5000 })
      .toEqual([false, false]);
    off();
    expect(updates).toHaveLength(2);
    const [photo, voice] = await attachments(interactionId, ana);
    expect(photo).toMatchObject({ mimeType: 'image/jpeg', size: JPEG.length, url: `/api/attachments/${photo!.id}` });
    expect(voice).toMatchObject({ mimeType: 'audio/ogg', size: OGG.length, url: `/api/attachments/${voice!.id}` });
    for (const [a, bytes, type] of [
      [photo!, JPEG, 'image/jpeg'],
      [voice!, OGG, 'audio/ogg'],
    ] as const) {
      const res = await h.request({ method: 'GET', url: a.url!, as: ana.cookie });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain(type);
      expect(res.rawPayload.equals(bytes)).toBe(true);
    }
    // Both the lookup and the download carried the provider's bearer token.
    expect(graph.downloads.map((d) => d.authorization)).toEqual([`Bearer ${ACCESS_TOKEN}`, `Bearer ${ACCESS_TOKEN}`]);
    const rows = await h.database.db
      .selectFrom('attachments')
      .select(['sha256', 'interaction_id'])
      .where('id', 'in', [photo!.id!, voice!.id!])
      .execute();
    expect(rows.map((r) => r.sha256).sort()).toEqual(
      [JPEG, OGG].map((b) => createHash('sha256').update(b).digest('hex')).sort(),
    );
    expect(rows.every((r) => r.interaction_id === interactionId)).toBe(true);
    const transcript = await h.request({
      method: 'GET',
      url: `/api/recordings/${interactionId}/transcript`,
      as: admin.cookie,
    });
    expect(transcript.body).toContain(`/api/attachments/${photo!.id}`);
  });

  it('turns a file whose SHA-256 does not match into a failed placeholder saying why', async () => {
    graph.addMedia(`bad-sha-${dialect}`, { bytes: JPEG, mimeType: 'image/jpeg', sha256: 'ab'.repeat(32) });
    const interactionId = await customerSends([image(`bad-sha-${dialect}`)]);
    await expect.poll(async () => (await attachments(interactionId))[0]?.state, { timeout: 5000 }).toBe('failed');
    const [a] = await attachments(interactionId);
    expect(a).toEqual({
      url: null,
      state: 'failed',
      mimeType: 'image/jpeg',
      reason: 'damaged in transit: the SHA-256 checksum does not match',
    });
    expect(
      await h.database.db.selectFrom('attachments').select('id').where('interaction_id', '=', interactionId).execute(),
    ).toEqual([]);
  });

  it('refuses a file over the size limit: by its declared size without downloading, and by its bytes with the transfer cut short', async () => {
    const big = Buffer.concat([JPEG, Buffer.alloc(16 * 1024 * 1024, 1)]);
    graph.addMedia(`big-honest-${dialect}`, { bytes: big, mimeType: 'image/jpeg' });
    graph.addMedia(`big-liar-${dialect}`, { bytes: big, mimeType: 'image/jpeg', fileSize: 1000 });
    const honest = await customerSends([image(`big-honest-${dialect}`)]);
    await expect.poll(async () => (await attachments(honest))[0]?.state, { timeout: 5000 }).toBe('failed');
    expect((await attachments(honest))[0]!.reason).toBe('too large: 16.0 MB; the limit for this type is 64 KB');
    expect(graph.downloads).toEqual([]);

    const liar = await customerSends([image(`big-liar-${dialect}`)]);
    await expect.poll(async () => (await attachments(liar))[0]?.state, { timeout: 5000 }).toBe('failed');
    expect((await attachments(liar))[0]!.reason).toBe('too large: more than 64 KB; the limit for this type is 64 KB');
    await expect.poll(() => graph.downloads[0]?.completed, { timeout: 5000 }).toBe(false);
    expect(graph.downloads[0]!.bytesSent).toBeLessThan(big.length / 2);
  });

  it('gives up at once, saying so, when the Graph API refuses the access token', async () => {
    graph.addMedia(`token-${dialect}`, { bytes: JPEG, mimeType: 'image/jpeg' });
    graph.failNext(401, 1, 190);
    const interactionId = await customerSends([image(`token-${dialect}`)]);
    await expect.poll(async () => (await attachments(interactionId))[0]?.state, { timeout: 5000 }).toBe('failed');
    expect((await attachments(interactionId))[0]!.reason).toMatch(/^the Graph access token was refused/);
    expect((await attachments(interactionId))[0]!.reason).not.toContain(ACCESS_TOKEN);
    expect(graph.downloads).toEqual([]);
  });

  it('retries a Graph API that fails twice with 500, then downloads', async () => {
    graph.addMedia(`flaky-${dialect}`, { bytes: JPEG, mimeType: 'image/jpeg' });
    graph.failNext(500, 2);
    const interactionId = await customerSends([image(`flaky-${dialect}`)]);
    await worker().idle();
    const row = () =>
      h.database.db
        .selectFrom('media_downloads')
        .selectAll()
        .where('interaction_id', '=', interactionId)
        .executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await row()).last_error).toContain('HTTP 500');
    expect((await attachments(interactionId))[0]).toMatchObject({ url: null, state: 'pending' });
    for (const attempts of [2, 3]) {
      // Due again only once the backoff has passed on the injected clock.
      h.clock.now += 5000;
      worker().notify();
      await worker().idle();
      expect((await row()).attempts).toBe(attempts);
    }
    expect(await row()).toMatchObject({ status: 'done' });
    expect((await attachments(interactionId))[0]!.url).toMatch(/^\/api\/attachments\//);
  });

  it('looks the media up again when its download URL has expired', async () => {
    graph.addMedia(`expired-${dialect}`, { bytes: JPEG, mimeType: 'image/jpeg' });
    graph.failNextDownloads(404);
    const interactionId = await customerSends([image(`expired-${dialect}`)]);
    await expect.poll(async () => (await attachments(interactionId))[0]?.url ?? null, { timeout: 5000 }).not.toBeNull();
    expect(graph.lookups(`expired-${dialect}`)).toBe(2);
    expect(graph.downloads.map((d) => d.status)).toEqual([404, 200]);
  });

  it('completes after a restart a download the previous worker claimed and never finished', async () => {
    await worker().stop();
    graph.addMedia(`restart-${dialect}`, { bytes: OGG, mimeType: 'audio/ogg' });
    const interactionId = await customerSends([
      { type: 'audio', audio: { mime_type: 'audio/ogg', sha256: 'x', id: `restart-${dialect}` } },
    ]);
    // The old process claims the row and dies before downloading.
    expect(await worker().claimDue()).toHaveLength(1);
    const next = new MediaDownloadWorker({
      db: h.database.db,
      attachments: h.services.attachments,
      adapterFor: (id) => h.services.providerAdapters.get(id),
      bus: h.services.bus,
      now: () => h.clock.now,
      leaseMs: LEASE_MS,
    });
    next.start();
    await next.idle();
    // Still leased by the dead worker: nothing is fetched twice at once.
    expect(graph.downloads).toEqual([]);
    h.clock.now += LEASE_MS + 1;
    next.notify();
    await next.idle();
    await next.stop();
    const [a] = await attachments(interactionId);
    expect(a!.url).toMatch(/^\/api\/attachments\//);
    const file = await h.request({ method: 'GET', url: a!.url!, as: admin.cookie });
    expect(file.rawPayload.equals(OGG)).toBe(true);
    worker().start();
  });
});
