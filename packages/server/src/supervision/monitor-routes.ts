import { routes } from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import { route } from '../http/route';
import { scopeOf } from '../http/staff-scope';
import type { Services } from '../services';

/** Live monitoring: campaign rows, and one campaign's agents, items and chart. */
export function registerMonitorRoutes(app: FastifyInstance, services: Pick<Services, 'monitor' | 'users'>): void {
  const monitor = services.monitor;

  route(app, routes.monitoring, async (request) => monitor.list(await scopeOf(services, request)));

  route(app, routes.campaignMonitor, async (request) =>
    monitor.detail(request.params.id, await scopeOf(services, request)),
  );
}
