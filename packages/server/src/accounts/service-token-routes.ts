import { routes } from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import { requireUser } from '../http/access';
import { route } from '../http/route';
import type { Services } from '../services';

/** Administrators manage service tokens; a token itself can never manage tokens (no scope allows it). */
export function registerServiceTokenRoutes(app: FastifyInstance, services: Pick<Services, 'serviceTokens'>): void {
  route(app, routes.listServiceTokens, () => services.serviceTokens.list());

  route(app, routes.createServiceToken, async (request, reply) =>
    reply
      .header('cache-control', 'no-store')
      .status(201)
      .send(await services.serviceTokens.create(request.body, requireUser(request))),
  );

  route(app, routes.revokeServiceToken, async (request, reply) => {
    await services.serviceTokens.revoke(request.params.id, requireUser(request));
    return reply.status(204).send();
  });
}
