import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OneShotResult, OneShotSend, Provider, ProviderCreate, ProviderUpdate } from '@switchboard/protocol';
import { api } from './client';

export const providersKey = ['providers'] as const;

export function useProviders() {
  return useQuery({ queryKey: providersKey, queryFn: () => api.get<Provider[]>('/api/providers') });
}

export function useSaveProvider() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; body: ProviderUpdate } | { id: null; body: ProviderCreate }) =>
      input.id === null
        ? api.post<Provider>('/api/providers', input.body)
        : api.patch<Provider>(`/api/providers/${encodeURIComponent(input.id)}`, input.body),
    onSuccess: () => client.invalidateQueries({ queryKey: providersKey }),
  });
}

export function useDeleteProvider() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(`/api/providers/${encodeURIComponent(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: providersKey }),
  });
}

export function useOneShotSend(providerId: string) {
  return useMutation({
    mutationFn: (body: OneShotSend) =>
      api.post<OneShotResult>(`/api/providers/${encodeURIComponent(providerId)}/send`, body),
  });
}
