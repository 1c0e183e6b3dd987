import { routes } from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import { route } from '../http/route';
import type { Services } from '../services';

/**
 * The read API (issue 14 item 6), versioned: its answers keep their shape while the app's own API moves on.
 * Integrations read with a service token; administrators may try the same calls from a browser session.
 */
export function registerReadApiRoutes(app: FastifyInstance, services: Pick<Services, 'readApi'>): void {
  route(app, routes.readInteractions, async (request, reply) =>
    reply
      .header('cache-control', 'no-store')
      .status(200)
      .send(await services.readApi.list(request.query)),
  );

  route(app, routes.readTranscript, async (request, reply) =>
    reply
      .header('cache-control', 'no-store')
      .status(200)
      .send(await services.readApi.transcript(request.params.id)),
  );
}
