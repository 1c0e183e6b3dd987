import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { LiveChannel, liveUrl, type LiveState, type SocketLike } from '../../shared/live/live-channel';
import { LiveInvalidator } from './live-invalidator';

const browserSocket = (url: string): SocketLike => new WebSocket(url) as unknown as SocketLike;

/** Keeps the supervisor's live channel open while a monitoring page is on screen; returns its state. */
export function useSupervisorLive(createSocket: (url: string) => SocketLike = browserSocket): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  // Read through a ref: a new factory identity on re-render must not reconnect.
  const factory = useRef(createSocket);
  useEffect(() => {
    factory.current = createSocket;
  });

  useEffect(() => {
    const invalidator = new LiveInvalidator(client);
    const channel = new LiveChannel({
      url: (since) => liveUrl(window.location, since),
      createSocket: (url) => factory.current(url),
      onEvent: (event) => invalidator.handle(event),
      onGap: () => invalidator.refetchEverything(),
      onState: setState,
    });
    channel.start();
    return () => {
      channel.stop();
      invalidator.dispose();
    };
  }, [client]);

  return state;
}
