// @vitest-environment jsdom
import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveEvent } from '../../test/live-events';
import { Route, Routes } from 'react-router-dom';
import { fakeFetch, LocationProbe, renderWithProviders } from '../../test/render';
import { FakeWebSocket } from '../../shared/live/fake-socket';
import { SupervisorLiveScope } from '../live/SupervisorLiveScope';
import { monitorRow, supervisorMe } from '../test-data';
import { MonitoringPage } from './MonitoringPage';

beforeEach(() => {
  FakeWebSocket.all = [];
  vi.stubGlobal('WebSocket', FakeWebSocket);
});
afterEach(() => vi.unstubAllGlobals());

const rows = [
  monitorRow(),
  monitorRow({
    campaignId: 'c2',
    name: 'Soporte',
    open: false,
    waiting: 3,
    longestWaitMs: 45_000,
    waitingColour: 'red',
    attendedToday: 0,
    abandonedToday: 0,
    serviceLevelPercent: null,
    serviceLevelWithAbandonedPercent: null,
    abandonPercent: null,
    averageWaitMs: null,
    averageHandleMs: null,
  }),
  monitorRow({ campaignId: 'c3', name: 'Cobranzas', waiting: 1, longestWaitMs: 25_000, waitingColour: 'amber' }),
];

function renderPage() {
  const api = fakeFetch({
    'GET /api/auth/me': () => ({ status: 200, body: supervisorMe }),
    'GET /api/monitoring': () => ({ status: 200, body: rows }),
  });
  vi.stubGlobal('fetch', api.fetch);
  const view = renderWithProviders(
    <Routes>
      <Route path="/supervisor" element={<SupervisorLiveScope />}>
        <Route path="monitoring" element={<MonitoringPage />} />
        <Route path="monitoring/:campaignId" element={<LocationProbe />} />
      </Route>
    </Routes>,
    { path: '/supervisor/monitoring' },
  );
  const monitoringCalls = () => api.calls.filter((c) => c.method === 'GET' && c.url === '/api/monitoring').length;
  return { ...view, api, monitoringCalls };
}

const rowOf = (campaignId: string) => {
  const row = screen.getAllByTestId('monitor-row').find((r) => r.getAttribute('data-campaign-id') === campaignId);
  if (!row) throw new Error(`no row for ${campaignId}`);
  return row;
};

describe('MonitoringPage', () => {
  it('shows — for empty percentages and averages, and the threshold colours the server computed', async () => {
    renderPage();
    await screen.findByText('Soporte');

    const ventas = rowOf('c1');
    expect(within(ventas).getByTestId('monitor-sl').textContent).toBe('85.7%');
    expect(within(ventas).getByTestId('monitor-sl-abandoned').textContent).toBe('75%');
    expect(within(ventas).getByTestId('monitor-abandon-rate').textContent).toBe('12.5%');
    expect(within(ventas).getByTestId('monitor-attended').textContent).toBe('7');
    expect(within(ventas).getByTestId('monitor-waiting').getAttribute('data-colour')).toBe('none');
    // The campaign's name is a real link (keyboard users Tab to it and press Enter).
    expect(within(ventas).getByTestId('monitor-link').getAttribute('href')).toBe('/supervisor/monitoring/c1');

    const soporte = rowOf('c2');
    expect(within(soporte).getByTestId('monitor-sl').textContent).toBe('—');
    expect(within(soporte).getByTestId('monitor-sl-abandoned').textContent).toBe('—');
    expect(within(soporte).getByTestId('monitor-abandon-rate').textContent).toBe('—');
    expect(within(soporte).getByTestId('monitor-waiting').getAttribute('data-colour')).toBe('red');
    expect(within(soporte).getByText('Closed')).toBeTruthy();

    // The oldest item of Cobranzas waits beyond the 20 s service level: amber.
    expect(within(rowOf('c3')).getByTestId('monitor-waiting').getAttribute('data-colour')).toBe('amber');
    // Agents by status, in order available, busy, paused, wrap-up, offline.
    expect(within(ventas).getByLabelText('Available: 1')).toBeTruthy();
    expect(within(ventas).getByLabelText('Offline: 1')).toBeTruthy();
  });

  it('opens the campaign detail when a row is clicked', async () => {
    renderPage();
    fireEvent.click(await screen.findByText('Soporte'));
    expect(screen.getByTestId('location').textContent).toBe('/supervisor/monitoring/c2');
  });

  it('refetches once, ~300 ms after a burst of live events, and not for message traffic alone', async () => {
    const { monitoringCalls } = renderPage();
    await screen.findByText('Ventas');
    expect(monitoringCalls()).toBe(1);
    expect(FakeWebSocket.last().url).toBe(`ws://${window.location.host}/ws`);

    // The debounce timer runs on a fake clock from here: time moves exactly as far as each check says.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      act(() => {
        FakeWebSocket.last().open();
        FakeWebSocket.last().send(liveEvent(1, 'message', { interactionId: 'i1' }));
      });
      act(() => void vi.advanceTimersByTime(400));
      expect(monitoringCalls()).toBe(1);

      act(() => {
        FakeWebSocket.last().send(liveEvent(2, 'interaction.changed', { interactionId: 'i1' }));
        FakeWebSocket.last().send(liveEvent(3, 'agent.status', { agentId: 'a1' }));
        FakeWebSocket.last().send(liveEvent(4, 'interaction.changed', { interactionId: 'i2' }));
      });
      act(() => void vi.advanceTimersByTime(100));
      expect(monitoringCalls()).toBe(1);
      act(() => void vi.advanceTimersByTime(200));
      expect(monitoringCalls()).toBe(2);
      act(() => void vi.advanceTimersByTime(400));
      expect(monitoringCalls()).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
