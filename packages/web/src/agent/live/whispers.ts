import { useSyncExternalStore } from 'react';

/** A supervisor's note pushed on the live channel: shown only to the owning agent. */
export interface Whisper {
  key: string;
  interactionId: string;
  text: string;
  from: string | null;
  at: number;
}

type Listener = () => void;

/**
 * Whispers received live, per interaction. They are kept client-side because the event may arrive
 * before (or instead of) the stored message; the conversation shows a stored whisper in their place.
 */
export class WhisperStore {
  private byInteraction = new Map<string, readonly Whisper[]>();
  private listeners = new Set<Listener>();

  add(whisper: Omit<Whisper, 'key'>): void {
    const list = this.byInteraction.get(whisper.interactionId) ?? [];
    const entry: Whisper = { ...whisper, key: `${whisper.at}-${list.length}` };
    this.byInteraction.set(whisper.interactionId, [...list, entry]);
    this.listeners.forEach((l) => l());
  }

  get(interactionId: string): readonly Whisper[] {
    return this.byInteraction.get(interactionId) ?? EMPTY;
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

const EMPTY: readonly Whisper[] = [];

export function useWhispers(store: WhisperStore, interactionId: string): readonly Whisper[] {
  return useSyncExternalStore(store.subscribe, () => store.get(interactionId));
}
