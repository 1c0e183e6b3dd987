import type { FastifyPluginAsync } from 'fastify';
import type { RouteDeps } from '../http/routes/deps';
import { auditRoutes } from './audit-routes';
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
