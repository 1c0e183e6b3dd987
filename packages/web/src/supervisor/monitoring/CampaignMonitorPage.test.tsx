// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveEvent } from '../../test/live-events';
import { Route, Routes } from 'react-router-dom';
import { CAMPAIGN_DEFAULTS, type Me } from '@switchboard/protocol';
import { campaign } from '../../test/fixtures';
import { fakeFetch, renderWithProviders } from '../../test/render';
import { FakeWebSocket } from '../../shared/live/fake-socket';
import { SupervisorLiveScope } from '../live/SupervisorLiveScope';
import { adminMe, interactionDetail, message, monitorDetail, monitorRow, summary, supervisorMe } from '../test-data';
import { CampaignMonitorPage } from './CampaignMonitorPage';

beforeEach(() => {
  FakeWebSocket.all = [];
  vi.stubGlobal('WebSocket', FakeWebSocket);
});
afterEach(() => vi.unstubAllGlobals());

function renderDetail(me: Me, path = '/supervisor/monitoring/c1') {
  let acd = 3;
  let owner: { ownerAgentId: string; ownerName: string } = { ownerAgentId: 'a1', ownerName: 'Ana' };
  const api = fakeFetch({
    'GET /api/auth/me': () => ({ status: 200, body: me }),
    'GET /api/monitoring/c1': () => {
      const now = Date.now();
      return {
        status: 200,
        body: monitorDetail({
          campaign: monitorRow({
            waiting: 2,
            waitingColour: 2 >= acd ? 'red' : 'none',
            thresholds: { serviceLevel: 20, shortAbandon: 5, chatTime: 600, acd },
          }),
          waitingItems: [
            {
              interactionId: 'w1',
              customerNumber: '+598 91 *** 555',
              customerName: null,
              enteredAt: now - 5_000,
              colour: 'none',
            },
            {
              interactionId: 'w2',
              customerNumber: '+598 92 *** 777',
              customerName: 'Pedro',
              enteredAt: now - 40_000,
              colour: 'amber',
            },
          ],
          agents: monitorDetail().agents.concat({
            agentId: 'a3',
            displayName: 'Carla',
            status: 'available',
            busy: true,
            onCall: true,
            reason: null,
            since: now - 900_000,
            active: 1,
            max: 1,
            oldestActiveMs: 700_000,
            oldestActiveColour: 'red',
            attendedToday: 2,
            chats: [{ interactionId: 'x9', customer: 'Marta', takenAt: now - 700_000 }],
            satisfactionToday: { average: 4.5, count: 2 },
            satisfactionRecent: { average: 4, count: 1 },
          }),
        }),
      };
    },
    'PATCH /api/campaigns/c1': (init) => {
      acd = (JSON.parse(String(init?.body)) as { thresholds: { acd: number } }).thresholds.acd;
      return { status: 200, body: campaign({ id: 'c1', thresholds: { ...CAMPAIGN_DEFAULTS.thresholds, acd } }) };
    },
    'GET /api/interactions/i1': () => ({
      status: 200,
      body: interactionDetail({
        interaction: { ...interactionDetail().interaction, ...owner },
        messages: [
          message({
            id: 'm2',
            direction: 'out',
            author: 'agent',
            agentId: 'a1',
            authorName: 'Ana',
            text: 'Hola Lucía',
            createdAt: Date.now() - 10_000,
          }),
          message({ id: 'm1', text: 'hola 👋', createdAt: Date.now() - 20_000 }),
        ],
      }),
    }),
    'POST /api/interactions/i1/whisper': () => ({
      status: 201,
      body: message({ id: 'w1', direction: 'out', author: 'supervisor', text: 'Offer the discount' }),
    }),
    'POST /api/interactions/i1/takeover': () => {
      owner = { ownerAgentId: me.id, ownerName: me.displayName };
      return { status: 200, body: summary({ id: 'i1', ...owner }) };
    },
    // the reply box after a take-over reads the campaign's canned responses
    'GET /api/campaigns/c1': () => ({ status: 200, body: campaign({ id: 'c1', name: 'Ventas' }) }),
    'POST /api/interactions/i1/messages': () => ({
      status: 201,
      body: message({ id: 'm9', direction: 'out', author: 'supervisor', text: 'Hola, soy Sofía' }),
    }),
  });
  vi.stubGlobal('fetch', api.fetch);
  const view = renderWithProviders(
    <Routes>
      <Route path="/supervisor" element={<SupervisorLiveScope />}>
        <Route path="monitoring/:campaignId" element={<CampaignMonitorPage />} />
      </Route>
    </Routes>,
    { path },
  );
  const detailCalls = () => api.calls.filter((c) => c.method === 'GET' && c.url === '/api/monitoring/c1').length;
  return { ...view, api, detailCalls };
}

describe('CampaignMonitorPage', () => {
  it('shows agent rows (on a phone call too), the queue with amber beyond service level, active chats and the chart', async () => {
    renderDetail(supervisorMe);
    await screen.findByText('Carla');
    const agents = screen.getAllByTestId('agent-row');
    expect(agents.map((r) => r.getAttribute('data-agent-id'))).toEqual(['a1', 'a2', 'a3']);
    const carla = agents[2]!;
    expect(within(carla).getByTestId('agent-oldest').getAttribute('data-colour')).toBe('red');
    expect(within(agents[0]!).getByTestId('agent-oldest').getAttribute('data-colour')).toBe('none');
    // Each agent's current chats, named, with their ages: Carla's is past the chat time (red).
    const carlasChat = within(carla).getByTestId('agent-chat');
    expect(carlasChat.textContent).toMatch(/^Marta 11:\d\d$/);
    expect(carlasChat.getAttribute('data-colour')).toBe('red');
    expect(within(agents[0]!).getByTestId('agent-chat').textContent).toMatch(/^Lucía 00:\d\d$/);
    expect(within(agents[1]!).getByText('Paused · Lunch')).toBeTruthy();
    expect(within(carla).getByText('1/1')).toBeTruthy();
    // phone-system presence shows on the row
    expect(within(carla).getByTestId('agent-on-call').textContent).toBe('On a call');
    expect(within(agents[0]!).queryByTestId('agent-on-call')).toBeNull();
    // satisfaction per person: today's average with its count, and the last hours below
    expect(within(carla).getByTestId('satisfaction-today').textContent).toBe('4.5');
    expect(within(carla).getByTestId('satisfaction').textContent).toContain('(2)');
    expect(within(carla).getByTestId('satisfaction-recent').textContent).toBe('8 h: 4.0');
    expect(within(agents[0]!).getByTestId('satisfaction-today').textContent).toBe('—');

    const waiting = screen.getAllByTestId('waiting-item');
    // oldest first; Pedro waits 40 s > 20 s service level
    expect(waiting.map((w) => [w.getAttribute('data-interaction-id'), w.getAttribute('data-colour')])).toEqual([
      ['w2', 'amber'],
      ['w1', 'none'],
    ]);
    expect(screen.getAllByTestId('active-item')).toHaveLength(1);
    expect(screen.getByTestId('chart').getAttribute('data-points')).toBe('2');
    // supervisors do not edit thresholds
    expect(screen.queryByTestId('thresholds-acd')).toBeNull();
  });

  it('lets an administrator lower the ACD: PATCHes the campaign and the refetched row turns red', async () => {
    const { api, detailCalls } = renderDetail(adminMe);
    const acd = await screen.findByTestId('thresholds-acd');
    expect(screen.getByTestId('monitor-waiting').getAttribute('data-colour')).toBe('none');
    expect((screen.getByTestId('thresholds-save') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(acd, { target: { value: '2' } });
    fireEvent.click(screen.getByTestId('thresholds-save'));

    await waitFor(() => expect(api.calls.some((c) => c.method === 'PATCH')).toBe(true));
    const patch = api.calls.find((c) => c.method === 'PATCH');
    expect(patch?.url).toBe('/api/campaigns/c1');
    expect(patch?.body).toEqual({ thresholds: { acd: 2, serviceLevel: 20, chatTime: 600 } });
    await waitFor(() => expect(detailCalls()).toBe(2));
    await waitFor(() => expect(screen.getByTestId('monitor-waiting').getAttribute('data-colour')).toBe('red'));
  });

  it('watches an active conversation live: ordered transcript, whisper, take-over after confirmation, then replies', async () => {
    const { api } = renderDetail(supervisorMe);
    fireEvent.click(await screen.findByTestId('watch'));
    const transcript = await screen.findByTestId('live-transcript');
    await within(transcript).findByText('Hola Lucía');
    const texts = within(transcript)
      .getAllByTestId('transcript-message')
      .map((m) => m.getAttribute('data-message-id'));
    expect(texts).toEqual(['m1', 'm2']);

    const interactionCalls = () => api.calls.filter((c) => c.url === '/api/interactions/i1').length;
    expect(interactionCalls()).toBe(1);
    act(() => {
      FakeWebSocket.last().open();
      FakeWebSocket.last().send(liveEvent(1, 'message', { interactionId: 'i1' }));
    });
    await waitFor(() => expect(interactionCalls()).toBe(2));

    fireEvent.change(screen.getByTestId('whisper-input'), { target: { value: 'Offer the discount' } });
    fireEvent.click(screen.getByTestId('whisper-send'));
    await waitFor(() =>
      expect(api.calls.find((c) => c.method === 'POST' && c.url === '/api/interactions/i1/whisper')?.body).toEqual({
        text: 'Offer the discount',
      }),
    );

    fireEvent.click(screen.getByTestId('takeover'));
    expect(api.calls.some((c) => c.url.endsWith('/takeover'))).toBe(false);
    fireEvent.click(await screen.findByTestId('takeover-confirm'));
    await waitFor(() =>
      expect(api.calls.some((c) => c.method === 'POST' && c.url === '/api/interactions/i1/takeover')).toBe(true),
    );

    // Now the supervisor holds it: the whisper box gives way to the agent's composer.
    const composer = await screen.findByTestId('takeover-composer');
    fireEvent.change(within(composer).getByTestId('composer-input'), { target: { value: 'Hola, soy Sofía' } });
    expect(screen.queryByTestId('whisper-input')).toBeNull();
    expect(within(composer).getByTestId('emoji-button')).toBeTruthy();
    expect(within(composer).getByTestId('attach-button')).toBeTruthy();
    fireEvent.click(within(composer).getByTestId('send-button'));
    await waitFor(() =>
      expect(api.calls.find((c) => c.method === 'POST' && c.url === '/api/interactions/i1/messages')?.body).toEqual({
        text: 'Hola, soy Sofía',
      }),
    );
  });
});
