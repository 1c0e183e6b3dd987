import { routes } from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import { requireUser } from '../http/access';
import { route } from '../http/route';
import { scopeOf } from '../http/staff-scope';
import type { Services } from '../services';

/**
 * Whisper, take-over and its release, and a supervisor's assign and move. Each is a router command (see
 * docs/adr/0008-one-writer-for-interactions.md). The read-only live view is `GET /api/interactions/:id` plus
 * the live channel.
 */
export function registerInterventionRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'interventions' | 'users'>,
): void {
  route(app, routes.whisper, async (request, reply) => {
    const message = await services.interventions.whisper(
      requireUser(request),
      request.params.id,
      request.body.text,
      await scopeOf(services, request),
    );
    return reply.status(201).send(message);
  });

  route(app, routes.takeover, async (request) =>
    services.interventions.takeOver(requireUser(request), request.params.id, await scopeOf(services, request)),
  );

  route(app, routes.release, async (request) =>
    services.interventions.release(
      requireUser(request),
      request.params.id,
      request.body.toAgentId ?? null,
      await scopeOf(services, request),
    ),
  );

  route(app, routes.assign, async (request) =>
    services.interventions.assign(
      requireUser(request),
      request.params.id,
      request.body.agentId,
      await scopeOf(services, request),
    ),
  );

  route(app, routes.move, async (request) =>
    services.interventions.move(
      requireUser(request),
      request.params.id,
      request.body.agentId,
      await scopeOf(services, request),
    ),
  );
}
