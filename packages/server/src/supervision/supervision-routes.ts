import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';
import { registerAuditRoutes } from './audit-routes';
import { registerInterventionRoutes } from './intervention-routes';
import { registerMonitorRoutes } from './monitor-routes';
import { registerRecordingsRoutes } from './recordings-routes';

/** Everything a supervisor does: monitoring, recordings, whisper and take-over, and the audit log. */
export function registerSupervisionRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'monitor' | 'recordings' | 'router' | 'agentWork' | 'interventions' | 'audit' | 'users'>,
): void {
  registerMonitorRoutes(app, services);
  registerRecordingsRoutes(app, services);
  registerInterventionRoutes(app, services);
  registerAuditRoutes(app, services);
}
