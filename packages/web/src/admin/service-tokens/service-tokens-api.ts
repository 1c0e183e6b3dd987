import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { routes, type ServiceTokenCreate } from '@switchboard/protocol';
import { api } from '../../api/client';

const key = ['service-tokens'] as const;

export function useServiceTokens() {
  return useQuery({ queryKey: key, queryFn: () => api.call(routes.listServiceTokens) });
}

export function useCreateServiceToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ServiceTokenCreate) => api.call(routes.createServiceToken, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
}

export function useRevokeServiceToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.call(routes.revokeServiceToken, { params: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
}
