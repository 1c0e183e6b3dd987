import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ConversationMessage,
  IdParams,
  InteractionSummary,
  ReleaseBody,
  SupervisorAssignBody,
  WhisperBody,
} from '@switchboard/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { requireUser } from '../http/access';
import type { RouteDeps } from '../http/routes/deps';
import { scopeOf } from '../http/staff-scope';

const staff = { access: ['administrator', 'supervisor'] as const };

/** Whisper, take-over and its release, and a supervisor's assign and move (D7). The read-only live view is `GET /api/interactions/:id` plus the live channel. */
export const interventionRoutes: FastifyPluginAsync<RouteDeps> = async (root, { services }) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/interactions/:id/whisper',
    { config: staff, schema: { params: IdParams, body: WhisperBody, response: { 201: ConversationMessage } } },
    async (request, reply) => {
      const message = await services.interventions.whisper(
        requireUser(request),
        request.params.id,
        request.body.text,
        await scopeOf(services, request),
      );
      return reply.status(201).send(message);
    },
  );

  app.post(
    '/api/interactions/:id/takeover',
    { config: staff, schema: { params: IdParams, response: { 200: InteractionSummary } } },
    async (request) =>
      services.interventions.takeOver(requireUser(request), request.params.id, await scopeOf(services, request)),
  );

  app.post(
    '/api/interactions/:id/release',
    { config: staff, schema: { params: IdParams, body: ReleaseBody, response: { 200: InteractionSummary } } },
    async (request) =>
      services.interventions.release(
        requireUser(request),
        request.params.id,
        request.body.toAgentId ?? null,
        await scopeOf(services, request),
      ),
  );

  app.post(
    '/api/interactions/:id/assign',
    { config: staff, schema: { params: IdParams, body: SupervisorAssignBody, response: { 200: InteractionSummary } } },
    async (request) =>
      services.interventions.assign(
        requireUser(request),
        request.params.id,
        request.body.agentId,
        await scopeOf(services, request),
      ),
  );

  app.post(
    '/api/interactions/:id/move',
    { config: staff, schema: { params: IdParams, body: SupervisorAssignBody, response: { 200: InteractionSummary } } },
    async (request) =>
      services.interventions.move(
        requireUser(request),
        request.params.id,
        request.body.agentId,
        await scopeOf(services, request),
      ),
  );
};
