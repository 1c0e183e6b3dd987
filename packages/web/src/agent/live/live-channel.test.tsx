// @vitest-environment jsdom
import { act } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '@switchboard/protocol';
import { renderWithProviders } from '../../test/render';
import { agentKeys } from '../api/keys';
import { applyLiveEvent } from './apply-live-event';
import { LiveChannel, liveUrl, parseLiveEvent } from './live-channel';
import { useLiveChannel } from './useLiveChannel';
import { WhisperStore } from './whispers';

/** A WebSocket double: records every instance; tests open, feed and drop them by hand. */
class FakeWebSocket {
  static all: FakeWebSocket[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeWebSocket.all.push(this);
  }
  open() {
    this.onopen?.({});
  }
  send(event: Partial<LiveEvent>) {
    this.onmessage?.({ data: JSON.stringify({ at: 1, data: {}, ...event }) });
  }
  drop() {
    this.onerror?.({});
    this.onclose?.({});
  }
  close() {
    this.closed = true;
  }
}

const last = () => FakeWebSocket.all.at(-1)!;

beforeEach(() => {
  FakeWebSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function channel(onEvent = vi.fn(), onGap = vi.fn()) {
  const live = new LiveChannel({
    url: (since) => liveUrl({ protocol: 'https:', host: 'cc.example' }, since),
    createSocket: (url) => new FakeWebSocket(url),
    onEvent,
    onGap,
    random: () => 0.5,
  });
  live.start();
  return { live, onEvent, onGap };
}

describe('LiveChannel', () => {
  it('resumes with since=<last seq> after a drop, backing off exponentially', () => {
    const { onEvent } = channel();
    expect(last().url).toBe('wss://cc.example/ws');
    last().open();
    last().send({ seq: 41, type: 'inbox.changed' });
    last().send({ seq: 42, type: 'message', data: { interactionId: 'i1' } });
    expect(onEvent).toHaveBeenCalledTimes(2);

    last().drop();
    expect(FakeWebSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(499);
    expect(FakeWebSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(last().url).toBe('wss://cc.example/ws?since=42');

    // It fails again before opening: the next wait doubles.
    last().drop();
    vi.advanceTimersByTime(999);
    expect(FakeWebSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.all).toHaveLength(3);
    expect(last().url).toBe('wss://cc.example/ws?since=42');

    // An opened connection resets the backoff.
    last().open();
    last().drop();
    vi.advanceTimersByTime(500);
    expect(FakeWebSocket.all).toHaveLength(4);
  });

  it('handles a replayed seq once and drops malformed frames', () => {
    const { onEvent } = channel();
    last().open();
    last().send({ seq: 5, type: 'inbox.changed' });
    last().send({ seq: 5, type: 'inbox.changed' });
    last().send({ seq: 4, type: 'message' });
    last().onmessage?.({ data: 'not json' });
    last().send({ seq: 6, type: 'nonsense' as LiveEvent['type'] });
    expect(onEvent).toHaveBeenCalledTimes(1);
    // resync resets the sequence, whatever its number (the server may have restarted).
    last().send({ seq: 1, type: 'resync' });
    last().send({ seq: 2, type: 'inbox.changed' });
    expect(onEvent).toHaveBeenCalledTimes(3);
  });

  it('asks for a refetch when it reconnects with nothing to resume from', () => {
    const { onGap } = channel();
    last().open();
    expect(onGap).not.toHaveBeenCalled();
    last().drop();
    vi.advanceTimersByTime(500);
    expect(last().url).toBe('wss://cc.example/ws');
    last().open();
    expect(onGap).toHaveBeenCalledTimes(1);
  });

  it('stops for good: no reconnect after stop', () => {
    const { live } = channel();
    last().open();
    const socket = last();
    live.stop();
    expect(socket.closed).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.all).toHaveLength(1);
  });

  it('parses only well-formed events', () => {
    expect(parseLiveEvent('{"seq":1,"type":"whisper","at":3,"data":{"text":"hi"}}')).toEqual({
      seq: 1,
      type: 'whisper',
      at: 3,
      data: { text: 'hi' },
    });
    expect(parseLiveEvent('{"type":"whisper"}')).toBeNull();
    expect(parseLiveEvent(42)).toBeNull();
  });
});

describe('applyLiveEvent', () => {
  const event = (type: LiveEvent['type'], data: Record<string, unknown> = {}): LiveEvent => ({
    seq: 1,
    type,
    at: 7,
    data,
  });

  it('invalidates the inbox, one conversation, or everything, per event type', () => {
    const client = new QueryClient();
    const spy = vi.spyOn(client, 'invalidateQueries');
    const whispers = new WhisperStore();
    const keys = () => spy.mock.calls.map((c) => c[0]?.queryKey);

    applyLiveEvent(event('inbox.changed'), client, whispers);
    applyLiveEvent(event('agent.status'), client, whispers);
    expect(keys()).toEqual([agentKeys.inbox, agentKeys.inbox]);

    spy.mockClear();
    applyLiveEvent(event('interaction.changed', { interactionId: 'i1' }), client, whispers);
    expect(keys()).toEqual([agentKeys.inbox, agentKeys.interaction('i1')]);

    spy.mockClear();
    applyLiveEvent(event('message', { interactionId: 'i2', direction: 'in' }), client, whispers);
    applyLiveEvent(event('message.status', { interactionId: 'i3' }), client, whispers);
    // A new message also moves its card in the inbox (preview, unread, order).
    expect(keys()).toEqual([agentKeys.interaction('i2'), agentKeys.inbox, agentKeys.interaction('i3')]);

    spy.mockClear();
    applyLiveEvent(event('resync'), client, whispers);
    expect(keys()).toEqual([agentKeys.all]);

    spy.mockClear();
    applyLiveEvent(
      event('whisper', { interactionId: 'i1', text: 'Offer the discount', from: 'Sofía' }),
      client,
      whispers,
    );
    expect(keys()).toEqual([]);
    expect(whispers.get('i1')).toEqual([
      { key: '7-0', interactionId: 'i1', text: 'Offer the discount', from: 'Sofía', at: 7 },
    ]);
  });
});

function Harness({ whispers }: { whispers: WhisperStore }) {
  useLiveChannel(whispers);
  return null;
}

describe('useLiveChannel', () => {
  it('opens /ws on the page host, resumes after a drop and invalidates what each event names', () => {
    vi.stubGlobal('WebSocket', FakeWebSocket);
    const whispers = new WhisperStore();
    const { client, unmount } = renderWithProviders(<Harness whispers={whispers} />);
    const spy = vi.spyOn(client, 'invalidateQueries');

    expect(last().url).toBe(`ws://${window.location.host}/ws`);
    act(() => {
      last().open();
      last().send({ seq: 10, type: 'message.status', data: { interactionId: 'i9' } });
    });
    expect(spy.mock.calls.map((c) => c[0]?.queryKey)).toEqual([agentKeys.interaction('i9')]);

    act(() => {
      last().drop();
      // the first wait is 500 ms ± 25 % jitter
      vi.advanceTimersByTime(625);
    });
    expect(last().url).toBe(`ws://${window.location.host}/ws?since=10`);
    act(() => {
      last().open();
      last().send({ seq: 11, type: 'inbox.changed' });
    });
    expect(spy.mock.calls.at(-1)?.[0]?.queryKey).toEqual(agentKeys.inbox);

    const socket = last();
    unmount();
    expect(socket.closed).toBe(true);
  });
});
