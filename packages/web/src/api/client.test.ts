import { afterEach, describe, expect, it, vi } from 'vitest';
import { routes } from '@switchboard/protocol';
import { api, urlOf } from './client';

afterEach(() => vi.unstubAllGlobals());

describe('API client', () => {
  it('sends every write as JSON, {} when it has no body, so the server does not take it for a cross-site form', async () => {
    const seen: { method: string; type: string | null; body: unknown }[] = [];
    vi.stubGlobal('fetch', async (_path: string, init: RequestInit) => {
      seen.push({
        method: init.method ?? 'GET',
        type: new Headers(init.headers).get('content-type'),
        body: init.body === undefined ? undefined : JSON.parse(String(init.body)),
      });
      return new Response(null, { status: 204 });
    });
    await api.call(routes.logout);
    await api.call(routes.deleteProvider, { params: { id: 'p1' } });
    await api.call(routes.setStatus, { body: { status: 'available' } });
    await api.call(routes.me);
    expect(seen).toEqual([
      { method: 'POST', type: 'application/json', body: {} },
      { method: 'DELETE', type: 'application/json', body: {} },
      { method: 'POST', type: 'application/json', body: { status: 'available' } },
      { method: 'GET', type: null, body: undefined },
    ]);
  });

  it('builds the URL from the entry: path parameters encoded, absent query values left out', () => {
    expect(urlOf(routes.updateMember, { params: { id: 'c 1', agentId: 'a/2' } })).toBe(
      '/api/campaigns/c%201/members/a%2F2',
    );
    expect(urlOf(routes.listUsers, { query: { role: 'agent' } })).toBe('/api/users?role=agent');
    expect(urlOf(routes.listUsers, { query: { role: undefined } })).toBe('/api/users');
    expect(urlOf(routes.recordings, { query: { from: 5, status: 'closed' } })).toBe(
      '/api/recordings?from=5&status=closed',
    );
  });
});
