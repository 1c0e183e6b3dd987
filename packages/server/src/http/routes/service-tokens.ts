import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdParams, ServiceToken, ServiceTokenCreate, ServiceTokenCreated } from '@switchboard/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { requireUser } from '../access';
import type { RouteDeps } from './deps';

/** Administrators manage service tokens; a token itself can never manage tokens (no scope allows it). */
export const serviceTokenRoutes: FastifyPluginAsync<RouteDeps> = async (root, { services }) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const admin = { access: ['administrator'] as const };

  app.get('/api/service-tokens', { config: admin, schema: { response: { 200: Type.Array(ServiceToken) } } }, () =>
    services.serviceTokens.list(),
  );

  app.post(
    '/api/service-tokens',
    { config: admin, schema: { body: ServiceTokenCreate, response: { 201: ServiceTokenCreated } } },
    async (request, reply) =>
      reply
        .status(201)
        .header('cache-control', 'no-store')
        .send(await services.serviceTokens.create(request.body, requireUser(request))),
  );

  app.delete('/api/service-tokens/:id', { config: admin, schema: { params: IdParams } }, async (request, reply) => {
    await services.serviceTokens.revoke(request.params.id, requireUser(request));
    return reply.status(204).send();
  });
};
