import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { routes, type WebhookEndpointCreate, type WebhookEndpointUpdate } from '@switchboard/protocol';
import { api } from '../../api/client';

const key = ['webhook-endpoints'] as const;

export function useWebhookEndpoints() {
  return useQuery({ queryKey: key, queryFn: () => api.call(routes.listWebhookEndpoints) });
}

export function useWebhookDeliveries(id: string) {
  return useQuery({
    queryKey: [...key, id, 'deliveries'],
    queryFn: () => api.call(routes.webhookDeliveries, { params: { id } }),
  });
}

export function useCreateWebhookEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: WebhookEndpointCreate) => api.call(routes.createWebhookEndpoint, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
}

export function useUpdateWebhookEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: WebhookEndpointUpdate }) =>
      api.call(routes.updateWebhookEndpoint, { params: { id }, body }),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
}

export function useDeleteWebhookEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.call(routes.deleteWebhookEndpoint, { params: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
}
