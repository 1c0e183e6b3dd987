import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointCreate,
  WebhookEndpointCreated,
  WebhookEndpointUpdate,
} from '@switchboard/protocol';
import { api } from '../../api/client';

const key = ['webhook-endpoints'] as const;
const path = (id: string) => `/api/webhook-endpoints/${encodeURIComponent(id)}`;

export function useWebhookEndpoints() {
  return useQuery({ queryKey: key, queryFn: () => api.get<WebhookEndpoint[]>('/api/webhook-endpoints') });
}

export function useWebhookDeliveries(id: string) {
  return useQuery({
    queryKey: [...key, id, 'deliveries'],
    queryFn: () => api.get<WebhookDelivery[]>(`${path(id)}/deliveries`),
  });
}

export function useCreateWebhookEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: WebhookEndpointCreate) => api.post<WebhookEndpointCreated>('/api/webhook-endpoints', body),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
}

export function useUpdateWebhookEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: WebhookEndpointUpdate }) =>
      api.patch<WebhookEndpoint>(path(id), body),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
}

export function useDeleteWebhookEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(path(id)),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
}
