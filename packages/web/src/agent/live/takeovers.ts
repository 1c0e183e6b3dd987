import { useSyncExternalStore } from 'react';

/** A supervisor took one of the agent's conversations over: who and when, from the live channel. */
export interface Takeover {
  interactionId: string;
  /** the supervisor's display name and id */
  by: string;
  byUserId: string | null;
  at: number;
}

type Listener = () => void;

/**
 * Take-overs received live, per interaction. The conversation is no longer readable by the agent once taken,
 * so the event is the only place the pane learns who took it: it is kept client-side for the session.
 */
export class TakeoverStore {
  private byInteraction = new Map<string, Takeover>();
  private listeners = new Set<Listener>();

  add(takeover: Takeover): void {
    this.byInteraction.set(takeover.interactionId, takeover);
    this.listeners.forEach((l) => l());
  }

  /** The conversation moved on (transferred back, reassigned): the notice no longer applies. */
  forget(interactionId: string): void {
    if (this.byInteraction.delete(interactionId)) this.listeners.forEach((l) => l());
  }

  get(interactionId: string): Takeover | null {
    return this.byInteraction.get(interactionId) ?? null;
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export function useTakeover(store: TakeoverStore, interactionId: string): Takeover | null {
  return useSyncExternalStore(store.subscribe, () => store.get(interactionId));
}
