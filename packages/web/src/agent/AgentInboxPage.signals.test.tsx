// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveEvent } from '../test/live-events';
import { Route, Routes } from 'react-router-dom';
import type { Inbox, InboxItem, InteractionDetail, LiveEvent, Me } from '@switchboard/protocol';
import { fakeFetch, LocationProbe, renderWithProviders } from '../test/render';
import { AgentInboxPage } from './AgentInboxPage';
import type { SocketLike } from '../shared/live/live-channel';
import { resetChimeForTests } from './signals/sound';

const me: Me = { id: 'a1', username: 'ana', displayName: 'Ana', role: 'agent' };
const now = Date.now();

const card = (id: string, name: string, over: Partial<InboxItem>): InboxItem => ({
  id,
  campaignId: 'c1',
  campaignName: 'Ventas',
  providerId: 'p1',
  platformId: null,
  customerNumber: '+598 99 *** 123',
  customerName: name,
  skill: 'ventas',
  status: 'active',
  closeReason: null,
  ownerAgentId: 'a1',
  ownerName: 'Ana',
  createdAt: now - 600_000,
  enteredAt: now - 600_000,
  takenAt: now - 500_000,
  closedAt: null,
  lastCustomerMessageAt: null,
  pendingTransferTo: null,
  customerMessages: 1,
  lastMessage: { direction: 'out', author: 'agent', text: 'Hola', attachmentType: null, at: now - 400_000 },
  ...over,
});

const detailOf = (item: InboxItem): InteractionDetail => ({
  interaction: item,
  messages: [],
  timeline: [],
  window: { open: true, closesAt: now + 1_000_000, applies: true },
  earlierCount: 0,
});

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

/** Counts chimes: each one starts two oscillators. */
class FakeAudioContext {
  static notes = 0;
  state = 'running';
  currentTime = 0;
  destination = {};
  resume() {
    return Promise.resolve();
  }
  createGain() {
    return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect() {} };
  }
  createOscillator() {
    return {
      frequency: { setValueAtTime() {} },
      connect() {},
      start: () => {
        FakeAudioContext.notes++;
      },
      stop() {},
    };
  }
}

class FakeNotification {
  static permission: NotificationPermission = 'granted';
  static shown: string[] = [];
  static requests = 0;
  static requestPermission() {
    FakeNotification.requests++;
    return Promise.resolve(FakeNotification.permission);
  }
  onclick: (() => void) | null = null;
  constructor(title: string) {
    FakeNotification.shown.push(title);
  }
  close() {}
}

let visibility: DocumentVisibilityState = 'visible';

beforeEach(() => {
  localStorage.clear();
  resetChimeForTests();
  FakeAudioContext.notes = 0;
  FakeNotification.shown = [];
  FakeNotification.requests = 0;
  FakeNotification.permission = 'granted';
  vi.stubGlobal('AudioContext', FakeAudioContext);
  vi.stubGlobal('Notification', FakeNotification);
  visibility = 'visible';
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function setup(active: { current: InboxItem[] }) {
  document.title = 'Switchboard';
  const inbox = (): Inbox => ({
    me: { agentId: 'a1', status: 'available', reason: null, since: now, wrapupUntil: null, busy: true, onCall: false },
    pending: [],
    active: active.current,
    campaigns: [],
    pauseReasons: [],
  });
  const fake = fakeFetch({
    'GET /api/auth/me': () => ({ status: 200, body: me }),
    'GET /api/agent/inbox': () => ({ status: 200, body: inbox() }),
    'GET /api/interactions/i1': () => ({ status: 200, body: detailOf(active.current[0]!) }),
    'GET /api/interactions/i2': () => ({ status: 200, body: detailOf(active.current[1]!) }),
  });
  vi.stubGlobal('fetch', fake.fetch);
  return renderWithProviders(
    <>
      <Routes>
        <Route
          path="/agent/inbox/:interactionId?"
          element={<AgentInboxPage createSocket={(url) => new FakeSocket(url)} />}
        />
      </Routes>
      <LocationProbe />
    </>,
    { path: '/agent/inbox/i1' },
  );
}

let seq = 0;
const inboxChanged = () =>
  act(() => {
    FakeSocket.last?.onopen?.({});
    FakeSocket.last?.push(liveEvent(++seq, 'inbox.changed', {}, Date.now()));
  });
// What the server sends when a customer writes: a `message` event, not an inbox change.
const customerWrote = (interactionId: string) =>
  act(() => {
    FakeSocket.last?.onopen?.({});
    FakeSocket.last?.push({
      seq: ++seq,
      type: 'message',
      at: Date.now(),
      data: { interactionId, messageId: `m${seq}`, direction: 'in', author: 'customer' },
    });
  });
const cardOf = (id: string) =>
  screen.getAllByTestId('active-item').find((c) => c.getAttribute('data-interaction-id') === id)!;
const order = () => screen.getAllByTestId('active-item').map((c) => c.getAttribute('data-interaction-id'));

describe('AgentInboxPage signals', () => {
  it('a customer message in a conversation that is not open: badge, top of the list, preview, title, chime, notification when hidden; opening clears it', async () => {
    // Pedro's conversation was read up to its first customer message in an earlier session.
    localStorage.setItem('switchboard.read:a1', JSON.stringify({ i2: 1 }));
    const active = {
      current: [
        card('i1', 'Lucía', {
          lastMessage: { direction: 'in', author: 'customer', text: 'hola', attachmentType: null, at: now - 60_000 },
        }),
        card('i2', 'Pedro', {}),
      ],
    };
    setup(active);
    await screen.findAllByTestId('active-item');
    expect(order()).toEqual(['i1', 'i2']);
    expect(within(cardOf('i2')).queryByTestId('unread-badge')).toBeNull();
    expect(document.title).toBe('Switchboard');
    expect(FakeAudioContext.notes).toBe(0);

    visibility = 'hidden';
    active.current = [
      active.current[0]!,
      card('i2', 'Pedro', {
        customerMessages: 2,
        lastMessage: { direction: 'in', author: 'customer', text: '¿sigue vigente?', attachmentType: null, at: now },
      }),
    ];
    customerWrote('i2');
    await waitFor(() => expect(within(cardOf('i2')).getByTestId('unread-badge').textContent).toBe('1'));
    expect(order()).toEqual(['i2', 'i1']);
    expect(within(cardOf('i2')).getByTestId('card-preview').textContent).toBe('¿sigue vigente?');
    expect(document.title).toBe('(1) Switchboard');
    expect(FakeAudioContext.notes).toBe(2);
    expect(FakeNotification.shown).toEqual(['New message from Pedro']);

    visibility = 'visible';
    fireEvent.click(within(cardOf('i2')).getByText('Pedro'));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/agent/inbox/i2'));
    await waitFor(() => expect(within(cardOf('i2')).queryByTestId('unread-badge')).toBeNull());
    expect(document.title).toBe('Switchboard');
    expect(JSON.parse(localStorage.getItem('switchboard.read:a1') ?? '{}')).toMatchObject({ i2: 2 });
  });

  it('an assignment rings and shows the new card unread; a reload keeps read markers and does not ring', async () => {
    const active = { current: [card('i1', 'Lucía', {})] };
    const first = setup(active);
    await screen.findAllByTestId('active-item');
    active.current = [
      active.current[0]!,
      card('i3', 'Marta', {
        lastMessage: { direction: 'in', author: 'customer', text: 'buenas', attachmentType: null, at: now },
      }),
    ];
    inboxChanged();
    await waitFor(() => expect(within(cardOf('i3')).getByTestId('unread-badge').textContent).toBe('1'));
    expect(order()).toEqual(['i3', 'i1']);
    expect(FakeAudioContext.notes).toBe(2);
    // The tab is visible: no system notification.
    expect(FakeNotification.shown).toEqual([]);
    expect(document.title).toBe('(1) Switchboard');

    first.unmount();
    FakeAudioContext.notes = 0;
    setup(active);
    await screen.findAllByTestId('active-item');
    expect(within(cardOf('i3')).getByTestId('unread-badge').textContent).toBe('1');
    expect(within(cardOf('i1')).queryByTestId('unread-badge')).toBeNull();
    expect(FakeAudioContext.notes).toBe(0);
  });

  it('asks for notification permission on the first click in the inbox, once, not on load', async () => {
    FakeNotification.permission = 'default';
    setup({ current: [card('i1', 'Lucía', {})] });
    await screen.findAllByTestId('active-item');
    expect(FakeNotification.requests).toBe(0);
    fireEvent.pointerDown(document.body);
    fireEvent.pointerDown(document.body);
    expect(FakeNotification.requests).toBe(1);
  });
});
