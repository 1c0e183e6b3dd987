// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebhookDelivery, WebhookEndpoint } from '@switchboard/protocol';
import { fakeFetch, renderWithProviders } from '../../test/render';
import { WebhooksPage } from './WebhooksPage';

afterEach(() => vi.unstubAllGlobals());

const failed: WebhookDelivery = {
  id: 'd1',
  endpointId: 'w1',
  event: 'interaction.closed',
  status: 'pending',
  attempts: 10,
  statusCode: 503,
  error: 'HTTP 503',
  createdAt: Date.now() - 60_000,
  lastAttemptAt: Date.now() - 1000,
  deliveredAt: null,
};
const crm: WebhookEndpoint = {
  id: 'w1',
  name: 'Salesforce',
  url: 'https://crm.example/hooks',
  events: ['interaction.closed'],
  enabled: true,
  paused: true,
  pausedAt: Date.now() - 1000,
  consecutiveFailures: 10,
  pendingDeliveries: 1,
  lastDelivery: failed,
  createdAt: Date.now() - 86_400_000,
  createdBy: 'admin',
};

describe('WebhooksPage', () => {
  it('lists endpoints with their last result, shows a new secret once, resumes a paused one and shows its deliveries', async () => {
    let endpoints: WebhookEndpoint[] = [crm];
    const api = fakeFetch({
      'GET /api/webhook-endpoints': () => ({ status: 200, body: endpoints }),
      'GET /api/webhook-endpoints/w1/deliveries': () => ({ status: 200, body: [failed] }),
      'POST /api/webhook-endpoints': (init) => {
        const body = JSON.parse(String(init?.body)) as { name: string; url: string; events: WebhookEndpoint['events'] };
        const created: WebhookEndpoint = {
          ...crm,
          id: 'w2',
          ...body,
          paused: false,
          pausedAt: null,
          consecutiveFailures: 0,
          lastDelivery: null,
        };
        endpoints = [...endpoints, created];
        return { status: 201, body: { ...created, secret: 'whsec_shown-once' } };
      },
      'PATCH /api/webhook-endpoints/w1': (init) => {
        const body = JSON.parse(String(init?.body)) as { paused: boolean };
        endpoints = endpoints.map((e) =>
          e.id === 'w1' ? { ...e, paused: body.paused, pausedAt: null, consecutiveFailures: 0 } : e,
        );
        return { status: 200, body: endpoints[0] };
      },
    });
    vi.stubGlobal('fetch', api.fetch);
    renderWithProviders(<WebhooksPage />);

    const [row] = await screen.findAllByTestId('webhook-row');
    expect(within(row!).getByText('Salesforce')).toBeTruthy();
    expect(within(row!).getByText('interaction.closed')).toBeTruthy();
    expect(within(row!).getByTestId('webhook-status').textContent).toBe('Paused');
    expect(within(row!).getByText('HTTP 503')).toBeTruthy();

    // Deliveries: event, status, attempts.
    fireEvent.click(within(row!).getByText('Deliveries'));
    const delivery = await screen.findByTestId('webhook-delivery-row');
    expect(within(delivery).getByText('interaction.closed')).toBeTruthy();
    expect(within(delivery).getByText('Pending')).toBeTruthy();
    expect(within(delivery).getByText('10')).toBeTruthy();

    // Resume sends paused: false and the row turns active.
    fireEvent.click(within(row!).getByTestId('resume-webhook'));
    await waitFor(() =>
      expect(within(screen.getAllByTestId('webhook-row')[0]!).getByTestId('webhook-status').textContent).toBe('Active'),
    );
    expect(api.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ paused: false });

    // Create: an event is required; the generated secret shows once, with a copy button.
    fireEvent.click(screen.getByTestId('new-webhook'));
    fireEvent.change(await screen.findByTestId('webhook-name'), { target: { value: 'HubSpot' } });
    fireEvent.change(screen.getByTestId('webhook-url'), { target: { value: 'https://hub.example/in' } });
    fireEvent.click(screen.getByTestId('save-webhook'));
    expect(await screen.findByText('Choose at least one event')).toBeTruthy();
    fireEvent.click(screen.getByTestId('event-message.stored'));
    fireEvent.click(screen.getByTestId('save-webhook'));
    expect((await screen.findByTestId('webhook-secret-value')).textContent).toBe('whsec_shown-once');
    expect(within(screen.getByTestId('created-webhook')).getByRole('button', { name: 'Copy' })).toBeTruthy();
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'HubSpot',
      url: 'https://hub.example/in',
      events: ['message.stored'],
    });
    await waitFor(() => expect(screen.getAllByTestId('webhook-row')).toHaveLength(2));
    fireEvent.click(screen.getByTestId('webhook-done'));
    expect(screen.queryByText('whsec_shown-once')).toBeNull();
  });

  it("shows the server's url refusal next to the field", async () => {
    const api = fakeFetch({
      'GET /api/webhook-endpoints': () => ({ status: 200, body: [] }),
      'POST /api/webhook-endpoints': () => ({
        status: 400,
        body: {
          error: 'validation_failed',
          message: 'url: points at 10.0.0.1, a private (RFC 1918) address',
          field: 'url',
        },
      }),
    });
    vi.stubGlobal('fetch', api.fetch);
    renderWithProviders(<WebhooksPage />);
    fireEvent.click(await screen.findByTestId('new-webhook'));
    fireEvent.change(await screen.findByTestId('webhook-name'), { target: { value: 'LAN' } });
    fireEvent.change(screen.getByTestId('webhook-url'), { target: { value: 'http://10.0.0.1/' } });
    fireEvent.click(screen.getByTestId('event-interaction.closed'));
    fireEvent.click(screen.getByTestId('save-webhook'));
    expect(await screen.findByText(/a private \(RFC 1918\) address/)).toBeTruthy();
  });
});
