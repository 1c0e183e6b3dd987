import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { routes, type RecordingQuery, type SendMessageBody, type Thresholds } from '@switchboard/protocol';
import { api } from '../../api/client';
import { campaignsKey } from '../../api/campaigns';
import { supervisorKeys } from './keys';

/** The live channel says when figures change; this slow refetch only covers a channel that silently died. */
export const SAFETY_REFETCH_MS = 30_000;

export function useMonitoring() {
  return useQuery({
    queryKey: supervisorKeys.monitoringList,
    queryFn: () => api.call(routes.monitoring),
    refetchInterval: SAFETY_REFETCH_MS,
  });
}

export function useMonitoringDetail(campaignId: string) {
  return useQuery({
    queryKey: supervisorKeys.monitoringDetail(campaignId),
    queryFn: () => api.call(routes.campaignMonitor, { params: { id: campaignId } }),
    refetchInterval: SAFETY_REFETCH_MS,
  });
}

/** The customer's earlier conversations, for the contact panel beside a live conversation. */
export function useEarlier(interactionId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...supervisorKeys.all, 'earlier', interactionId],
    queryFn: () => api.call(routes.earlier, { params: { id: interactionId } }),
    enabled,
  });
}

export function useInteraction(interactionId: string | null) {
  return useQuery({
    queryKey: supervisorKeys.interaction(interactionId ?? ''),
    queryFn: () => api.call(routes.interaction, { params: { id: interactionId ?? '' } }),
    enabled: interactionId !== null,
  });
}

export function useRecordings(query: RecordingQuery) {
  return useQuery({
    queryKey: supervisorKeys.recordings(query),
    queryFn: () => api.call(routes.recordings, { query }),
    placeholderData: (previous) => previous,
  });
}

export function useWhisper(interactionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => api.call(routes.whisper, { params: { id: interactionId }, body: { text } }),
    onSuccess: () => client.invalidateQueries({ queryKey: supervisorKeys.interaction(interactionId) }),
  });
}

export function useTakeover(interactionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.call(routes.takeover, { params: { id: interactionId } }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: supervisorKeys.interaction(interactionId) }),
        client.invalidateQueries({ queryKey: supervisorKeys.monitoring }),
      ]),
  });
}

/** After a take-over the supervisor holds the conversation and answers through the same endpoint agents use. */
/** The supervisor writing in a conversation they took over: text, canned responses, files or a template. */
export function useReply(interactionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SendMessageBody) => api.call(routes.sendMessage, { params: { id: interactionId }, body }),
    onSuccess: () => client.invalidateQueries({ queryKey: supervisorKeys.interaction(interactionId) }),
  });
}

/**
 * A supervisor gives a waiting interaction to a member (assign) or hands an active one to another (move).
 * The monitoring detail is refetched either way: a refusal usually means the figures on screen are stale.
 */
export function useReassign(mode: 'assign' | 'move') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ interactionId, agentId }: { interactionId: string; agentId: string }) =>
      api.call(mode === 'assign' ? routes.assign : routes.move, { params: { id: interactionId }, body: { agentId } }),
    onSettled: () => client.invalidateQueries({ queryKey: supervisorKeys.monitoring }),
  });
}

export type ThresholdChange = Pick<Thresholds, 'acd' | 'serviceLevel' | 'chatTime'>;

/** Administrators only: new thresholds recolour the monitoring rows, so those are refetched. */
export function useSaveThresholds(campaignId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (thresholds: ThresholdChange) =>
      api.call(routes.updateCampaign, { params: { id: campaignId }, body: { thresholds } }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: supervisorKeys.monitoring }),
        client.invalidateQueries({ queryKey: campaignsKey }),
        client.invalidateQueries({ queryKey: ['campaign', campaignId] }),
      ]),
  });
}
