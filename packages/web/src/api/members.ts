import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { routes, type Member, type MemberOrder, type MembersChange, type MemberUpdate } from '@switchboard/protocol';
import { api } from './client';

const membersKey = (campaignId: string) => ['members', campaignId] as const;

/** Members of each selected campaign, in the same order as `campaignIds`. */
export function useMembersOf(campaignIds: string[]) {
  return useQueries({
    queries: campaignIds.map((id) => ({
      queryKey: membersKey(id),
      queryFn: () => api.call(routes.listMembers, { params: { id } }),
    })),
  });
}

export function useChangeMembers() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: MembersChange) => api.call(routes.changeMembers, { body: change }),
    onSuccess: (_data, change) =>
      Promise.all(change.campaignIds.map((id) => client.invalidateQueries({ queryKey: membersKey(id) }))),
  });
}

export function useUpdateMember(campaignId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { agentId: string; body: MemberUpdate }) =>
      api.call(routes.updateMember, { params: { id: campaignId, agentId: input.agentId }, body: input.body }),
    onSuccess: () => client.invalidateQueries({ queryKey: membersKey(campaignId) }),
  });
}

export function useReorderMembers(campaignId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: MemberOrder) => api.call(routes.orderMembers, { params: { id: campaignId }, body }),
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
