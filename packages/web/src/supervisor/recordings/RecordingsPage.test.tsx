// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordingPage, RecordingRow } from '@switchboard/protocol';
import { campaign } from '../../test/fixtures';
import { fakeFetch, renderWithProviders } from '../../test/render';
import { interactionDetail, message, supervisorMe } from '../test-data';
import { defaultFilters, endOfDay, startOfDay } from './recording-query';
import { RecordingsPage } from './RecordingsPage';

afterEach(() => vi.unstubAllGlobals());

const row = (over: Partial<RecordingRow>): RecordingRow => ({
  id: 'i1',
  startedAt: Date.now() - 3_600_000,
  endedAt: Date.now() - 3_000_000,
  campaignId: 'c1',
  campaignName: 'Ventas',
  agentNames: ['Ana'],
  customerNumber: '+598 99 *** 123',
  customerName: 'Lucía',
  providerId: 'p1',
  waitMs: 12_000,
  durationMs: 600_000,
  messageCount: 4,
  disposition: 'Ventas > Consulta > Precio',
  status: 'closed',
  closeReason: 'agent',
  closedBy: { name: 'Ana', role: 'agent' },
  satisfaction: null,
  ...over,
});

function renderPage() {
  const page: RecordingPage = {
    rows: [
      row({ satisfaction: 4 }),
      row({ id: 'i2', customerName: null, disposition: null, waitMs: null }),
      row({ id: 'i3', closedBy: { name: 'Sofía', role: 'supervisor' } }),
      row({ id: 'i4', closedBy: null, closeReason: 'customer_left' }),
    ],
    total: 4,
    page: 1,
    pageSize: 50,
  };
  const t0 = Date.now();
  const api = fakeFetch({
    'GET /api/auth/me': () => ({ status: 200, body: supervisorMe }),
    'GET /api/recordings': () => ({ status: 200, body: page }),
    'GET /api/campaigns': () => ({ status: 200, body: [campaign({ id: 'c1', name: 'Ventas' })] }),
    'GET /api/monitoring': () => ({ status: 200, body: [] }),
    'GET /api/providers': () => ({ status: 200, body: [] }),
    'GET /api/interactions/i1': () => ({
      status: 200,
      body: interactionDetail({
        interaction: { ...interactionDetail().interaction, status: 'closed' },
        satisfaction: 4,
        messages: [
          message({
            id: 'm3',
            direction: 'out',
            author: 'agent',
            authorName: 'Ana',
            text: 'Le envío el PDF',
            createdAt: t0 - 1_000,
            attachments: [{ url: '/files/precios.pdf', mimeType: 'application/pdf', name: 'precios.pdf', size: 2048 }],
          }),
          message({ id: 'm1', text: 'hola 👋', createdAt: t0 - 3_000 }),
          message({
            id: 'm2',
            text: null,
            createdAt: t0 - 2_000,
            attachments: [
              { url: '/files/foto.jpg', mimeType: 'image/jpeg', name: 'foto.jpg' },
              { url: null, state: 'pending', mimeType: 'video/mp4', size: 4096 },
            ],
          }),
          message({
            id: 'm4',
            direction: 'internal',
            author: 'supervisor',
            authorName: 'Sofía',
            kind: 'whisper',
            text: 'Ofrecé el descuento',
            createdAt: t0 - 1_500,
          }),
        ],
        timeline: [
          {
            at: t0 - 2_500,
            type: 'assigned',
            campaignId: 'c1',
            agentId: 'a1',
            text: 'linear: first eligible member (Bruno paused)',
            agentName: 'Ana',
            campaignName: 'Ventas',
          },
          { at: t0 - 4_000, type: 'queued', campaignId: 'c1', agentId: null, text: 'skill ventas → Ventas' },
        ],
      }),
    }),
  });
  vi.stubGlobal('fetch', api.fetch);
  renderWithProviders(<RecordingsPage />);
  const recordingCalls = () =>
    api.calls.filter((c) => c.url.startsWith('/api/recordings?')).map((c) => new URL(c.url, 'http://x').searchParams);
  return { api, recordingCalls };
}

describe('RecordingsPage', () => {
  it("opens on today's interactions and applies the filters on Search, the CSV link with the same query", async () => {
    const { recordingCalls } = renderPage();
    expect(await screen.findAllByTestId('recordings-row')).toHaveLength(4);
    const today = defaultFilters().fromDay ?? '';
    const first = recordingCalls()[0]!;
    expect(first.get('from')).toBe(String(startOfDay(today)));
    expect(first.get('to')).toBe(String(endOfDay(today)));
    expect(first.get('page')).toBe('1');

    fireEvent.change(screen.getByTestId('recordings-customer'), { target: { value: '123' } });
    fireEvent.change(screen.getByTestId('recordings-text'), { target: { value: 'precio' } });
    // typing alone does not search
    expect(recordingCalls()).toHaveLength(1);
    fireEvent.click(screen.getByTestId('recordings-search'));

    await waitFor(() => expect(recordingCalls()).toHaveLength(2));
    const second = recordingCalls()[1]!;
    expect(second.toString()).toBe(
      `from=${startOfDay(today)}&to=${endOfDay(today)}&customer=123&text=precio&page=1&pageSize=50`,
    );
    expect(screen.getByTestId('recordings-csv').getAttribute('href')).toBe(
      `/api/recordings.csv?from=${startOfDay(today)}&to=${endOfDay(today)}&customer=123&text=precio`,
    );
  });

  it('shows — for missing figures and opens the transcript: ordered messages, attachments, private note, timeline, download', async () => {
    renderPage();
    const rows = await screen.findAllByTestId('recordings-row');
    expect(rows.map((r) => r.getAttribute('data-interaction-id'))).toEqual(['i1', 'i2', 'i3', 'i4']);
    expect(within(rows[2]!).getByTestId('recordings-closed-how').textContent).toBe('closed by Sofía (supervisor)');
    expect(within(rows[3]!).getByTestId('recordings-closed-how').textContent).toBe('the customer left');
    expect(within(rows[1]!).getAllByText('—').length).toBeGreaterThanOrEqual(2);
    // Statuses and closes in words, not codes.
    expect(within(rows[0]!).getByTestId('recordings-status').textContent).toBe('Closed');
    expect(within(rows[0]!).getByTestId('recordings-closed-how').textContent).toBe('closed by Ana');
    // the customer's answer to the satisfaction question, or — when there is none
    expect(within(rows[0]!).getByTestId('recording-satisfaction').textContent).toBe('4');
    expect(within(rows[1]!).getByTestId('recording-satisfaction').textContent).toBe('—');

    fireEvent.click(rows[0]!);
    const transcript = await screen.findByTestId('transcript');
    expect(within(transcript).getByTestId('transcript-satisfaction').textContent).toBe('Customer rating: 4 of 5');
    const messages = within(transcript).getAllByTestId('transcript-message');
    expect(messages.map((m) => m.getAttribute('data-message-id'))).toEqual(['m1', 'm2', 'm4', 'm3']);
    expect(within(messages[0]!).getByText('Lucía')).toBeTruthy();
    expect(within(messages[1]!).getByTestId('attachment-image')).toBeTruthy();
    // Media not downloaded yet: a placeholder with its type, never a link.
    expect(within(messages[1]!).getByTestId('attachment-placeholder').textContent).toContain(
      'Video not yet downloaded',
    );
    expect(within(messages[2]!).getByText('Private note')).toBeTruthy();
    expect(within(messages[3]!).getByText('Ana')).toBeTruthy();
    expect(within(messages[3]!).getByTestId('attachment-file').getAttribute('href')).toBe('/files/precios.pdf');

    const events = within(transcript).getAllByTestId('timeline-event');
    expect(events.map((e) => e.getAttribute('data-type'))).toEqual(['queued', 'assigned']);
    // in the reader's language, with people named, not the router's English sentence
    expect(within(events[1]!).getByText('Assigned to Ana in Ventas')).toBeTruthy();
    expect(events[1]!.textContent).not.toContain('linear: first eligible member');

    expect(screen.getByTestId('transcript-download').getAttribute('href')).toBe(
      '/api/recordings/i1/transcript?format=txt',
    );
  });
});
