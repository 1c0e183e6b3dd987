import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveEvent } from '../../test/live-events';
import { LIVE_EVENT_TYPES } from '@switchboard/protocol';
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
    warn: vi.fn(),
  });
  live.start();
  return { live, onEvent, onGap };
}

describe('LiveChannel', () => {
  it('resumes with since=<last seq> after a drop, backing off exponentially', () => {
    const { onEvent } = channel();
    expect(last().url).toBe('wss://cc.example/ws');
    last().open();
    last().send(liveEvent(41, 'inbox.changed'));
    last().send(liveEvent(42, 'message', { interactionId: 'i1' }));
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
    last().send(liveEvent(5, 'inbox.changed'));
    last().send(liveEvent(5, 'inbox.changed'));
    last().send(liveEvent(4, 'message'));
    last().onmessage?.({ data: 'not json' });
    last().sendRaw(JSON.stringify({ seq: 6, type: 'nonsense', at: 1, data: {} }));
    expect(onEvent).toHaveBeenCalledTimes(1);
    // resync resets the sequence, whatever its number (the server may have restarted).
    last().send(liveEvent(1, 'resync'));
    last().send(liveEvent(2, 'inbox.changed'));
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
});

describe('parseLiveEvent', () => {
  const parse = (frame: unknown) => {
    const warn = vi.fn();
    return { event: parseLiveEvent(frame, warn), warn };
  };

  it('narrows a valid message by its type, ignoring fields it does not know', () => {
    const sent = liveEvent(3, 'interaction.taken_over', { byName: 'Sofía', at: 500 });
    const { event, warn } = parse(JSON.stringify({ ...sent, data: { ...sent.data, addedLater: 1 } }));
    expect(event?.type).toBe('interaction.taken_over');
    // Narrowed: `byName` exists only on the take-over's data.
    if (event?.type !== 'interaction.taken_over') throw new Error('not narrowed');
    expect([event.data.byName, event.data.at]).toEqual(['Sofía', 500]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('accepts every type the server sends', () => {
    for (const type of LIVE_EVENT_TYPES) expect(parse(JSON.stringify(liveEvent(1, type))).event?.type).toBe(type);
  });

  it('drops what is not a live event, with a warning instead of an exception', () => {
    const whisper = liveEvent(2, 'whisper');
    const frames: unknown[] = [
      42,
      'not json',
      'null',
      JSON.stringify({ seq: 1, type: 'poll.created', at: 1, data: {} }),
      JSON.stringify({ ...whisper, data: { ...whisper.data, text: undefined } }),
      JSON.stringify({ ...whisper, seq: 'two' }),
      JSON.stringify({ type: 'resync' }),
    ];
    for (const frame of frames) {
      const { event, warn } = parse(frame);
      expect(event, String(frame)).toBeNull();
      expect(warn, String(frame)).toHaveBeenCalledTimes(1);
    }
    expect(parse(JSON.stringify({ seq: 1, type: 'poll.created', at: 1, data: {} })).warn).toHaveBeenCalledWith(
      expect.stringContaining('does not know'),
      'poll.created',
    );
  });
});
