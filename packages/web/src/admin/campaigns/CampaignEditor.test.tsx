// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, renderWithProviders } from '../../test/render';
import { CampaignEditor } from './CampaignEditor';

afterEach(() => vi.unstubAllGlobals());

function saveFails(status: number, body: { error: string; message: string; field?: string }) {
  const fake = fakeFetch({
    'GET /api/providers': () => ({ status: 200, body: [] }),
    'POST /api/campaigns': () => ({ status, body }),
  });
  vi.stubGlobal('fetch', fake.fetch);
  return fake;
}

describe('CampaignEditor server errors', () => {
  it('puts a validation error next to its field and opens the tab holding it', async () => {
    const fake = saveFails(400, {
      error: 'validation_failed',
      message: 'thresholds.acd: Must be at least 1',
      field: 'thresholds.acd',
    });
    renderWithProviders(<CampaignEditor campaign={null} />);
    fireEvent.change(screen.getByLabelText('Name', { exact: false }), { target: { value: 'Sales' } });
    fireEvent.click(screen.getByTestId('save-campaign'));

    const acd = await screen.findByLabelText('ACD (waiting interactions)');
    await waitFor(() => expect(acd.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Must be at least 1')).toBeTruthy();
    expect(screen.getByTestId('tab-limits').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('tab-error-limits')).toBeTruthy();

    const sent = fake.calls.find((c) => c.method === 'POST')?.body as Record<string, unknown>;
    expect(sent).toMatchObject({ name: 'Sales', schedule: null, offerTimeout: null, strategy: 'nocall' });
  });

  it('shows an ambiguous skill on the Skills input', async () => {
    saveFails(409, { error: 'skill_ambiguous', message: '"ventas" is already used by Support on provider Main' });
    renderWithProviders(<CampaignEditor campaign={null} />);
    fireEvent.change(screen.getByLabelText('Name', { exact: false }), { target: { value: 'Sales' } });
    fireEvent.click(screen.getByTestId('tab-schedule'));
    fireEvent.click(screen.getByTestId('save-campaign'));

    expect(await screen.findByText('"ventas" is already used by Support on provider Main')).toBeTruthy();
    expect(screen.getByTestId('tab-basic').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('combobox', { name: /^Skills/ }).getAttribute('aria-invalid')).toBe('true');
  });

  it('maps a schedule range error to that range', async () => {
    saveFails(400, { error: 'validation_failed', message: 'Ends before it starts', field: 'schedule.ranges.0.to' });
    renderWithProviders(<CampaignEditor campaign={null} />);
    fireEvent.change(screen.getByLabelText('Name', { exact: false }), { target: { value: 'Sales' } });
    fireEvent.click(screen.getByTestId('tab-schedule'));
    fireEvent.click(screen.getByRole('switch', { name: /Open 24 hours/ }));
    fireEvent.click(screen.getByTestId('add-range-wednesday'));
    fireEvent.click(screen.getByTestId('tab-basic'));
    fireEvent.click(screen.getByTestId('save-campaign'));

    expect(await screen.findByText('Ends before it starts')).toBeTruthy();
    expect(screen.getByTestId('range-wednesday-0-to').getAttribute('aria-invalid')).toBe('true');
  });

  it('checks canned response shortcuts before sending', async () => {
    const fake = saveFails(500, { error: 'internal', message: 'should not be called' });
    renderWithProviders(<CampaignEditor campaign={null} />);
    fireEvent.change(screen.getByLabelText('Name', { exact: false }), { target: { value: 'Sales' } });
    fireEvent.click(screen.getByTestId('tab-canned'));
    fireEvent.click(screen.getByTestId('canned-add'));
    fireEvent.change(screen.getByTestId('canned-0-title'), { target: { value: 'Hello' } });
    fireEvent.change(screen.getByTestId('canned-0-shortcut'), { target: { value: 'Hello' } });
    fireEvent.change(screen.getByTestId('canned-0-text'), { target: { value: 'Hi {customer.name}' } });
    fireEvent.click(screen.getByTestId('save-campaign'));

    await waitFor(() => expect(screen.getByTestId('canned-0-shortcut').getAttribute('aria-invalid')).toBe('true'));
    expect(fake.calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('does not offer a Client API provider as a source', async () => {
    const provider = (id: string, kind: string, name: string) => ({
      id,
      kind,
      name,
      channel: 'whatsapp',
      platformId: '598',
      secretSet: true,
      webhookPath: `/webhooks/heynow/${id}`,
      createdAt: 0,
      updatedAt: 0,
    });
    const fake = fakeFetch({
      'GET /api/providers': () => ({
        status: 200,
        body: [provider('p1', 'heynow-direct', 'Direct line'), provider('p2', 'heynow-client', 'Forms sender')],
      }),
    });
    vi.stubGlobal('fetch', fake.fetch);
    renderWithProviders(<CampaignEditor campaign={null} />);
    await waitFor(() => expect(fake.calls.some((c) => c.url === '/api/providers')).toBe(true));
    fireEvent.click(screen.getByRole('combobox', { name: /^Providers/ }));
    expect(await screen.findByRole('option', { name: 'Direct line (598)' })).toBeTruthy();
    expect(screen.queryByRole('option', { name: 'Forms sender (598)' })).toBeNull();
  });
});
