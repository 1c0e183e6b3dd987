import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { routes, type CampaignCreate, type CampaignUpdate } from '@switchboard/protocol';
import { api } from './client';

export const campaignsKey = ['campaigns'] as const;

export function useCampaigns() {
  return useQuery({ queryKey: campaignsKey, queryFn: () => api.call(routes.listCampaigns) });
}

export function useCampaign(id: string | null) {
  return useQuery({
    queryKey: ['campaign', id],
    queryFn: () => api.call(routes.getCampaign, { params: { id: id ?? '' } }),
    enabled: id !== null,
  });
}

export function useSaveCampaign() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: null; body: CampaignCreate } | { id: string; body: CampaignUpdate }) =>
      input.id === null
        ? api.call(routes.createCampaign, { body: input.body })
        : api.call(routes.updateCampaign, { params: { id: input.id }, body: input.body }),
    onSuccess: (saved) => {
      client.setQueryData(['campaign', saved.id], saved);
      return client.invalidateQueries({ queryKey: campaignsKey });
    },
  });
}

export function useDeleteCampaign() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.call(routes.deleteCampaign, { params: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: campaignsKey }),
  });
}
