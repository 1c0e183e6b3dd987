import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParams, Member, MemberOrder, MemberParams, MembersChange, MemberUpdate } from '@switchboard/protocol';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../errors';
import { requireUser } from '../access';
import { scopeOf } from '../staff-scope';
import type { RouteDeps } from './deps';

export const memberRoutes: FastifyPluginAsync<RouteDeps> = async (root, { services }) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const write = { access: ['administrator'] as const };

  app.get(
    '/api/campaigns/:id/members',
    {
      config: { access: ['administrator', 'supervisor'] },
      schema: { params: IdParams, response: { 200: Type.Array(Member) } },
    },
    async (request) => {
      const scope = await scopeOf(services, request);
      // D8: out of scope answers like a missing campaign, as GET /api/campaigns/:id does.
      if (scope && !scope.includes(request.params.id))
        throw new DomainError('not_found', `Campaign ${request.params.id} does not exist`);
      return services.members.list(request.params.id);
    },
  );

  app.post('/api/members', { config: write, schema: { body: MembersChange } }, async (request, reply) => {
    await services.members.change(request.body, requireUser(request));
    services.bus.emit('configuration.changed', { campaignIds: [...new Set(request.body.campaignIds)] });
    return reply.status(204).send();
  });

  app.patch(
    '/api/campaigns/:id/members/:agentId',
    { config: write, schema: { params: MemberParams, body: MemberUpdate, response: { 200: Member } } },
    async (request) => {
      const member = await services.members.update(
        request.params.id,
        request.params.agentId,
        request.body,
        requireUser(request),
      );
      services.bus.emit('configuration.changed', { campaignIds: [request.params.id] });
      return member;
    },
  );

  app.put(
    '/api/campaigns/:id/members/order',
    { config: write, schema: { params: IdParams, body: MemberOrder, response: { 200: Type.Array(Member) } } },
    async (request) => {
      const members = await services.members.reorder(request.params.id, request.body.agentIds, requireUser(request));
      services.bus.emit('configuration.changed', { campaignIds: [request.params.id] });
      return members;
    },
  );
};
