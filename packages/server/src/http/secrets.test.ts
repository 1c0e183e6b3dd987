import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectsUnderTest } from '../storage/test-databases';
import { createTestApp, type TestApp } from '../testing/test-app';

const dialects = await dialectsUnderTest();

describe.each(dialects)('secrets never leave on %s', (dialect) => {
  let t: TestApp;
  let admin: string;
  const bodies: string[] = [];
  const TOKEN = 'PARTNER-TOKEN-a1b2c3d4e5';
  const PASSWORD = 'CLIENT-PASSWORD-f6g7h8';
  const USER_PASSWORD = 'USER-PASSWORD-i9j0k1';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = (await t.sessionFor('administrator')).cookie;
  });
  afterAll(() => t.close());

  const send = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const res = await t.request({ method, url, ...(payload ? { payload } : {}), as: admin });
    bodies.push(res.body, JSON.stringify(res.headers));
    return res;
  };

  it('keeps partner tokens and passwords out of every response and log line', async () => {
    const direct = (
      await send('POST', '/api/providers', {
        kind: 'heynow-direct',
        name: 'd',
        domain: 'https://h.example',
        platformId: '1',
        partnerToken: TOKEN,
      })
    ).json();
    const client = (
      await send('POST', '/api/providers', {
        kind: 'heynow-client',
        name: 'c',
        username: 'u',
        password: PASSWORD,
        platformId: '2',
      })
    ).json();
    await send('PATCH', `/api/providers/${direct.id}`, { partnerToken: TOKEN + 'x' });
    await send('PATCH', `/api/providers/${client.id}`, { password: PASSWORD + 'x' });
    await send('GET', '/api/providers');
    await send('GET', `/api/providers/${direct.id}`);
    await send('POST', '/api/providers', {
      kind: 'heynow-direct',
      name: 'd',
      domain: 'https://h.example',
      platformId: '1',
      partnerToken: TOKEN,
    }); // 409
    await send('POST', '/api/providers', {
      kind: 'heynow-direct',
      name: 'e',
      domain: 'nope',
      platformId: '1',
      partnerToken: TOKEN,
    }); // 400
    const user = (
      await send('POST', '/api/users', { username: 'zed', displayName: 'Zed', role: 'agent', password: USER_PASSWORD })
    ).json();
    await send('POST', `/api/users/${user.id}/password`, { password: USER_PASSWORD + 'x' });
    const login = await t.request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'zed', password: USER_PASSWORD + 'x' },
    });
    bodies.push(login.body);
    await t.request({ method: 'POST', url: '/api/auth/login', payload: { username: 'zed', password: USER_PASSWORD } });

    const everything = bodies.join('\n') + '\n' + t.logLines.join('\n');
    expect(t.logLines.length).toBeGreaterThan(5);
    for (const secret of [TOKEN, PASSWORD, USER_PASSWORD]) expect(everything).not.toContain(secret);
  });

  it('stores secrets encrypted, not in clear', async () => {
    const rows = await t.database.db.selectFrom('providers').select('secret_sealed').execute();
    const stored = rows.map((r) => r.secret_sealed).join('\n');
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain(PASSWORD);
    expect(stored).toMatch(/^v1:/);
  });
});
