// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditPage as AuditPageBody } from '@switchboard/protocol';
import { campaign } from '../../test/fixtures';
import { fakeFetch, renderWithProviders } from '../../test/render';
import { AuditPage } from './AuditPage';
import { queryString } from '../../api/client';
import { defaultAuditFilters, auditQuery } from './audit-query';

afterEach(() => vi.unstubAllGlobals());

describe('AuditPage', () => {
  it('lists the last seven days with readable actions and each target by the name it had, and searches by action and campaign', async () => {
    const body: AuditPageBody = {
      rows: [
        {
          id: 'e1',
          at: Date.now(),
          userId: 's1',
          username: 'sofia',
          role: 'supervisor',
          action: 'whisper.sent',
          target: 'i1',
          targetKind: 'interaction',
          targetName: 'Eva (+59899000001)',
          detail: null,
        },
        {
          id: 'e2',
          at: Date.now(),
          userId: 'u0',
          username: 'admin',
          role: 'administrator',
          action: 'member.removed',
          target: 'a1',
          targetKind: 'member',
          targetName: 'Ana Pérez (ana) in Ventas',
          detail: 'campaign c1',
        },
      ],
      total: 2,
      page: 1,
      pageSize: 50,
    };
    const api = fakeFetch({
      'GET /api/audit': () => ({ status: 200, body }),
      'GET /api/users': () => ({ status: 200, body: [] }),
      'GET /api/campaigns': () => ({ status: 200, body: [campaign({ id: 'c1', name: 'Ventas' })] }),
    });
    vi.stubGlobal('fetch', api.fetch);
    renderWithProviders(<AuditPage />);

    const rows = await screen.findAllByTestId('audit-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByTestId('audit-action-label').textContent).toBe('Whispered to an agent');
    expect(within(rows[0]!).getByText('whisper.sent')).toBeTruthy();
    // the target by the name it had, with its kind and id; an empty detail shows a dash
    expect(within(rows[0]!).getByTestId('audit-target').textContent).toBe('Eva (+59899000001)');
    expect(within(rows[0]!).getByText('Conversation · i1')).toBeTruthy();
    expect(within(rows[0]!).getByText('—')).toBeTruthy();
    expect(within(rows[1]!).getByTestId('audit-action-label').textContent).toBe('Removed an agent from a campaign');
    expect(within(rows[1]!).getByTestId('audit-target').textContent).toBe('Ana Pérez (ana) in Ventas');
    expect(within(rows[1]!).getByText('Member · a1')).toBeTruthy();
    const audits = () => api.calls.filter((c) => c.url.startsWith('/api/audit?')).map((c) => c.url);
    expect(audits()[0]).toBe(`/api/audit${queryString(auditQuery(defaultAuditFilters(), 1, 50))}`);

    fireEvent.click(screen.getByTestId('audit-action'));
    fireEvent.click(await screen.findByRole('option', { name: 'Took over a conversation' }));
    fireEvent.click(screen.getByTestId('audit-campaign'));
    fireEvent.click(await screen.findByRole('option', { name: 'Ventas' }));
    fireEvent.click(screen.getByTestId('audit-search'));
    await waitFor(() => expect(audits()).toHaveLength(2));
    const sent = new URL(audits()[1]!, 'http://x').searchParams;
    expect(sent.get('action')).toBe('interaction.taken_over');
    expect(sent.get('campaignId')).toBe('c1');
  });
});
