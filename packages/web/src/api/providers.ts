import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { routes, type OneShotSend, type ProviderCreate, type ProviderUpdate } from '@switchboard/protocol';
import { api } from './client';

export const providersKey = ['providers'] as const;

export function useProviders() {
  return useQuery({ queryKey: providersKey, queryFn: () => api.call(routes.listProviders) });
}

export function useSaveProvider() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; body: ProviderUpdate } | { id: null; body: ProviderCreate }) =>
      input.id === null
        ? api.call(routes.createProvider, { body: input.body })
        : api.call(routes.updateProvider, { params: { id: input.id }, body: input.body }),
    onSuccess: () => client.invalidateQueries({ queryKey: providersKey }),
  });
}

export function useDeleteProvider() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.call(routes.deleteProvider, { params: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: providersKey }),
  });
}

export function useOneShotSend(providerId: string) {
  return useMutation({
    mutationFn: (body: OneShotSend) => api.call(routes.sendOneShot, { params: { id: providerId }, body }),
  });
}

export const providerTemplatesKey = (id: string) => ['providers', id, 'templates'] as const;

export function useProviderTemplates(providerId: string) {
  return useQuery({
    queryKey: providerTemplatesKey(providerId),
    queryFn: () => api.call(routes.providerTemplates, { params: { id: providerId } }),
  });
}

/** Reads the business account's templates now; the provider (its sync time) and its list are refetched. */
export function useSyncTemplates(providerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.call(routes.syncProviderTemplates, { params: { id: providerId } }),
    onSuccess: () => client.invalidateQueries({ queryKey: providersKey }),
  });
}
