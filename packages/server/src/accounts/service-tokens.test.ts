import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectsUnderTest } from '../storage/test-databases';
import { auditTable, type AuditWriter } from '../supervision/audit-log';
import { createTestApp, type TestApp } from '../testing/test-app';

const dialects = await dialectsUnderTest();

/** The real audit table, switchable to fail, to show a token and its record commit or roll back together. */
function switchableWriter(): AuditWriter & { failing: boolean } {
  const table = auditTable();
  const writer = {
    failing: false,
    async write(db: Parameters<AuditWriter['write']>[0], record: Parameters<AuditWriter['write']>[1]) {
      await table.write(db, record);
      if (writer.failing) throw new Error('audit store unavailable');
    },
  };
  return writer;
}

describe.each(dialects)('service tokens on %s', (dialect) => {
  let t: TestApp;
  let writer: ReturnType<typeof switchableWriter>;
  let admin: string;
  let agent: { cookie: string; userId: string };

  beforeAll(async () => {
    writer = switchableWriter();
    t = await createTestApp(dialect, { extras: { auditWriter: writer } });
    admin = (await t.sessionFor('administrator')).cookie;
    agent = await t.sessionFor('agent');
  });
  afterAll(() => t.close());

  const create = async (name: string, scopes: string[]) => {
    const res = await t.request({ method: 'POST', url: '/api/service-tokens', payload: { name, scopes }, as: admin });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; token: string; name: string; scopes: string[] };
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const setPhone = (token: string, onCall: boolean, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/agents/${agent.userId}/phone`,
      payload: { onCall },
      headers: { ...bearer(token), ...headers },
    });

  it('shows the token once on create and never lists it; the database keeps only its SHA-256', async () => {
    const created = await create('Asterisk', ['presence:write']);
    expect(created).toMatchObject({ name: 'Asterisk', scopes: ['presence:write'], lastUsedAt: null, revokedAt: null });
    expect(created.token.length).toBeGreaterThanOrEqual(40);

    const list = await t.request({ method: 'GET', url: '/api/service-tokens', as: admin });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(created.token);
    const listed = (list.json() as { id: string }[]).find((x) => x.id === created.id);
    expect(listed).toMatchObject({ name: 'Asterisk', scopes: ['presence:write'], revokedAt: null });
    expect(listed).not.toHaveProperty('token');

    const row = await t.database.db
      .selectFrom('service_tokens')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(row.token_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
  });

  it('refuses unknown scopes, empty names and non-administrators', async () => {
    const bad = await t.request({
      method: 'POST',
      url: '/api/service-tokens',
      payload: { name: 'x', scopes: ['everything'] },
      as: admin,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/scopes/);
    const empty = await t.request({
      method: 'POST',
      url: '/api/service-tokens',
      payload: { name: 'x', scopes: [] },
      as: admin,
    });
    expect(empty.statusCode).toBe(400);
    const byAgent = await t.request({
      method: 'POST',
      url: '/api/service-tokens',
      payload: { name: 'x', scopes: ['presence:write'] },
      as: agent.cookie,
    });
    expect(byAgent.statusCode).toBe(403);
  });

  it('lets a token call a route that allows its scope, and records when it was last used', async () => {
    const { id, token } = await create('PBX', ['presence:write']);
    const res = await setPhone(token, true);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ agentId: agent.userId, onCall: true });
    const listed = (await t.request({ method: 'GET', url: '/api/service-tokens', as: admin })).json() as {
      id: string;
      lastUsedAt: number | null;
    }[];
    expect(listed.find((x) => x.id === id)?.lastUsedAt).toEqual(expect.any(Number));
    // The token travels in a header the logger redacts, and nothing else writes it down.
    expect(t.logLines.join('\n')).not.toContain(token);
  });

  it('answers 403 to a token on a route without its scope, and never gives it a role', async () => {
    const { token } = await create('CRM', ['interactions:read']);
    const phone = await setPhone(token, true);
    expect(phone.statusCode).toBe(403);
    expect(phone.json().message).toMatch(/presence:write/);
    const writer = (await create('PBX 2', ['presence:write'])).token;
    for (const [method, url] of [
      ['GET', '/api/users'],
      ['GET', '/api/service-tokens'],
      ['GET', '/api/auth/me'],
      ['GET', '/api/agent/inbox'],
      ['PUT', '/api/agent/phone'],
    ] as const) {
      const res = await t.app.inject({
        method,
        url,
        headers: { ...bearer(writer), ...(method === 'PUT' ? { 'content-type': 'application/json' } : {}) },
        ...(method === 'PUT' ? { payload: JSON.stringify({ onCall: true }) } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
  });

  it('ignores the session cookie that comes with a bearer token', async () => {
    const { token } = await create('CRM 2', ['interactions:read']);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/users',
      headers: { ...bearer(token), cookie: admin },
    });
    expect(res.statusCode).toBe(403);
  });

  it('answers 401 at once to a revoked or unknown token, and audits create and revoke', async () => {
    const { id, token } = await create('Old PBX', ['presence:write']);
    expect((await setPhone(token, false)).statusCode).toBe(200);
    const revoke = await t.request({ method: 'DELETE', url: `/api/service-tokens/${id}`, as: admin });
    expect(revoke.statusCode).toBe(204);
    const after = await setPhone(token, false);
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toBe('unauthenticated');
    expect((await setPhone('sbt_not-a-real-token', false)).statusCode).toBe(401);
    const listed = (await t.request({ method: 'GET', url: '/api/service-tokens', as: admin })).json() as {
      id: string;
      revokedAt: number | null;
    }[];
    expect(listed.find((x) => x.id === id)?.revokedAt).toEqual(expect.any(Number));
    expect((await t.request({ method: 'DELETE', url: '/api/service-tokens/nope', as: admin })).statusCode).toBe(404);

    const audit = await t.services.audit.search({ pageSize: 200 });
    const about = audit.rows.filter((r) => r.target === id).map((r) => [r.action, r.targetKind, r.targetName]);
    expect(about).toEqual([
      ['service_token.revoked', 'service_token', 'Old PBX'],
      ['service_token.created', 'service_token', 'Old PBX'],
    ]);
  });

  it('creates no token when its audit record cannot be written', async () => {
    writer.failing = true;
    try {
      const res = await t.request({
        method: 'POST',
        url: '/api/service-tokens',
        payload: { name: 'Unaudited', scopes: ['presence:write'] },
        as: admin,
      });
      expect(res.statusCode).toBe(500);
    } finally {
      writer.failing = false;
    }
    const rows = await t.database.db
      .selectFrom('service_tokens')
      .select('id')
      .where('name', '=', 'Unaudited')
      .execute();
    expect(rows).toEqual([]);
  });

  it('exempts bearer calls from the same-origin check but still requires JSON', async () => {
    const { token } = await create('Cross', ['presence:write']);
    const foreign = await setPhone(token, false, { origin: 'https://evil.example' });
    expect(foreign.statusCode, foreign.body).toBe(200);
    const form = await t.app.inject({
      method: 'PUT',
      url: `/api/agents/${agent.userId}/phone`,
      payload: 'onCall=true',
      headers: { ...bearer(token), 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.statusCode).toBe(403);
    expect(form.json().message).toMatch(/application\/json/);
    // The session cookie from a foreign page still gets the browser check.
    const cookieFromAfar = await t.app.inject({
      method: 'PUT',
      url: `/api/agents/${agent.userId}/phone`,
      payload: { onCall: true },
      headers: { cookie: admin, origin: 'https://evil.example' },
    });
    expect(cookieFromAfar.statusCode).toBe(403);
  });
});
