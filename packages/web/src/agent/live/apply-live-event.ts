import type { QueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '@switchboard/protocol';
import { agentKeys } from '../api/keys';
import type { TakeoverStore } from './takeovers';
import type { WhisperStore } from './whispers';

/** What each live event means for the cached answers: the channel only says what changed, HTTP fetches it. */
export function applyLiveEvent(
  event: LiveEvent,
  client: QueryClient,
  whispers: WhisperStore,
  takeovers?: TakeoverStore,
): void {
  switch (event.type) {
    case 'inbox.changed': {
      void client.invalidateQueries({ queryKey: agentKeys.inbox });
      // A taken-over conversation that someone else now holds again (given back to this agent, or moved on):
      // the notice is dropped and the pane asks the server what the agent may see now.
      const { interactionId, ownerAgentId: owner } = event.data;
      const taken = takeovers?.get(interactionId);
      if (taken && owner !== null && owner !== taken.byUserId) {
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
      void client.invalidateQueries({ queryKey: agentKeys.interaction(event.data.interactionId) });
      return;
    case 'message':
      void client.invalidateQueries({ queryKey: agentKeys.interaction(event.data.interactionId) });
      // A new message between people moves the card (preview, unread count, order); a downloaded file or a
      // whisper does not.
      if (event.data.updated !== true && event.data.direction !== 'internal')
        void client.invalidateQueries({ queryKey: agentKeys.inbox });
      return;
    case 'message.status':
      void client.invalidateQueries({ queryKey: agentKeys.interaction(event.data.interactionId) });
      return;
    case 'whisper': {
      const { interactionId, text, from } = event.data;
      whispers.add({ interactionId, text, from, at: event.at });
      return;
    }
    case 'interaction.taken_over': {
      // The conversation leaves Active; its detail is not refetched (it is no longer the agent's to read).
      void client.invalidateQueries({ queryKey: agentKeys.inbox });
      const { interactionId, byName, byUserId, at } = event.data;
      takeovers?.add({ interactionId, by: byName, byUserId, at });
      return;
    }
    case 'resync':
      void client.invalidateQueries({ queryKey: agentKeys.all });
      return;
    case 'campaign.changed':
    case 'satisfaction.answered':
      // Staff only (monitoring thresholds, members and ratings): nothing an agent's screens show.
      return;
  }
}
