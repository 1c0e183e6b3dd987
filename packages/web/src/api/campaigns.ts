import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Campaign, CampaignCreate, CampaignUpdate } from '@switchboard/protocol';
import { api } from './client';

export const campaignsKey = ['campaigns'] as const;
const path = (id: string) => `/api/campaigns/${encodeURIComponent(id)}`;

export function useCampaigns() {
  return useQuery({ queryKey: campaignsKey, queryFn: () => api.get<Campaign[]>('/api/campaigns') });
}

export function useCampaign(id: string | null) {
  return useQuery({
    queryKey: ['campaign', id],
    queryFn: () => api.get<Campaign>(path(id ?? '')),
    enabled: id !== null,
  });
}

export function useSaveCampaign() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string | null; body: CampaignCreate | CampaignUpdate }) =>
      input.id === null
        ? api.post<Campaign>('/api/campaigns', input.body)
        : api.patch<Campaign>(path(input.id), input.body),
    onSuccess: (saved) => {
      client.setQueryData(['campaign', saved.id], saved);
      return client.invalidateQueries({ queryKey: campaignsKey });
    },
  });
}

export function useDeleteCampaign() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(path(id)),
    onSuccess: () => client.invalidateQueries({ queryKey: campaignsKey }),
  });
}
