import { routes } from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import { requireUser } from '../http/access';
import { route } from '../http/route';
import { scopeOf } from '../http/staff-scope';
import type { Services } from '../services';

/** Whisper and take-over (D7). The read-only live view is `GET /api/interactions/:id` plus the live channel. */
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
}
