import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  routes,
  type AgentStatusBody,
  type CloseBody,
  type Inbox,
  type InteractionDetail,
  type SendMessageBody,
  type TransferBody,
} from '@switchboard/protocol';
import { api } from '../../api/client';
import { agentKeys } from './keys';

export type { Colleague } from '@switchboard/protocol';

function isInbox(value: unknown): value is Inbox {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Inbox>;
  return (
    typeof v.me === 'object' &&
    v.me !== null &&
    Array.isArray(v.pending) &&
    Array.isArray(v.active) &&
    Array.isArray(v.campaigns)
  );
}

async function fetchInbox(): Promise<Inbox> {
  // Typed by the contract, but still checked here: every list on the page relies on this shape.
  const inbox: unknown = await api.call(routes.inbox);
  if (!isInbox(inbox)) throw new Error('The server answered /api/agent/inbox with something that is not an inbox.');
  return { ...inbox, pauseReasons: Array.isArray(inbox.pauseReasons) ? inbox.pauseReasons : [] };
}

// The live channel says when these change, so they never go stale on a timer.
export function useInbox() {
  return useQuery({ queryKey: agentKeys.inbox, queryFn: fetchInbox, staleTime: Infinity });
}

export function useInteraction(id: string | null) {
  return useQuery({
    queryKey: agentKeys.interaction(id ?? ''),
    queryFn: () => api.call(routes.interaction, { params: { id: id ?? '' } }),
    enabled: id !== null,
    staleTime: Infinity,
  });
}

export function useEarlier(id: string, enabled: boolean) {
  return useQuery({
    queryKey: agentKeys.earlier(id),
    queryFn: () => api.call(routes.earlier, { params: { id } }),
    enabled,
  });
}

export function useColleagues(enabled: boolean) {
  return useQuery({
    queryKey: agentKeys.colleagues,
    queryFn: () => api.call(routes.colleagues),
    enabled,
  });
}

export function useSetStatus() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AgentStatusBody) => api.call(routes.setStatus, { body }),
    onSuccess: (me) => {
      client.setQueryData<Inbox>(agentKeys.inbox, (inbox) => (inbox ? { ...inbox, me } : inbox));
      return client.invalidateQueries({ queryKey: agentKeys.inbox });
    },
  });
}

/** The agent's own "On a phone call" flag, for teams without a phone-system integration. */
export function useSetOnCall() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (onCall: boolean) => api.call(routes.myPhone, { body: { onCall } }),
    onSuccess: (me) => {
      client.setQueryData<Inbox>(agentKeys.inbox, (inbox) => (inbox ? { ...inbox, me } : inbox));
      return client.invalidateQueries({ queryKey: agentKeys.inbox });
    },
  });
}

const actions = {
  take: routes.take,
  accept: routes.acceptOffer,
  decline: routes.declineOffer,
  'transfer/accept': routes.acceptTransfer,
};
type InteractionAction = keyof typeof actions;

/** Take, accept, decline or accept a transfer: each answers with the interaction or nothing. */
export function useInteractionAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: InteractionAction }) =>
      api.call(actions[action], { params: { id } }),
    onSettled: (_result, _error, { id }) =>
      Promise.all([
        client.invalidateQueries({ queryKey: agentKeys.inbox }),
        client.invalidateQueries({ queryKey: agentKeys.interaction(id) }),
      ]),
  });
}

export function useSendMessage(interactionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SendMessageBody) => api.call(routes.sendMessage, { params: { id: interactionId }, body }),
    onSuccess: (message) => {
      // Shown at once as pending; the live channel brings its delivery status.
      client.setQueryData<InteractionDetail>(agentKeys.interaction(interactionId), (detail) =>
        detail && !detail.messages.some((m) => m.id === message.id)
          ? { ...detail, messages: [...detail.messages, message] }
          : detail,
      );
    },
    onError: () => client.invalidateQueries({ queryKey: agentKeys.interaction(interactionId) }),
  });
}

export function useCloseInteraction(interactionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CloseBody) => api.call(routes.close, { params: { id: interactionId }, body }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: agentKeys.inbox }),
        client.invalidateQueries({ queryKey: agentKeys.interaction(interactionId) }),
      ]),
  });
}

export function useTransfer(interactionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TransferBody) => api.call(routes.transfer, { params: { id: interactionId }, body }),
    onSuccess: () => client.invalidateQueries({ queryKey: agentKeys.inbox }),
  });
}

/** A read-only transcript (earlier conversations); not tied to the live cache of the open one. */
export function useTranscript(id: string | null) {
  return useQuery({
    queryKey: ['agent', 'transcript', id ?? ''],
    queryFn: () => api.call(routes.interaction, { params: { id: id ?? '' } }),
    enabled: id !== null,
  });
}
