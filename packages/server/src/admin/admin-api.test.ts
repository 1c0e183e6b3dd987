import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectsUnderTest } from '../storage/test-databases';
import { createTestApp, type TestApp } from '../testing/test-app';

const dialects = await dialectsUnderTest();

describe.each(dialects)('administrator API on %s', (dialect) => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = (await t.sessionFor('administrator')).cookie;
  });
  afterAll(() => t.close());

  const post = (url: string, payload: unknown) =>
    t.request({ method: 'POST', url, payload: payload as object, as: admin });
  const patch = (url: string, payload: unknown) =>
    t.request({ method: 'PATCH', url, payload: payload as object, as: admin });
  const get = (url: string) => t.request({ method: 'GET', url, as: admin });

  const direct = (name: string) => ({
    kind: 'heynow-direct',
    name,
    domain: 'https://api.heynow.example',
    platformId: '59899123456',
    partnerToken: 'pt-secret-value',
  });

  describe('providers (scenario 1)', () => {
    it('creates a Direct API provider with WhatsApp by default and never shows the token', async () => {
      const res = await post('/api/providers', direct('hn1'));
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({
        kind: 'heynow-direct',
        name: 'hn1',
        channel: 'whatsapp',
        secretSet: true,
        platformId: '59899123456',
      });
      expect(JSON.stringify(body)).not.toContain('pt-secret-value');
      expect(body.webhookPath).toBe(`/webhooks/heynow/${body.id}`);
      const list = await get('/api/providers');
      expect(list.body).not.toContain('pt-secret-value');
    });

    it("registers a WhatsApp Cloud provider whose three secrets stay write-only and answers Meta's subscription check", async () => {
      const res = await post('/api/providers', {
        kind: 'whatsapp-cloud',
        name: 'wa',
        platformId: '1234567890',
        appSecret: 'app-s3cret',
        accessToken: 'EAAG-token',
        verifyToken: 'verify-me',
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        kind: 'whatsapp-cloud',
        channel: 'whatsapp',
        secretSet: true,
        webhookPath: `/webhooks/whatsapp-cloud/${res.json().id}`,
      });
      for (const secret of ['app-s3cret', 'EAAG-token', 'verify-me']) expect(res.body).not.toContain(secret);
      await patch(`/api/providers/${res.json().id}`, { verifyToken: 'verify-again' });
      const creds = await t.services.providers.credentials(res.json().id);
      expect(creds).toMatchObject({ secret: 'app-s3cret', accessToken: 'EAAG-token', verifyToken: 'verify-again' });
      const ok = await t.request({
        method: 'GET',
        url: `${res.json().webhookPath}?hub.mode=subscribe&hub.verify_token=verify-again&hub.challenge=42`,
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toBe('42');
      const bad = await t.request({
        method: 'GET',
        url: `${res.json().webhookPath}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=42`,
      });
      expect(bad.statusCode).toBe(403);
      const wrongField = await patch(`/api/providers/${res.json().id}`, { partnerToken: 'x' });
      expect(wrongField.json()).toMatchObject({ error: 'validation_failed', field: 'partnerToken' });
    });

    it('keeps a WhatsApp Cloud send budget from 1 to 1000 per second, refusing others by name', async () => {
      const cloud = (name: string, messagesPerSecond?: unknown) => ({
        kind: 'whatsapp-cloud',
        name,
        platformId: `${name}-phone`,
        appSecret: 'a',
        accessToken: 'b',
        verifyToken: 'c',
        ...(messagesPerSecond !== undefined ? { messagesPerSecond } : {}),
      });
      for (const bad of [0, 1001, 2.5, '80']) {
        const res = await post('/api/providers', cloud('wa-budget-bad', bad));
        expect(res.statusCode, JSON.stringify(bad)).toBe(400);
        expect(res.json()).toMatchObject({ error: 'validation_failed', field: 'messagesPerSecond' });
      }
      const res = await post('/api/providers', cloud('wa-budget', 1000));
      expect(res.statusCode).toBe(201);
      expect(res.json().messagesPerSecond).toBe(1000);
      const id = res.json().id as string;
      expect((await t.services.providers.credentials(id)).messagesPerSecond).toBe(1000);
      const lowered = await patch(`/api/providers/${id}`, { messagesPerSecond: 1 });
      expect(lowered.json().messagesPerSecond).toBe(1);
      const tooHigh = await patch(`/api/providers/${id}`, { messagesPerSecond: 5000 });
      expect(tooHigh.statusCode).toBe(400);
      expect(tooHigh.json()).toMatchObject({ field: 'messagesPerSecond' });
      const reset = await patch(`/api/providers/${id}`, { messagesPerSecond: null });
      expect(reset.statusCode).toBe(200);
      expect(reset.json()).not.toHaveProperty('messagesPerSecond');
      const heynow = await post('/api/providers', direct('hn-budget'));
      const wrongKind = await patch(`/api/providers/${heynow.json().id}`, { messagesPerSecond: 10 });
      expect(wrongKind.statusCode).toBe(400);
      expect(wrongKind.json()).toMatchObject({ error: 'validation_failed', field: 'messagesPerSecond' });
    });

    it('refuses a second provider with the same name in another case', async () => {
      const res = await post('/api/providers', direct('HN1'));
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: 'name_taken', field: 'name' });
    });

    it('refuses a Client API provider without a password, naming the field', async () => {
      const res = await post('/api/providers', {
        kind: 'heynow-client',
        name: 'client1',
        username: 'bot',
        platformId: 'p1',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'validation_failed', field: 'password' });
    });

    it('refuses a domain that is not an absolute http(s) URL', async () => {
      const res = await post('/api/providers', { ...direct('hn-bad'), domain: 'ftp://x.example' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        field: 'domain',
        message: 'domain: must be an absolute http(s) address, e.g. https://api.heynow.example',
      });
    });

    it('keeps the stored token when an update omits it, and replaces it when given', async () => {
      const created = (await post('/api/providers', direct('hn-upd'))).json();
      const renamed = await patch(`/api/providers/${created.id}`, { name: 'hn-updated', channel: 'facebook' });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({ name: 'hn-updated', channel: 'facebook', secretSet: true });
      expect((await t.services.providers.credentials(created.id)).secret).toBe('pt-secret-value');
      await patch(`/api/providers/${created.id}`, { partnerToken: 'new-token' });
      expect((await t.services.providers.credentials(created.id)).secret).toBe('new-token');
    });

    it('refuses to delete a provider a campaign uses, naming the campaign; deletes it once unused', async () => {
      const p = (await post('/api/providers', direct('hn-del'))).json();
      const c = (await post('/api/campaigns', { name: 'Uses hn-del', providerIds: [p.id] })).json();
      const refused = await t.request({ method: 'DELETE', url: `/api/providers/${p.id}`, as: admin });
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({
        error: 'provider_in_use',
        details: { campaigns: [{ id: c.id, name: 'Uses hn-del' }] },
      });
      expect(refused.json().message).toContain('Uses hn-del');
      await patch(`/api/campaigns/${c.id}`, { providerIds: [] });
      const deleted = await t.request({ method: 'DELETE', url: `/api/providers/${p.id}`, as: admin });
      expect(deleted.statusCode).toBe(204);
      expect((await get(`/api/providers/${p.id}`)).statusCode).toBe(404);
    });
  });

  describe('campaigns', () => {
    it('creates a working campaign from a name alone, with every default filled in', async () => {
      const res = await post('/api/campaigns', { name: 'Defaults' });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        name: 'Defaults',
        enabled: true,
        strategy: 'nocall',
        deliveryMode: 'rrmemory',
        maxInteractionsPerAgent: 3,
        schedule: null,
        thresholds: { serviceLevel: 20, acd: 5, maxQueued: 0, queueTimeout: 0 },
        queueUpdates: { enabled: false, stepPositions: 1, everyMinutes: 0 },
      });
      expect(res.json().queueUpdates.template).toContain('{position}');
    });

    it('merges a partial queue-update setting over the stored one', async () => {
      const c = (await post('/api/campaigns', { name: 'Queue notices', queueUpdates: { enabled: true } })).json();
      expect(c.queueUpdates).toMatchObject({ enabled: true, stepPositions: 1, everyMinutes: 0 });
      const res = await patch(`/api/campaigns/${c.id}`, {
        queueUpdates: { everyMinutes: 5, template: 'N {position}, {eta}' },
      });
      expect(res.statusCode).toBe(200);
      expect((await get(`/api/campaigns/${c.id}`)).json().queueUpdates).toEqual({
        enabled: true,
        template: 'N {position}, {eta}',
        stepPositions: 1,
        everyMinutes: 5,
      });
    });

    it('stores every field and reads them back', async () => {
      const p = (await post('/api/providers', direct('hn-full'))).json();
      const input = {
        name: 'Ventas',
        enabled: true,
        strategy: 'ringallmultiple',
        deliveryMode: 'wrandom',
        skills: ['ventas', 'Compras'],
        providerIds: [p.id],
        schedule: { timezone: 'America/Montevideo', ranges: [{ day: 1, from: '09:00', to: '17:59' }] },
        maxInteractionsPerAgent: 2,
        thresholds: { serviceLevel: 30, shortAbandon: 4, chatTime: 900, acd: 3, maxQueued: 50, queueTimeout: 600 },
        cannedResponses: [{ title: 'Hello', shortcut: '/hi', text: 'Hola {customer.name}' }],
        dispositions: [{ name: 'Ventas', children: [{ name: 'Consulta', children: [{ name: 'Precio' }] }] }],
        messages: { welcome: 'w', outOfTime: 'o', notAvailable: 'n' },
        wrapUpSeconds: 10,
        maxTransferSeconds: 60,
        offerTimeout: { seconds: 30, pauseAfterMisses: 2 },
        queueUpdates: { enabled: true, template: 'Puesto {position}, espera {eta}', stepPositions: 2, everyMinutes: 3 },
      };
      const created = await post('/api/campaigns', input);
      expect(created.statusCode).toBe(201);
      const read = (await get(`/api/campaigns/${created.json().id}`)).json();
      expect(read).toMatchObject({
        ...input,
        cannedResponses: [{ title: 'Hello', shortcut: '/hi', text: 'Hola {customer.name}' }],
      });
    });

    it('refuses a skill that another campaign on the same provider already lists, ignoring case and accents', async () => {
      const p = (await post('/api/providers', direct('hn-skills'))).json();
      expect(
        (await post('/api/campaigns', { name: 'Soporte', skills: ['soporte', 'técnico'], providerIds: [p.id] }))
          .statusCode,
      ).toBe(201);
      const clash = await post('/api/campaigns', {
        name: 'Soporte 2',
        skills: ['otro', ' TECNICO '],
        providerIds: [p.id],
      });
      expect(clash.statusCode).toBe(409);
      expect(clash.json()).toMatchObject({ error: 'skill_ambiguous', field: 'skills.1' });
      expect(clash.json().message).toContain('Soporte');
      // the same keyword on another provider is fine
      const other = (await post('/api/providers', direct('hn-skills-2'))).json();
      expect(
        (await post('/api/campaigns', { name: 'Soporte 3', skills: ['tecnico'], providerIds: [other.id] })).statusCode,
      ).toBe(201);
    });

    it('refuses a schedule with an unknown time zone or a range that ends before it starts', async () => {
      const zone = await post('/api/campaigns', { name: 'Bad tz', schedule: { timezone: 'Mars/Olympus', ranges: [] } });
      expect(zone.statusCode).toBe(400);
      expect(zone.json().field).toBe('schedule.timezone');
      const hhmm = await post('/api/campaigns', {
        name: 'Bad hh',
        schedule: { timezone: 'UTC', ranges: [{ day: 1, from: '25:00', to: '26:00' }] },
      });
      expect(hhmm.statusCode).toBe(400);
      expect(hhmm.json().field).toBe('schedule.ranges.0.from');
    });

    it('keeps all data of a disabled campaign', async () => {
      const c = (
        await post('/api/campaigns', {
          name: 'To disable',
          skills: ['x1'],
          cannedResponses: [{ title: 't', shortcut: '/t', text: 'x' }],
        })
      ).json();
      const off = await patch(`/api/campaigns/${c.id}`, { enabled: false });
      expect(off.json()).toMatchObject({ enabled: false, skills: ['x1'], cannedResponses: [{ shortcut: '/t' }] });
    });

    it('merges a partial threshold update over the stored thresholds', async () => {
      const c = (await post('/api/campaigns', { name: 'Merge', thresholds: { acd: 9 } })).json();
      const res = await patch(`/api/campaigns/${c.id}`, { thresholds: { chatTime: 100 } });
      expect(res.json().thresholds).toMatchObject({ acd: 9, chatTime: 100, serviceLevel: 20 });
    });

    it('refuses a Client API provider as a campaign source on create and update, naming the provider', async () => {
      const client = (
        await post('/api/providers', {
          kind: 'heynow-client',
          name: 'Formularios',
          username: 'forms',
          password: 'forms-password',
          platformId: '598',
        })
      ).json();
      const created = await post('/api/campaigns', { name: 'Via client', providerIds: [client.id] });
      expect(created.statusCode).toBe(400);
      expect(created.json()).toMatchObject({ error: 'validation_failed', field: 'providerIds.0' });
      expect(created.json().message).toContain('"Formularios" is a Client API provider');
      const campaign = (await post('/api/campaigns', { name: 'Client free' })).json();
      const updated = await patch(`/api/campaigns/${campaign.id}`, { providerIds: [client.id] });
      expect(updated.statusCode).toBe(400);
      expect(updated.json().message).toContain('"Formularios"');
      expect((await get(`/api/campaigns/${campaign.id}`)).json().providerIds).toEqual([]);
    });

    it('answers 404 for an unknown campaign', async () => {
      expect((await get('/api/campaigns/nope')).statusCode).toBe(404);
      expect((await patch('/api/campaigns/nope', { enabled: false })).statusCode).toBe(404);
    });
  });

  describe('members', () => {
    it('adds agents to several campaigns at once, in order, with penalties, and reorders them', async () => {
      const c1 = (await post('/api/campaigns', { name: 'M1' })).json();
      const c2 = (await post('/api/campaigns', { name: 'M2' })).json();
      const a = await t.sessionFor('agent');
      const b = await t.sessionFor('agent');
      const c = await t.sessionFor('agent');
      const add = await post('/api/members', { campaignIds: [c1.id, c2.id], add: [a.userId, b.userId, c.userId] });
      expect(add.statusCode).toBe(204);
      const m2 = (await get(`/api/campaigns/${c2.id}/members`)).json();
      expect(m2.map((m: { agentId: string }) => m.agentId)).toEqual([a.userId, b.userId, c.userId]);
      expect(m2.map((m: { position: number }) => m.position)).toEqual([1, 2, 3]);

      const pen = await patch(`/api/campaigns/${c1.id}/members/${b.userId}`, { penalty: 40 });
      expect(pen.json()).toMatchObject({ penalty: 40, position: 2 });

      const order = await t.request({
        method: 'PUT',
        url: `/api/campaigns/${c1.id}/members/order`,
        payload: { agentIds: [c.userId, a.userId, b.userId] },
        as: admin,
      });
      expect(order.json().map((m: { agentId: string; position: number }) => [m.agentId, m.position])).toEqual([
        [c.userId, 1],
        [a.userId, 2],
        [b.userId, 3],
      ]);

      await post('/api/members', { campaignIds: [c1.id, c2.id], remove: [a.userId] });
      expect((await get(`/api/campaigns/${c1.id}/members`)).json()).toHaveLength(2);
      expect((await get(`/api/campaigns/${c2.id}/members`)).json()).toHaveLength(2);
    });

    it('refuses to make a non-agent a member and a penalty outside 0–100', async () => {
      const c1 = (await post('/api/campaigns', { name: 'M3' })).json();
      const sup = await t.sessionFor('supervisor');
      const res = await post('/api/members', { campaignIds: [c1.id], add: [sup.userId] });
      expect(res.statusCode).toBe(400);
      expect(res.json().field).toBe('add.0');
      const a = await t.sessionFor('agent');
      await post('/api/members', { campaignIds: [c1.id], add: [a.userId] });
      const bad = await patch(`/api/campaigns/${c1.id}/members/${a.userId}`, { penalty: 101 });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().field).toBe('penalty');
    });
  });

  describe('users', () => {
    it('creates, edits, disables and resets the password of a user', async () => {
      const created = await post('/api/users', {
        username: 'maria',
        displayName: 'María',
        role: 'agent',
        password: 'first-password',
      });
      expect(created.statusCode).toBe(201);
      const id = created.json().id;
      expect(created.body).not.toContain('first-password');
      expect(
        (await post('/api/users', { username: 'MARIA', displayName: 'x', role: 'agent', password: 'another-password' }))
          .statusCode,
      ).toBe(409);

      const login = () =>
        t.request({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'maria', password: 'first-password' },
        });
      const ok = await login();
      expect(ok.statusCode).toBe(200);
      const cookie = String(ok.headers['set-cookie']).split(';')[0]!;

      await patch(`/api/users/${id}`, { enabled: false });
      expect((await t.request({ method: 'GET', url: '/api/auth/me', as: cookie })).statusCode).toBe(401);
      expect((await login()).json().error).toBe('account_disabled');

      await patch(`/api/users/${id}`, { enabled: true, displayName: 'María José' });
      expect(
        (
          await t.request({
            method: 'POST',
            url: `/api/users/${id}/password`,
            payload: { password: 'second-password' },
            as: admin,
          })
        ).statusCode,
      ).toBe(204);
      expect((await login()).statusCode).toBe(401);
      const again = await t.request({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'maria', password: 'second-password' },
      });
      expect(again.json()).toMatchObject({ displayName: 'María José', role: 'agent' });
    });

    it('scopes a supervisor to campaigns and shows them only those', async () => {
      const c1 = (await post('/api/campaigns', { name: 'Scoped' })).json();
      await post('/api/campaigns', { name: 'Hidden' });
      const sup = await post('/api/users', {
        username: 'sup1',
        displayName: 'Sup',
        role: 'supervisor',
        password: 'sup-password',
        campaignIds: [c1.id],
      });
      expect(sup.json().campaignIds).toEqual([c1.id]);
      const login = await t.request({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'sup1', password: 'sup-password' },
      });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const list = await t.request({ method: 'GET', url: '/api/campaigns', as: cookie });
      expect(list.json().map((c: { name: string }) => c.name)).toEqual(['Scoped']);
    });

    it('lets a supervisor scoped to all campaigns see a campaign created after the choice, and back to a list', async () => {
      const sup = await post('/api/users', {
        username: 'supall',
        displayName: 'Sup All',
        role: 'supervisor',
        password: 'sup-password',
        allCampaigns: true,
        campaignIds: [],
      });
      expect(sup.json()).toMatchObject({ allCampaigns: true, campaignIds: [] });
      const login = await t.request({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'supall', password: 'sup-password' },
      });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const later = (await post('/api/campaigns', { name: 'Created later' })).json();
      const names = async () =>
        (await t.request({ method: 'GET', url: '/api/campaigns', as: cookie }))
          .json()
          .map((c: { name: string }) => c.name);
      expect(await names()).toContain('Created later');
      const one = await t.request({ method: 'GET', url: `/api/campaigns/${later.id}`, as: cookie });
      expect(one.statusCode).toBe(200);

      const narrowed = await patch(`/api/users/${sup.json().id}`, { allCampaigns: false, campaignIds: [later.id] });
      expect(narrowed.json()).toMatchObject({ allCampaigns: false, campaignIds: [later.id] });
      expect(await names()).toEqual(['Created later']);
    });

    it('never stores "all campaigns" for an agent', async () => {
      const res = await post('/api/users', {
        username: 'agentall',
        displayName: 'Agent',
        role: 'agent',
        password: 'agent-password',
        allCampaigns: true,
      });
      expect(res.json().allCampaigns).toBe(false);
    });

    it('stores pause reasons for agents', async () => {
      const put = await t.request({
        method: 'PUT',
        url: '/api/settings/pause-reasons',
        payload: { reasons: ['Break', 'Lunch', 'Coaching'] },
        as: admin,
      });
      expect(put.statusCode).toBe(200);
      const agent = await t.sessionFor('agent');
      const read = await t.request({ method: 'GET', url: '/api/settings/pause-reasons', as: agent.cookie });
      expect(read.json().reasons).toEqual(['Break', 'Lunch', 'Coaching']);
    });
  });
});
