import { routes } from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import { route } from '../http/route';
import type { Services } from '../services';

export function registerAuditRoutes(app: FastifyInstance, services: Pick<Services, 'audit'>): void {
  route(app, routes.audit, async (request) => services.audit.search(request.query));
}
