// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServiceToken } from '@switchboard/protocol';
import { fakeFetch, renderWithProviders } from '../../test/render';
import { ServiceTokensPage } from './ServiceTokensPage';

afterEach(() => vi.unstubAllGlobals());

const pbx: ServiceToken = {
  id: 't1',
  name: 'Asterisk',
  scopes: ['presence:write'],
  createdAt: Date.now() - 86_400_000,
  createdBy: 'admin',
  lastUsedAt: null,
  revokedAt: null,
};

describe('ServiceTokensPage', () => {
  it('lists tokens, shows a new token once with a copy button, and revokes one after confirming', async () => {
    let tokens: ServiceToken[] = [pbx, { ...pbx, id: 't0', name: 'Old CRM', revokedAt: Date.now() - 1000 }];
    const api = fakeFetch({
      'GET /api/service-tokens': () => ({ status: 200, body: tokens }),
      'POST /api/service-tokens': (init) => {
        const body = JSON.parse(String(init?.body)) as { name: string; scopes: ServiceToken['scopes'] };
        const created = { ...pbx, id: 't2', name: body.name, scopes: body.scopes, createdAt: Date.now() };
        tokens = [...tokens, created];
        return { status: 201, body: { ...created, token: 'sbt_secret-shown-once' } };
      },
      'DELETE /api/service-tokens/t1': () => {
        tokens = tokens.map((x) => (x.id === 't1' ? { ...x, revokedAt: Date.now() } : x));
        return { status: 204 };
      },
    });
    vi.stubGlobal('fetch', api.fetch);
    renderWithProviders(<ServiceTokensPage />);

    const rows = await screen.findAllByTestId('service-token-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText('Asterisk')).toBeTruthy();
    expect(within(rows[0]!).getByText('presence:write')).toBeTruthy();
    expect(within(rows[0]!).getByText('Never')).toBeTruthy();
    expect(within(rows[0]!).getByText('Active')).toBeTruthy();
    expect(within(rows[1]!).getByText('Revoked')).toBeTruthy();
    expect(within(rows[1]!).queryByText('Revoke')).toBeNull();

    // Create: a scope is required; then the token shows once, with a copy button.
    fireEvent.click(screen.getByTestId('new-service-token'));
    fireEvent.change(await screen.findByTestId('service-token-name'), { target: { value: 'CRM' } });
    fireEvent.click(screen.getByTestId('create-service-token'));
    expect(await screen.findByText('Choose at least one scope')).toBeTruthy();
    fireEvent.click(screen.getByTestId('scope-interactions:read'));
    fireEvent.click(screen.getByTestId('create-service-token'));
    expect((await screen.findByTestId('service-token-value')).textContent).toBe('sbt_secret-shown-once');
    expect(within(screen.getByTestId('created-service-token')).getByRole('button', { name: 'Copy' })).toBeTruthy();
    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({ name: 'CRM', scopes: ['interactions:read'] });
    await waitFor(() => expect(screen.getAllByTestId('service-token-row')).toHaveLength(3));
    fireEvent.click(screen.getByTestId('service-token-done'));
    expect(screen.queryByText('sbt_secret-shown-once')).toBeNull();

    // Revoke asks first, then the row shows as revoked.
    fireEvent.click(within(screen.getAllByTestId('service-token-row')[0]!).getByText('Revoke'));
    fireEvent.click(await screen.findByTestId('confirm-revoke'));
    await waitFor(() =>
      expect(within(screen.getAllByTestId('service-token-row')[0]!).getByText('Revoked')).toBeTruthy(),
    );
    expect(api.calls.some((c) => c.method === 'DELETE' && c.url === '/api/service-tokens/t1')).toBe(true);
  });
});
