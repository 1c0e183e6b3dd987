import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  IdParams,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointCreate,
  WebhookEndpointCreated,
  WebhookEndpointUpdate,
} from '@switchboard/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { requireUser } from '../access';
import type { RouteDeps } from './deps';

/** Administrators manage the CRM endpoints that receive signed events (Administration → Webhooks). */
export const webhookEndpointRoutes: FastifyPluginAsync<RouteDeps> = async (root, { services }) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const admin = { access: ['administrator'] as const };

  app.get('/api/webhook-endpoints', { config: admin, schema: { response: { 200: Type.Array(WebhookEndpoint) } } }, () =>
    services.webhookEndpoints.list(),
  );

  app.post(
    '/api/webhook-endpoints',
    { config: admin, schema: { body: WebhookEndpointCreate, response: { 201: WebhookEndpointCreated } } },
    async (request, reply) =>
      reply
        .status(201)
        .header('cache-control', 'no-store')
        .send(await services.webhookEndpoints.create(request.body, requireUser(request))),
  );

  app.patch(
    '/api/webhook-endpoints/:id',
    { config: admin, schema: { params: IdParams, body: WebhookEndpointUpdate, response: { 200: WebhookEndpoint } } },
    (request) => services.webhookEndpoints.update(request.params.id, request.body, requireUser(request)),
  );

  app.delete('/api/webhook-endpoints/:id', { config: admin, schema: { params: IdParams } }, async (request, reply) => {
    await services.webhookEndpoints.remove(request.params.id, requireUser(request));
    return reply.status(204).send();
  });

  app.get(
    '/api/webhook-endpoints/:id/deliveries',
    { config: admin, schema: { params: IdParams, response: { 200: Type.Array(WebhookDelivery) } } },
    (request) => services.webhookEndpoints.deliveries(request.params.id),
  );
};
