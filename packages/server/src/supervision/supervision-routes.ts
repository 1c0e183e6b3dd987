import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { RouteDeps } from '../http/routes/deps';
import type { Services } from '../services';
import { auditRoutes } from './audit-routes';
import { installAuditTrail } from './audit-trail';
import { interventionRoutes } from './intervention-routes';
import { monitorRoutes } from './monitor-routes';
import { recordingsRoutes } from './recordings-routes';

/** Everything a supervisor does (D7): monitoring, recordings, whisper and take-over, and the audit log. */
export const supervisionRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  await app.register(monitorRoutes, deps);
  await app.register(recordingsRoutes, deps);
  await app.register(interventionRoutes, deps);
  await app.register(auditRoutes, deps);
};

/** Call on the root app (not inside a plugin): the audit hook must see every route. */
export function installSupervision(app: FastifyInstance, services: Services, logger?: Logger | false): void {
  installAuditTrail(app, services.audit, logger || undefined);
}
