import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ErrorBody,
  IdParams,
  InteractionListPage,
  InteractionListQuery,
  InteractionTranscript,
} from '@switchboard/protocol';
import type { FastifyPluginAsync } from 'fastify';
import type { RouteDeps } from '../http/routes/deps';

/** Integrations read with a service token; administrators may try the same calls from a browser session. */
const readers = { access: ['administrator'] as const, scopes: ['interactions:read'] as const };
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

/** The read API (issue 14 item 6), versioned: its answers keep their shape while the app's own API moves on. */
export const readApiRoutes: FastifyPluginAsync<RouteDeps> = async (root, { services }) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/interactions',
    {
      config: readers,
      schema: {
        summary: 'Interactions by date, campaign, agent, number and status, oldest first, paged by cursor',
        tags: ['read API'],
        querystring: InteractionListQuery,
        response: { 200: InteractionListPage, ...errors },
      },
    },
    async (request, reply) =>
      reply.header('cache-control', 'no-store').send(await services.readApi.list(request.query)),
  );

  app.get(
    '/api/v1/interactions/:id/transcript',
    {
      config: readers,
      schema: {
        summary: "An interaction's messages and routing timeline, in order",
        tags: ['read API'],
        params: IdParams,
        response: { 200: InteractionTranscript, ...errors, 404: ErrorBody },
      },
    },
    async (request, reply) =>
      reply.header('cache-control', 'no-store').send(await services.readApi.transcript(request.params.id)),
  );
};
