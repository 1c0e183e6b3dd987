// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fakeFetch, takeViolations } from './render';

const me = { id: 'u1', username: 'ana', displayName: 'Ana', role: 'agent' };

describe('the fake server of the unit tests', () => {
  it('answers a call of the table with the answer the test gave', async () => {
    const fake = fakeFetch({ 'GET /api/auth/me': () => ({ status: 200, body: me }) });
    const res = await fake.fetch('/api/auth/me');
    expect(await res.json()).toEqual(me);
    expect(takeViolations()).toEqual([]);
  });

  it('fails a URL that is no route of the table, instead of answering []', async () => {
    const fake = fakeFetch({});
    await expect(fake.fetch('/api/nothing-here')).rejects.toThrow(/no route of the table/);
    expect(takeViolations()).toEqual(['GET /api/nothing-here: no route of the table has this method and path']);
  });

  it('fails a route of the table the test gave no answer for', async () => {
    const fake = fakeFetch({});
    await expect(fake.fetch('/api/campaigns')).rejects.toThrow(/no answer for listCampaigns/);
    expect(takeViolations()).toHaveLength(1);
  });

  it('fails an answer of a shape the server never gives', async () => {
    const fake = fakeFetch({ 'GET /api/auth/me': () => ({ status: 200, body: { id: 'u1' } }) });
    await expect(fake.fetch('/api/auth/me')).rejects.toThrow(/the fake answers what the server never would/);
    expect(takeViolations()[0]).toMatch(/username/);
  });

  it('fails a request body or query the server would refuse', async () => {
    const fake = fakeFetch({ 'POST /api/agent/status': () => ({ status: 200, body: {} }) });
    const init = { method: 'POST', body: JSON.stringify({ status: 'dancing' }) };
    await expect(fake.fetch('/api/agent/status', init)).rejects.toThrow(/the server would refuse it/);
    await expect(fakeFetch({}).fetch('/api/users?role=king')).rejects.toThrow(/the server would refuse it/);
    expect(takeViolations()).toHaveLength(2);
  });

  it('lets an error answer through only with the error body', async () => {
    const fake = fakeFetch({
      'GET /api/auth/me': () => ({ status: 401, body: { error: 'unauthenticated', message: 'Sign in' } }),
      'GET /api/campaigns': () => ({ status: 500, body: 'oops' }),
    });
    expect((await fake.fetch('/api/auth/me')).status).toBe(401);
    await expect(fake.fetch('/api/campaigns')).rejects.toThrow(/500 body/);
    expect(takeViolations()).toHaveLength(1);
  });
});
