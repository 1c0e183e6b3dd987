import { routes } from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors';
import { requireUser } from '../http/access';
import { route } from '../http/route';
import { scopeOf } from '../http/staff-scope';
import type { Services } from '../services';

export function registerMemberRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'members' | 'bus' | 'users'>,
): void {
  route(app, routes.listMembers, async (request) => {
    const scope = await scopeOf(services, request);
    // Out of scope answers like a missing campaign, as GET /api/campaigns/:id does.
    if (scope && !scope.includes(request.params.id))
      throw new DomainError('not_found', `Campaign ${request.params.id} does not exist`);
    return services.members.list(request.params.id);
  });

  route(app, routes.changeMembers, async (request, reply) => {
    await services.members.change(request.body, requireUser(request));
    services.bus.emit('configuration.changed', { campaignIds: [...new Set(request.body.campaignIds)] });
    return reply.status(204).send();
  });

  route(app, routes.updateMember, async (request) => {
    const member = await services.members.update(
      request.params.id,
      request.params.agentId,
      request.body,
      requireUser(request),
    );
    services.bus.emit('configuration.changed', { campaignIds: [request.params.id] });
    return member;
  });

  route(app, routes.orderMembers, async (request) => {
    const members = await services.members.reorder(request.params.id, request.body.agentIds, requireUser(request));
    services.bus.emit('configuration.changed', { campaignIds: [request.params.id] });
    return members;
  });
}
