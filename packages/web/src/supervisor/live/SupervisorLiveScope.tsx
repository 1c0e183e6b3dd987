import { createContext, useContext } from 'react';
import { Outlet } from 'react-router-dom';
import type { LiveState } from '../../shared/live/live-channel';
import { useSupervisorLive } from './useSupervisorLive';

const LiveStateContext = createContext<LiveState>('stopped');

/** One live channel for all monitoring pages, so moving between them keeps its place in the event stream. */
export function SupervisorLiveScope() {
  const state = useSupervisorLive();
  return (
    <LiveStateContext.Provider value={state}>
      <Outlet />
    </LiveStateContext.Provider>
  );
}

export function useLiveState(): LiveState {
  return useContext(LiveStateContext);
}
