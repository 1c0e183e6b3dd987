// @vitest-environment jsdom
import { act } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveEvent } from '../../test/live-events';
import type { LiveEventOf, LiveEventType } from '@switchboard/protocol';
import { renderWithProviders } from '../../test/render';
import { FakeWebSocket } from '../../shared/live/fake-socket';
import { agentKeys } from '../api/keys';
import { applyLiveEvent } from './apply-live-event';
import { useLiveChannel } from './useLiveChannel';
import { WhisperStore } from './whispers';

const last = () => FakeWebSocket.last();

beforeEach(() => {
  FakeWebSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('applyLiveEvent', () => {
  const event = <T extends LiveEventType>(type: T, data: Partial<LiveEventOf<T>['data']> = {}) =>
    liveEvent(1, type, data, 7);

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
      last().send(liveEvent(10, 'message.status', { interactionId: 'i9' }));
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
      last().send(liveEvent(11, 'inbox.changed'));
    });
    expect(spy.mock.calls.at(-1)?.[0]?.queryKey).toEqual(agentKeys.inbox);

    const socket = last();
    unmount();
    expect(socket.closed).toBe(true);
  });
});
