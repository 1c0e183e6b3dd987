import { routes } from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import { requireUser } from '../http/access';
import { route } from '../http/route';
import type { Services } from '../services';

/** Administrators manage the CRM endpoints that receive signed events (Administration → Webhooks). */
export function registerWebhookEndpointRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'webhookEndpoints'>,
): void {
  route(app, routes.listWebhookEndpoints, () => services.webhookEndpoints.list());

  route(app, routes.createWebhookEndpoint, async (request, reply) =>
    reply
      .header('cache-control', 'no-store')
      .status(201)
      .send(await services.webhookEndpoints.create(request.body, requireUser(request))),
  );

  route(app, routes.updateWebhookEndpoint, (request) =>
    services.webhookEndpoints.update(request.params.id, request.body, requireUser(request)),
  );

  route(app, routes.deleteWebhookEndpoint, async (request, reply) => {
    await services.webhookEndpoints.remove(request.params.id, requireUser(request));
    return reply.status(204).send();
  });

  route(app, routes.webhookDeliveries, (request) => services.webhookEndpoints.deliveries(request.params.id));
}
