import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import type { Member, MemberOrder, MembersChange, MemberUpdate } from '@switchboard/protocol';
import { api } from './client';

const membersKey = (campaignId: string) => ['members', campaignId] as const;
const path = (campaignId: string) => `/api/campaigns/${encodeURIComponent(campaignId)}/members`;

/** Members of each selected campaign, in the same order as `campaignIds`. */
export function useMembersOf(campaignIds: string[]) {
  return useQueries({
    queries: campaignIds.map((id) => ({ queryKey: membersKey(id), queryFn: () => api.get<Member[]>(path(id)) })),
  });
}

export function useChangeMembers() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: MembersChange) => api.post<void>('/api/members', change),
    onSuccess: (_data, change) =>
      Promise.all(change.campaignIds.map((id) => client.invalidateQueries({ queryKey: membersKey(id) }))),
  });
}

export function useUpdateMember(campaignId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { agentId: string; body: MemberUpdate }) =>
      api.patch<Member>(`${path(campaignId)}/${encodeURIComponent(input.agentId)}`, input.body),
    onSuccess: () => client.invalidateQueries({ queryKey: membersKey(campaignId) }),
  });
}

export function useReorderMembers(campaignId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: MemberOrder) => api.put<Member[]>(`${path(campaignId)}/order`, body),
    onMutate: (body) => {
      // Show the new order at once; the server's answer replaces it.
      const previous = client.getQueryData<Member[]>(membersKey(campaignId));
      if (previous) {
        const byId = new Map(previous.map((m) => [m.agentId, m]));
        const next = body.agentIds.flatMap((id, i) => {
          const m = byId.get(id);
          return m ? [{ ...m, position: i + 1 }] : [];
        });
        client.setQueryData(membersKey(campaignId), next);
      }
      return { previous };
    },
    onError: (_e, _b, context) => {
      if (context?.previous) client.setQueryData(membersKey(campaignId), context.previous);
    },
    onSuccess: (members) => client.setQueryData(membersKey(campaignId), members),
  });
}
