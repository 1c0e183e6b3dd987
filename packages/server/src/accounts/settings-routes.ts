import { routes } from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import { requireUser } from '../http/access';
import { route } from '../http/route';
import type { Services } from '../services';

export function registerSettingsRoutes(app: FastifyInstance, services: Pick<Services, 'settings'>): void {
  route(app, routes.pauseReasons, async () => ({ reasons: await services.settings.pauseReasons() }));

  route(app, routes.setPauseReasons, async (request) => ({
    reasons: await services.settings.setPauseReasons(request.body.reasons, requireUser(request)),
  }));
}
