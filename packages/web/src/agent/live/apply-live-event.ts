import type { QueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '@switchboard/protocol';
import { agentKeys } from '../api/keys';
import type { TakeoverStore } from './takeovers';
import type { WhisperStore } from './whispers';

function interactionIdOf(event: LiveEvent): string | null {
  const id = event.data.interactionId;
  return typeof id === 'string' && id ? id : null;
}

/** What each live event means for the cached answers: the channel only says what changed, HTTP fetches it. */
export function applyLiveEvent(
  event: LiveEvent,
  client: QueryClient,
  whispers: WhisperStore,
  takeovers?: TakeoverStore,
): void {
  const interactionId = interactionIdOf(event);
  switch (event.type) {
    case 'inbox.changed': {
      void client.invalidateQueries({ queryKey: agentKeys.inbox });
      // A taken-over conversation that someone else now holds again (given back to this agent, or moved on):
      // the notice is dropped and the pane asks the server what the agent may see now.
      const taken = interactionId ? takeovers?.get(interactionId) : null;
      const owner = event.data.ownerAgentId;
      if (interactionId && taken && typeof owner === 'string' && owner !== taken.byUserId) {
        takeovers?.forget(interactionId);
        void client.invalidateQueries({ queryKey: agentKeys.interaction(interactionId) });
      }
      return;
    }
    case 'agent.status':
      void client.invalidateQueries({ queryKey: agentKeys.inbox });
      return;
    case 'interaction.changed':
      void client.invalidateQueries({ queryKey: agentKeys.inbox });
      // The open conversation's header and menu depend on its status and owner too.
      if (interactionId) void client.invalidateQueries({ queryKey: agentKeys.interaction(interactionId) });
      return;
    case 'message':
      if (interactionId) void client.invalidateQueries({ queryKey: agentKeys.interaction(interactionId) });
      // A new message between people moves the card (preview, unread count, order); a downloaded file or a
      // whisper does not.
      if (event.data.updated !== true && event.data.direction !== 'internal')
        void client.invalidateQueries({ queryKey: agentKeys.inbox });
      return;
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
    case 'interaction.taken_over': {
      // The conversation leaves Active; its detail is not refetched (it is no longer the agent's to read).
      void client.invalidateQueries({ queryKey: agentKeys.inbox });
      const by = event.data.byName;
      const byUserId = typeof event.data.byUserId === 'string' ? event.data.byUserId : null;
      if (interactionId && typeof by === 'string')
        takeovers?.add({
          interactionId,
          by,
          byUserId,
          at: typeof event.data.at === 'number' ? event.data.at : event.at,
        });
      return;
    }
    case 'resync':
      void client.invalidateQueries({ queryKey: agentKeys.all });
      return;
  }
}
