import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ServiceToken, ServiceTokenCreate, ServiceTokenCreated } from '@switchboard/protocol';
import { api } from '../../api/client';

const key = ['service-tokens'] as const;

export function useServiceTokens() {
  return useQuery({ queryKey: key, queryFn: () => api.get<ServiceToken[]>('/api/service-tokens') });
}

export function useCreateServiceToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ServiceTokenCreate) => api.post<ServiceTokenCreated>('/api/service-tokens', body),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
}

export function useRevokeServiceToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(`/api/service-tokens/${encodeURIComponent(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
}
