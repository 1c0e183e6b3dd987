// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditPage as AuditPageBody } from '@switchboard/protocol';
import { fakeFetch, renderWithProviders } from '../../test/render';
import { AuditPage } from './AuditPage';
import { defaultAuditFilters, auditParams } from './audit-query';

afterEach(() => vi.unstubAllGlobals());

describe('AuditPage', () => {
  it('lists the last seven days and searches by action', async () => {
    const body: AuditPageBody = {
      rows: [
        {
          id: 'e1',
          at: Date.now(),
          userId: 's1',
          username: 'sofia',
          role: 'supervisor',
          action: 'interaction.whisper',
          target: 'i1',
          detail: 'Offer the discount',
        },
        {
          id: 'e2',
          at: Date.now(),
          userId: 'u0',
          username: 'admin',
          role: 'administrator',
          action: 'campaign.update',
          target: 'c1',
          detail: null,
        },
      ],
      total: 2,
      page: 1,
      pageSize: 50,
    };
    const api = fakeFetch({ 'GET /api/audit': () => ({ status: 200, body }) });
    vi.stubGlobal('fetch', api.fetch);
    renderWithProviders(<AuditPage />);

    const rows = await screen.findAllByTestId('audit-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText('interaction.whisper')).toBeTruthy();
    expect(within(rows[1]!).getByText('—')).toBeTruthy();
    const audits = () => api.calls.filter((c) => c.url.startsWith('/api/audit?')).map((c) => c.url);
    expect(audits()[0]).toBe(`/api/audit?${auditParams(defaultAuditFilters(), 1, 50).toString()}`);

    fireEvent.change(screen.getByTestId('audit-action'), { target: { value: 'interaction.takeover' } });
    fireEvent.click(screen.getByTestId('audit-search'));
    await waitFor(() => expect(audits()).toHaveLength(2));
    expect(new URL(audits()[1]!, 'http://x').searchParams.get('action')).toBe('interaction.takeover');
  });
});
