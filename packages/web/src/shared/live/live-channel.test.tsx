import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '@switchboard/protocol';
import { FakeWebSocket } from './fake-socket';
import { LiveChannel, liveUrl, parseLiveEvent } from './live-channel';

const last = () => FakeWebSocket.last();

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
