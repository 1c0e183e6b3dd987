import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCrossSiteGuard } from './cross-site';
import { installErrorHandler } from './error-handler';
import { OwnOrigins } from './own-origins';
import { dialectsUnderTest } from '../storage/test-databases';
import { createTestApp, type TestApp } from '../testing/test-app';

const dialects = await dialectsUnderTest();

const OWN = 'https://switchboard.example.com';
const PARTNER = 'https://desk.partner.example';
const EVIL = 'https://evil.example';

describe.each(dialects)('cross-site requests on %s', (dialect) => {
  let t: TestApp;
  let agent: string;
  let supervisor: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, {
      config: { host: '127.0.0.1', port: 3000, publicUrl: OWN, allowedOrigins: [PARTNER] },
    });
    agent = (await t.sessionFor('agent')).cookie;
    supervisor = (await t.sessionFor('supervisor')).cookie;
  });
  afterAll(() => t?.close());

  const stillSignedIn = async (cookie: string) =>
    (await t.request({ method: 'GET', url: '/api/auth/me', as: cookie })).statusCode === 200;

  /** What a form or a no-cors fetch on another site makes the browser send: text/plain, no JSON. */
  const forged = (url: string, cookie: string, headers: Record<string, string> = { origin: EVIL }) =>
    t.request({ method: 'POST', url, payload: '', headers: { 'content-type': 'text/plain', ...headers }, as: cookie });

  it('refuses body-less text/plain POSTs from a foreign origin on take, accept, takeover and logout', async () => {
    for (const [url, cookie] of [
      ['/api/interactions/i-1/take', agent],
      ['/api/interactions/i-1/accept', agent],
      ['/api/interactions/i-1/takeover', supervisor],
      ['/api/auth/logout', agent],
    ] as const) {
      const res = await forged(url, cookie);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().message, url).toMatch(/Cross-site request refused: origin https:\/\/evil\.example/);
    }
    // However the path is spelled: the router decodes it before matching.
    expect((await forged('/%61pi/auth/logout', agent)).statusCode).toBe(403);
    expect(await stillSignedIn(agent)).toBe(true);
  });

  it('refuses every state-changing API route from a foreign origin, whatever the body', async () => {
    const writes = t.routes.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
    const api = writes.filter((r) => r.url.startsWith('/api/'));
    expect(api.length).toBeGreaterThan(20);
    for (const r of api) {
      const url = r.url.replace(/:[A-Za-z]+/g, 'x');
      const res = await t.request({
        method: r.method as 'POST',
        url,
        payload: {},
        headers: { origin: EVIL },
        as: agent,
      });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(403);
    }
  });

  it('refuses a write that is not JSON even without any Origin, and names what to send', async () => {
    const res = await forged('/api/auth/logout', agent, {});
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toMatch(/Content-Type: application\/json/);
    const form = await t.request({
      method: 'POST',
      url: '/api/agent/status',
      payload: 'status=offline',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      as: agent,
    });
    expect(form.statusCode).toBe(403);
    const none = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: agent } });
    expect(none.statusCode).toBe(403);
    expect(await stillSignedIn(agent)).toBe(true);
  });

  it('judges by the Referer when a browser sends no Origin', async () => {
    const foreign = await forged('/api/auth/logout', agent, { referer: `${EVIL}/page.html` });
    expect(foreign.statusCode).toBe(403);
    const own = await t.request({
      method: 'POST',
      url: '/api/agent/status',
      payload: { status: 'available' },
      headers: { referer: `${OWN}/agent` },
      as: agent,
    });
    expect(own.statusCode).toBe(200);
  });

  it('accepts JSON from the public URL, the listening URL under either loopback name, an allowed origin, and curl', async () => {
    for (const origin of [OWN, PARTNER, 'http://127.0.0.1:3000', 'http://localhost:3000', undefined]) {
      const res = await t.request({
        method: 'POST',
        url: '/api/agent/status',
        payload: { status: 'available' },
        headers: origin ? { origin } : {},
        as: agent,
      });
      expect(res.statusCode, String(origin)).toBe(200);
    }
    const otherPort = await t.request({
      method: 'POST',
      url: '/api/agent/status',
      payload: { status: 'available' },
      headers: { origin: 'http://localhost:3001' },
      as: agent,
    });
    expect(otherPort.statusCode).toBe(403);
  });

  it('leaves webhooks to their own rules: no Origin check for server-to-server calls', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/webhooks/heynow/no-such-provider',
      payload: { event: 'message' },
      headers: { origin: EVIL },
    });
    expect(res.statusCode).not.toBe(403);
    expect(res.statusCode).toBeLessThan(500);
  });

  it('still answers 415 to a body no browser could send cross-site', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/agent/status',
      payload: 'status,offline',
      headers: { 'content-type': 'text/csv' },
      as: agent,
    });
    expect(res.statusCode).toBe(415);
  });
});

describe('cross-site guard on a route that documents multipart', () => {
  it('takes multipart there from our own origin or a non-browser client, never from a foreign origin', async () => {
    const app = Fastify();
    installErrorHandler(app);
    installCrossSiteGuard(app, new OwnOrigins({ publicUrl: OWN }));
    app.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null, {}));
    app.post('/api/upload', { config: { multipart: true } }, async () => ({ ok: true }));
    app.post('/api/other', async () => ({ ok: true }));
    const multipart = { 'content-type': 'multipart/form-data; boundary=x' };
    const post = (url: string, headers: Record<string, string>) =>
      app.inject({ method: 'POST', url, payload: '--x--', headers: { ...multipart, ...headers } });
    try {
      expect((await post('/api/upload', { origin: OWN })).statusCode).toBe(200);
      expect((await post('/api/upload', {})).statusCode).toBe(200);
      expect((await post('/api/upload', { origin: EVIL })).statusCode).toBe(403);
      expect((await post('/api/other', { origin: OWN })).statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });
});
