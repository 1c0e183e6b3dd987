import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { agentKeys } from '../api/keys';
import { applyLiveEvent } from './apply-live-event';
import { LiveChannel, liveUrl, type LiveState, type SocketLike } from '../../shared/live/live-channel';
import type { TakeoverStore } from './takeovers';
import type { WhisperStore } from './whispers';

const browserSocket = (url: string): SocketLike => new WebSocket(url) as unknown as SocketLike;

/** Keeps the agent's live channel open while the inbox is on screen; returns its connection state. */
export function useLiveChannel(
  whispers: WhisperStore,
  createSocket: (url: string) => SocketLike = browserSocket,
  takeovers?: TakeoverStore,
): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  // Read through a ref: a new factory identity on re-render must not reconnect.
  const factory = useRef(createSocket);
  useEffect(() => {
    factory.current = createSocket;
  });

  useEffect(() => {
    const channel = new LiveChannel({
      url: (since) => liveUrl(window.location, since),
      createSocket: (url) => factory.current(url),
      onEvent: (event) => applyLiveEvent(event, client, whispers, takeovers),
      onGap: () => void client.invalidateQueries({ queryKey: agentKeys.all }),
      onState: setState,
    });
    channel.start();
    return () => channel.stop();
  }, [client, whispers, takeovers]);

  return state;
}
