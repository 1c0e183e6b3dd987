import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CampaignMonitor, CampaignMonitorDetail, IdParams } from '@switchboard/protocol';
import type { FastifyPluginAsync } from 'fastify';
import type { RouteDeps } from '../http/routes/deps';
import { scopeOf } from '../http/staff-scope';

const staff = { access: ['administrator', 'supervisor'] as const };

/** D7 live monitoring: campaign rows, and one campaign's agents, items and chart. */
export const monitorRoutes: FastifyPluginAsync<RouteDeps> = async (root, { services }) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const monitor = services.monitor;

  app.get(
    '/api/monitoring',
    { config: staff, schema: { response: { 200: Type.Array(CampaignMonitor) } } },
    async (request) => monitor.list(await scopeOf(services, request)),
  );

  app.get(
    '/api/monitoring/:id',
    { config: staff, schema: { params: IdParams, response: { 200: CampaignMonitorDetail } } },
    async (request) => monitor.detail(request.params.id, await scopeOf(services, request)),
  );
};
