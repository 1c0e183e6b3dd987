// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { liveEvent } from '../test/live-events';
import { Route, Routes } from 'react-router-dom';
import type {
  ConversationMessage,
  EarlierConversation,
  Inbox,
  InteractionDetail,
  InteractionSummary,
  LiveEvent,
  Me,
} from '@switchboard/protocol';
import { fakeFetch, LocationProbe, renderWithProviders } from '../test/render';
import { AgentInboxPage } from './AgentInboxPage';
import type { SocketLike } from '../shared/live/live-channel';

afterEach(() => vi.unstubAllGlobals());

const me: Me = { id: 'a1', username: 'ana', displayName: 'Ana', role: 'agent' };
const now = Date.now();

const summary = (over: Partial<InteractionSummary>): InteractionSummary => ({
  id: 'i1',
  campaignId: 'c1',
  campaignName: 'Ventas',
  providerId: 'p1',
  platformId: 'hn-5491',
  channel: 'whatsapp',
  customerNumber: '+598 99 *** 123',
  customerName: 'Lucía',
  skill: 'ventas',
  status: 'active',
  closeReason: null,
  ownerAgentId: 'a1',
  ownerName: 'Ana',
  createdAt: now - 60_000,
  enteredAt: now - 60_000,
  takenAt: now - 30_000,
  closedAt: null,
  lastCustomerMessageAt: now - 30_000,
  pendingTransferTo: null,
  ...over,
});

const message = (over: Partial<ConversationMessage>): ConversationMessage => ({
  id: 'm',
  interactionId: 'i1',
  direction: 'in',
  author: 'customer',
  agentId: null,
  authorName: null,
  kind: 'text',
  text: 'hola 👋',
  attachments: [],
  status: null,
  error: null,
  createdAt: now - 30_000,
  ...over,
});

const inbox: Inbox = {
  me: { agentId: 'a1', status: 'available', reason: null, since: now, wrapupUntil: null, busy: true, onCall: false },
  pending: [
    {
      interactionId: 'w1',
      campaignId: 'c1',
      campaignName: 'Ventas',
      customerNumber: '+598 91 *** 555',
      customerName: null,
      enteredAt: now - 3_000,
      takeable: true,
    },
  ],
  active: [
    summary({}),
    summary({ id: 'i2', status: 'offered', customerName: 'Pedro' }),
    summary({ id: 'i3', ownerAgentId: 'b1', pendingTransferTo: 'a1', customerName: 'Marta' }),
  ],
  campaigns: [
    {
      id: 'c1',
      name: 'Ventas',
      strategy: 'ringall',
      maxInteractionsPerAgent: 2,
      cannedResponses: [],
      dispositions: [],
    },
  ],
  pauseReasons: ['Break', 'Lunch'],
};

const detail = (earlierCount: number): InteractionDetail => ({
  interaction: summary({}),
  messages: [
    message({
      id: 'm1',
      attachments: [{ id: 'x', url: '/files/photo.jpg', mimeType: 'image/jpeg', name: 'photo.jpg', size: 2048 }],
    }),
    message({
      id: 'm2',
      direction: 'out',
      author: 'agent',
      agentId: 'a1',
      authorName: 'Ana',
      text: 'Hola Lucía',
      status: 'read',
    }),
    message({
      id: 'm3',
      direction: 'out',
      author: 'agent',
      agentId: 'a1',
      authorName: 'Ana',
      text: 'Precio',
      status: 'failed',
      error: 'Recipient not on WhatsApp',
      attachments: [
        { id: 'y', url: '/files/lista.pdf', mimeType: 'application/pdf', name: 'lista.pdf', size: 150_000 },
      ],
    }),
    message({ id: 'm4', direction: 'in', author: 'bot', text: 'Te paso con un agente' }),
  ],
  timeline: [{ at: now - 60_000, type: 'queued', campaignId: 'c1', agentId: null, text: 'entered Ventas' }],
  window: { open: true, closesAt: now + 1_000_000, applies: true },
  earlierCount,
});

const earlier: EarlierConversation[] = [
  {
    id: 'old1',
    campaignName: 'Ventas',
    createdAt: now - 86_400_000,
    closedAt: now - 86_000_000,
    closeReason: 'agent',
    agentNames: ['Bruno'],
    messageCount: 4,
    disposition: ['Ventas', 'Consulta', 'Precio'],
  },
  {
    id: 'old2',
    campaignName: 'Soporte',
    createdAt: now - 172_800_000,
    closedAt: now - 172_000_000,
    closeReason: 'customer_left',
    agentNames: [],
    messageCount: 1,
    disposition: [],
  },
];

class FakeSocket implements SocketLike {
  static last: FakeSocket | null = null;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  close() {}
  push(event: LiveEvent) {
    this.onmessage?.({ data: JSON.stringify(event) });
  }
}
const createSocket = (url: string) => new FakeSocket(url);

function setup(
  options: {
    earlierCount?: number;
    take?: { status: number; body?: unknown };
    /** the conversation on another channel, or with another window */
    channel?: string;
    window?: InteractionDetail['window'];
  } = {},
) {
  document.title = 'Switchboard';
  let presence = inbox.me;
  const fake = fakeFetch({
    'GET /api/auth/me': () => ({ status: 200, body: me }),
    'GET /api/agent/inbox': () => ({ status: 200, body: { ...inbox, me: presence } }),
    'GET /api/interactions/i1': () => {
      const base = detail(options.earlierCount ?? 0);
      return {
        status: 200,
        body: {
          ...base,
          interaction: { ...base.interaction, ...(options.channel ? { channel: options.channel } : {}) },
          ...(options.window ? { window: options.window } : {}),
        },
      };
    },
    'GET /api/interactions/i1/templates': () => ({
      status: 200,
      body: {
        synced: true,
        customerLanguage: 'es',
        templates: [
          { name: 'seguimiento', language: 'es', category: 'UTILITY', bodyText: 'Hola {{1}}', paramCount: 1 },
        ],
      },
    }),
    'GET /api/interactions/i1/earlier': () => ({ status: 200, body: earlier }),
    'GET /api/interactions/w1': () => {
      const taken = detail(0);
      return { status: 200, body: { ...taken, interaction: { ...taken.interaction, id: 'w1' } } };
    },
    'POST /api/interactions/w1/take': () => options.take ?? { status: 200, body: summary({ id: 'w1' }) },
    'POST /api/agent/status': (init) => {
      presence = { ...presence, ...(JSON.parse(String(init?.body)) as Partial<Inbox['me']>) };
      return { status: 200, body: presence };
    },
    'PUT /api/agent/phone': (init) => {
      presence = { ...presence, ...(JSON.parse(String(init?.body)) as Partial<Inbox['me']>) };
      return { status: 200, body: presence };
    },
  });
  vi.stubGlobal('fetch', fake.fetch);
  const view = renderWithProviders(
    <>
      <Routes>
        <Route path="/agent/inbox/:interactionId?" element={<AgentInboxPage createSocket={createSocket} />} />
      </Routes>
      <LocationProbe />
    </>,
    { path: '/agent/inbox/i1' },
  );
  return { ...view, fake };
}

describe('AgentInboxPage', () => {
  it('shows status, the waiting badge, Pending and Active with their actions', async () => {
    setup();
    expect((await screen.findByTestId('agent-status')).textContent).toContain('Available');
    expect(screen.getByTestId('pending-badge').textContent).toBe('1 waiting');
    expect(document.title).toBe('(1) Switchboard');
    expect(screen.getByTestId('pending-item').getAttribute('data-interaction-id')).toBe('w1');
    const active = screen.getAllByTestId('active-item');
    // The offer comes first: it expires.
    expect(active.map((a) => a.getAttribute('data-interaction-id'))).toEqual(['i2', 'i1', 'i3']);
    expect(within(active[0]!).getByTestId('accept-button')).toBeTruthy();
    expect(within(active[0]!).getByTestId('decline-button')).toBeTruthy();
    expect(within(active[2]!).getByTestId('accept-transfer-button')).toBeTruthy();
  });

  it('renders the conversation: header ids, bubbles by author, attachments and delivery ticks', async () => {
    setup();
    const header = await screen.findByTestId('conversation-header');
    expect(header.textContent).toContain('Ventas');
    expect(header.textContent).toContain('hn-5491');
    expect(header.textContent).toContain('i1');
    const messages = await screen.findAllByTestId('message');
    expect(messages.map((m) => m.getAttribute('data-author'))).toEqual(['customer', 'agent', 'agent', 'bot']);
    expect(within(messages[0]!).getByRole('img').getAttribute('src')).toBe('/files/photo.jpg');
    expect(within(messages[2]!).getByTestId('attachment-file').textContent).toContain('lista.pdf');
    expect(within(messages[2]!).getByTestId('attachment-file').textContent).toContain('146.5 KB');
    const ticks = screen.getAllByTestId('delivery-status');
    expect(ticks.map((t) => t.getAttribute('data-status'))).toEqual(['read', 'failed']);
    expect(ticks[1]?.textContent).toContain('not delivered');
    expect(ticks[1]?.getAttribute('title')).toBe('Recipient not on WhatsApp');
  });

  it('lists Earlier conversations in the menu only when there are some', async () => {
    setup({ earlierCount: 0 });
    fireEvent.click(await screen.findByTestId('more-menu'));
    expect(screen.getByTestId('menu-close')).toBeTruthy();
    expect(screen.getByTestId('menu-transfer')).toBeTruthy();
    expect(screen.queryByTestId('menu-earlier')).toBeNull();
  });

  it('shows the menu entry when the number wrote before', async () => {
    setup({ earlierCount: 2 });
    fireEvent.click(await screen.findByTestId('more-menu'));
    expect(screen.getByTestId('menu-earlier').textContent).toBe('Earlier conversations (2)');
  });

  it('shows the contact beside the conversation: who, where, how long, and earlier dispositions', async () => {
    setup({ earlierCount: 2 });
    const panel = await screen.findByTestId('contact-panel');
    expect(within(panel).getByTestId('contact-name').textContent).toBe('Lucía');
    expect(within(panel).getByTestId('contact-number').textContent).toBe('+598 99 *** 123');
    expect(within(panel).getByTestId('contact-channel').textContent).toBe('WhatsApp');
    expect(within(panel).getByTestId('contact-campaign').textContent).toBe('Ventas');
    // entered 60 s and taken 30 s before the fixture's `now`: waiting is frozen, handling keeps counting
    expect(within(panel).getByTestId('contact-waiting').textContent).toBe('00:30');
    // counted from the fixture's `now` with the real clock, so a slow run may be some seconds past 30
    const [minutes, seconds] = within(panel).getByTestId('contact-handling').textContent!.split(':').map(Number);
    expect(minutes! * 60 + seconds!).toBeGreaterThanOrEqual(30);
    expect(minutes! * 60 + seconds!).toBeLessThan(300);
    const items = await within(panel).findAllByTestId('contact-earlier');
    expect(items.map((i) => i.getAttribute('data-interaction-id'))).toEqual(['old1', 'old2']);
    expect(within(items[0]!).getByTestId('contact-disposition').textContent).toBe('Ventas › Consulta › Precio');
    expect(items[0]!.textContent).toContain('Bruno');
    expect(within(items[1]!).queryByTestId('contact-disposition')).toBeNull();
    expect(items[1]!.textContent).toContain('no disposition');
  });

  it('takes a waiting interaction and opens it', async () => {
    const { fake } = setup();
    fireEvent.click(await screen.findByTestId('take-button'));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/agent/inbox/w1'), { timeout: 5000 });
    expect(fake.calls.some((c) => c.method === 'POST' && c.url === '/api/interactions/w1/take')).toBe(true);
  });

  it('explains a refused take', async () => {
    setup({
      take: { status: 409, body: { error: 'not_oldest', message: 'Take the oldest waiting interaction first.' } },
    });
    const { Notifications } = await import('@mantine/notifications');
    renderWithProviders(<Notifications />);
    fireEvent.click(await screen.findByTestId('take-button'));
    expect(await screen.findByText('Take the oldest waiting interaction first.')).toBeTruthy();
  });

  it('pauses with a reason from the list', async () => {
    const { fake } = setup();
    fireEvent.click(await screen.findByTestId('agent-status'));
    const lunch = screen.getAllByTestId('status-pause').find((el) => el.getAttribute('data-reason') === 'Lunch')!;
    fireEvent.click(lunch);
    await waitFor(() => expect(screen.getByTestId('agent-status').textContent).toContain('Paused (Lunch)'));
    expect(fake.calls.find((c) => c.url === '/api/agent/status')?.body).toEqual({ status: 'paused', reason: 'Lunch' });
  });

  it('toggles "On a phone call" from the status menu, keeping the status', async () => {
    const { fake } = setup();
    fireEvent.click(await screen.findByTestId('agent-status'));
    const toggle = await screen.findByTestId('status-on-call');
    expect(toggle.textContent).toContain('On a phone call');
    expect(toggle.getAttribute('data-on-call')).toBe('false');
    fireEvent.click(toggle);
    await waitFor(() => expect(screen.getByTestId('on-call-badge').textContent).toBe('on a call'));
    expect(screen.getByTestId('agent-status').textContent).toContain('Available');
    expect(fake.calls.find((c) => c.url === '/api/agent/phone')).toMatchObject({
      method: 'PUT',
      body: { onCall: true },
    });

    fireEvent.click(screen.getByTestId('agent-status'));
    fireEvent.click(await screen.findByTestId('status-on-call'));
    await waitFor(() => expect(screen.queryByTestId('on-call-badge')).toBeNull());
    expect(fake.calls.filter((c) => c.url === '/api/agent/phone').map((c) => c.body)).toEqual([
      { onCall: true },
      { onCall: false },
    ]);
  });

  it('shows a whisper from the live channel inside its conversation, marked private', async () => {
    setup();
    await screen.findAllByTestId('message');
    act(() => {
      FakeSocket.last?.onopen?.({});
      FakeSocket.last?.push(
        liveEvent(1, 'whisper', { interactionId: 'i1', text: 'Offer 10% off', from: 'Sofía' }, Date.now()),
      );
    });
    const note = await screen.findByTestId('whisper');
    expect(note.textContent).toContain('Offer 10% off');
    expect(note.textContent).toContain('Private note from Sofía — only you can see it');
  });
});

describe('AgentInboxPage: a supervisor takes the open conversation over', () => {
  afterEach(() => localStorage.clear());

  function setupTakeover(options: { path?: string } = {}) {
    let takenOver = false;
    const fake = fakeFetch({
      'GET /api/auth/me': () => ({ status: 200, body: me }),
      'GET /api/agent/inbox': () => ({
        status: 200,
        body: { ...inbox, active: takenOver ? inbox.active.filter((i) => i.id !== 'i1') : inbox.active },
      }),
      'GET /api/interactions/i1': () =>
        takenOver
          ? { status: 404, body: { error: 'not_found', message: 'Interaction i1 not found' } }
          : { status: 200, body: detail(0) },
    });
    vi.stubGlobal('fetch', fake.fetch);
    renderWithProviders(
      <Routes>
        <Route path="/agent/inbox/:interactionId?" element={<AgentInboxPage createSocket={createSocket} />} />
      </Routes>,
      { path: options.path ?? '/agent/inbox/i1' },
    );
    return {
      takeOver: () => {
        takenOver = true;
      },
    };
  }

  it('names the supervisor and the time, keeps the draft read-only, drops it from Active, shows no 403/404', async () => {
    const { takeOver } = setupTakeover();
    const input = (await screen.findByTestId('composer-input')) as HTMLTextAreaElement;
    fireEvent.change(input, { target: { value: 'Lucía, el precio final es' } });
    await waitFor(() => expect(FakeSocket.last).not.toBeNull());

    takeOver();
    const at = Date.UTC(2026, 2, 10, 14, 5);
    act(() =>
      FakeSocket.last!.push({
        seq: 7,
        type: 'interaction.taken_over',
        at,
        data: { interactionId: 'i1', campaignId: 'c1', byUserId: 's1', byName: 'Sofía', at },
      }),
    );

    const notice = await screen.findByTestId('taken-over-notice');
    const time = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
    expect(notice.textContent).toContain(`Sofía (supervisor) took this conversation over at ${time.format(at)}`);
    expect((screen.getByTestId('draft-readonly') as HTMLTextAreaElement).value).toBe('Lucía, el precio final es');
    expect((screen.getByTestId('draft-readonly') as HTMLTextAreaElement).readOnly).toBe(true);
    expect(screen.queryByTestId('composer-input')).toBeNull();
    await waitFor(() =>
      expect(screen.getAllByTestId('active-item').map((a) => a.getAttribute('data-interaction-id'))).toEqual([
        'i2',
        'i3',
      ]),
    );
    expect(document.body.textContent).not.toMatch(/403|404|not found|could not be loaded/i);
  });

  it('opened after the take-over (a reload), says plainly it is no longer theirs and still shows the draft', async () => {
    localStorage.setItem('switchboard.draft:a1:i1', 'texto sin enviar');
    const { takeOver } = setupTakeover({ path: '/agent/inbox/i1' });
    takeOver();
    const notice = await screen.findByTestId('taken-over-notice');
    expect(notice.textContent).toContain('This conversation is no longer assigned to you.');
    expect((screen.getByTestId('draft-readonly') as HTMLTextAreaElement).value).toBe('texto sin enviar');
    expect(document.body.textContent).not.toMatch(/404|not found|could not be loaded/i);
  });
});

describe('AgentInboxPage: channel rules', () => {
  it('on WhatsApp past 24 hours, says the window is closed and offers the templates before the agent types', async () => {
    setup({ window: { open: false, closesAt: now - 1000, applies: true } });
    expect((await screen.findByTestId('window-closed')).textContent).toContain('24-hour');
    expect(await screen.findByTestId('template-picker')).toBeTruthy();
    expect((screen.getByTestId('composer-input') as HTMLTextAreaElement).disabled).toBe(true);
    expect(within(screen.getByTestId('conversation-header')).getByTestId('channel-badge').textContent).toBe('WhatsApp');
  });

  it('on a HeyNow Facebook conversation, names the channel and shows no window banner nor templates', async () => {
    setup({ channel: 'facebook', window: { open: true, closesAt: null, applies: false } });
    const header = await screen.findByTestId('conversation-header');
    expect(within(header).getByTestId('channel-badge').textContent).toBe('Facebook');
    expect(screen.getByTestId('composer').getAttribute('data-window')).toBe('open');
    expect(screen.queryByTestId('window-closed')).toBeNull();
    expect(screen.queryByTestId('template-picker')).toBeNull();
  });
});
