import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockHeyNow, type MockHeyNow } from '../mock-heynow';
import { createTestApp, type TestApp } from '../testing/test-app';

describe('one-shot sends through a Client API provider', () => {
  let t: TestApp;
  let mock: MockHeyNow;
  let admin: string;
  let providerId: string;

  beforeAll(async () => {
    mock = createMockHeyNow({ port: 0, client: { username: 'forms', password: 'forms-password' } });
    await mock.start();
    t = await createTestApp('sqlite');
    admin = (await t.sessionFor('administrator')).cookie;
    const res = await t.request({
      method: 'POST',
      url: '/api/providers',
      payload: {
        kind: 'heynow-client',
        name: 'forms',
        username: 'forms',
        password: 'forms-password',
        platformId: '598',
        domain: mock.url,
      },
      as: admin,
    });
    providerId = res.json().id;
  });
  afterAll(async () => {
    await t.close();
    await mock.stop();
  });

  it('logs in and sends a text to one number', async () => {
    const res = await t.request({
      method: 'POST',
      url: `/api/providers/${providerId}/send`,
      payload: { to: '+598 99 123 456', text: 'Su pedido está listo' },
      as: admin,
    });
    expect(res.statusCode).toBe(200);
    expect(mock.received({ action: 'login' })).toHaveLength(1);
    const sends = mock.received({ action: 'client-send' });
    expect(JSON.stringify(sends.at(-1)?.body)).toContain('Su pedido está listo');
    expect(JSON.stringify(sends.at(-1)?.body)).toContain('+59899123456');
  });

  it('sends a template, and refuses a body with both or neither', async () => {
    const ok = await t.request({
      method: 'POST',
      url: `/api/providers/${providerId}/send`,
      payload: { to: '+59899123456', template: { name: 'aviso', language: 'es', params: ['Ana'] } },
      as: admin,
    });
    expect(ok.statusCode).toBe(200);
    const neither = await t.request({
      method: 'POST',
      url: `/api/providers/${providerId}/send`,
      payload: { to: '+59899123456' },
      as: admin,
    });
    expect(neither.json()).toMatchObject({ error: 'validation_failed', field: 'text' });
    const badNumber = await t.request({
      method: 'POST',
      url: `/api/providers/${providerId}/send`,
      payload: { to: 'call me', text: 'x' },
      as: admin,
    });
    expect(badNumber.json()).toMatchObject({ field: 'to', message: 'to: must be a phone number, e.g. +59899123456' });
  });

  it('reports the provider refusing as a clear error', async () => {
    mock.failNext(400, 1);
    const res = await t.request({
      method: 'POST',
      url: `/api/providers/${providerId}/send`,
      payload: { to: '+59899123456', text: 'x' },
      as: admin,
    });
    expect(res.statusCode).toBe(502);
    expect(res.json().message).toMatch(/did not send/);
  });
});
