import type { QueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '@switchboard/protocol';
import { agentKeys } from '../api/keys';
import type { WhisperStore } from './whispers';

function interactionIdOf(event: LiveEvent): string | null {
  const id = event.data.interactionId;
  return typeof id === 'string' && id ? id : null;
}

/** What each live event means for the cached answers: the channel only says what changed, HTTP fetches it. */
export function applyLiveEvent(event: LiveEvent, client: QueryClient, whispers: WhisperStore): void {
  const interactionId = interactionIdOf(event);
  switch (event.type) {
    case 'inbox.changed':
    case 'agent.status':
      void client.invalidateQueries({ queryKey: agentKeys.inbox });
      return;
    case 'interaction.changed':
      void client.invalidateQueries({ queryKey: agentKeys.inbox });
      // The open conversation's header and menu depend on its status and owner too.
      if (interactionId) void client.invalidateQueries({ queryKey: agentKeys.interaction(interactionId) });
      return;
    case 'message':
    case 'message.status':
      if (interactionId) void client.invalidateQueries({ queryKey: agentKeys.interaction(interactionId) });
      return;
    case 'whisper': {
      const text = event.data.text;
      if (!interactionId || typeof text !== 'string') return;
      const from = typeof event.data.from === 'string' ? event.data.from : null;
      whispers.add({ interactionId, text, from, at: event.at });
      return;
    }
    case 'resync':
      void client.invalidateQueries({ queryKey: agentKeys.all });
      return;
  }
}
