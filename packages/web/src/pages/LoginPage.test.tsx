// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Me, Role } from '@switchboard/protocol';
import { App } from '../App';
import { LocationProbe, fakeFetch, renderWithProviders } from '../test/render';

afterEach(() => vi.unstubAllGlobals());

function signIn() {
  fireEvent.change(screen.getByLabelText('Username', { exact: false }), { target: { value: 'ana' } });
  fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: 'secret-pass' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('login', () => {
  it.each([
    ['administrator', '/admin/campaigns'],
    ['supervisor', '/supervisor/monitoring'],
    ['agent', '/agent/inbox'],
  ] as [Role, string][])('sends an %s to %s', async (role, path) => {
    const me: Me = { id: 'u1', username: 'ana', displayName: 'Ana', role };
    const fake = fakeFetch({
      'GET /api/auth/me': () => ({ status: 401, body: { error: 'unauthenticated', message: 'Sign in' } }),
      'POST /api/auth/login': () => ({ status: 200, body: me }),
      // what each role's first page reads
      'GET /api/campaigns': () => ({ status: 200, body: [] }),
      'GET /api/providers': () => ({ status: 200, body: [] }),
      'GET /api/monitoring': () => ({ status: 200, body: [] }),
      'GET /api/agent/inbox': () => ({
        status: 200,
        body: {
          me: {
            agentId: 'u1',
            status: 'available',
            reason: null,
            since: 0,
            wrapupUntil: null,
            busy: false,
            onCall: false,
          },
          pending: [],
          active: [],
          campaigns: [],
          pauseReasons: [],
        },
      }),
    });
    vi.stubGlobal('fetch', fake.fetch);
    renderWithProviders(
      <>
        <App />
        <LocationProbe />
      </>,
      { path: '/login' },
    );
    signIn();
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe(path));
    expect(fake.calls.find((c) => c.method === 'POST')?.body).toEqual({ username: 'ana', password: 'secret-pass' });
    expect(screen.getByTestId('role-badge').textContent).toBe(role.charAt(0).toUpperCase() + role.slice(1));
  });

  it('says so when the credentials are wrong', async () => {
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        'GET /api/auth/me': () => ({ status: 401, body: { error: 'unauthenticated', message: 'Sign in' } }),
        'POST /api/auth/login': () => ({ status: 401, body: { error: 'invalid_credentials', message: 'Invalid' } }),
      }).fetch,
    );
    renderWithProviders(<App />, { path: '/login' });
    signIn();
    expect((await screen.findByTestId('login-error')).textContent).toBe('Wrong username or password.');
  });

  it('sends to the login page when the session is gone', async () => {
    vi.stubGlobal(
      'fetch',
      fakeFetch({ 'GET /api/auth/me': () => ({ status: 401, body: { error: 'unauthenticated', message: 'Sign in' } }) })
        .fetch,
    );
    renderWithProviders(
      <>
        <App />
        <LocationProbe />
      </>,
      { path: '/admin/providers' },
    );
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/login'));
  });

  it('goes back to login when any call answers 401', async () => {
    const me: Me = { id: 'u1', username: 'ana', displayName: 'Ana', role: 'administrator' };
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        'GET /api/auth/me': () => ({ status: 200, body: me }),
        'GET /api/campaigns': () => ({ status: 401, body: { error: 'unauthenticated', message: 'Expired' } }),
      }).fetch,
    );
    renderWithProviders(
      <>
        <App />
        <LocationProbe />
      </>,
      { path: '/admin/campaigns' },
    );
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/login'));
  });
});
