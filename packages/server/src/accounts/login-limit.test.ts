import { afterEach, describe, expect, it } from 'vitest';
import { dialectsUnderTest } from '../storage/test-databases';
import { createTestApp, PASSWORD, type TestApp } from '../testing/test-app';

const dialects = await dialectsUnderTest();

describe.each(dialects)('sign-in limit on %s', (dialect) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const login = (username: string, password: string, from = '127.0.0.1', headers: Record<string, string> = {}) =>
    t!.request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: from,
      headers,
    });

  const user = async (username: string) =>
    t!.services.users.create({ username, displayName: username, role: 'supervisor', password: PASSWORD });

  it('never blocks a user who signs in successfully many times', async () => {
    t = await createTestApp(dialect, { loginLimit: 3 });
    await user('ana');
    for (let i = 0; i < 8; i++) expect((await login('ana', PASSWORD)).statusCode, `sign-in ${i + 1}`).toBe(200);
  });

  it('blocks a username after too many wrong passwords, even from different addresses', async () => {
    t = await createTestApp(dialect, { loginLimit: 10 });
    await user('bruno');
    for (let i = 0; i < 10; i++)
      expect((await login('bruno', 'wrong-password', `10.0.0.${i + 1}`)).statusCode).toBe(401);
    // The 11th, from yet another address and now with the right password, waits too.
    const blocked = await login('BRUNO', PASSWORD, '10.0.1.1');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ error: 'rate_limited' });
    expect(blocked.json().message).toMatch(/Too many failed sign-ins.*try again in \d+ s/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Other users are not affected.
    await user('carla');
    expect((await login('carla', PASSWORD, '10.0.1.1')).statusCode).toBe(200);
  });

  it('blocks an address whose failures spread over many usernames', async () => {
    t = await createTestApp(dialect, { loginLimit: 3 });
    await user('dora');
    for (const name of ['x1', 'x2', 'x3'])
      expect((await login(name, 'wrong-password', '10.9.9.9')).statusCode).toBe(401);
    expect((await login('dora', PASSWORD, '10.9.9.9')).statusCode).toBe(429);
    expect((await login('dora', PASSWORD, '10.9.9.10')).statusCode).toBe(200);
  });

  it('takes the client address from X-Forwarded-For only when trustProxy says so', async () => {
    const spread = async () => {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++)
        codes.push(
          (await login(`nobody${i}`, 'wrong-password', '127.0.0.1', { 'x-forwarded-for': `203.0.113.${i}` }))
            .statusCode,
        );
      return codes;
    };
    // Not trusted (the default): every attempt comes from the proxy's address, the 4th is refused.
    t = await createTestApp(dialect, { loginLimit: 3 });
    expect(await spread()).toEqual([401, 401, 401, 429]);
    await t.close();
    // Trusted: each browser is counted apart.
    t = await createTestApp(dialect, { loginLimit: 3, config: { trustProxy: ['127.0.0.1'] } });
    expect(await spread()).toEqual([401, 401, 401, 401]);
  });
});
