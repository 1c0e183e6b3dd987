import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AuditPage, AuditQuery } from '@switchboard/protocol';
import type { FastifyPluginAsync } from 'fastify';
import type { RouteDeps } from '../http/routes/deps';

export const auditRoutes: FastifyPluginAsync<RouteDeps> = async (root, { services }) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/audit',
    { config: { access: ['administrator'] }, schema: { querystring: AuditQuery, response: { 200: AuditPage } } },
    async (request) => services.audit.search(request.query),
  );
};
