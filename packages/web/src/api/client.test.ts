import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from './client';

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
    await api.post('/api/auth/logout');
    await api.del('/api/providers/p1');
    await api.post('/api/agent/status', { status: 'available' });
    await api.get('/api/auth/me');
    expect(seen).toEqual([
      { method: 'POST', type: 'application/json', body: {} },
      { method: 'DELETE', type: 'application/json', body: {} },
      { method: 'POST', type: 'application/json', body: { status: 'available' } },
      { method: 'GET', type: null, body: undefined },
    ]);
  });
});
