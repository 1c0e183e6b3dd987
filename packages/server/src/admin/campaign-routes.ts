import { routes } from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors';
import { requireUser } from '../http/access';
import { route } from '../http/route';
import { scopeOf } from '../http/staff-scope';
import type { Services } from '../services';

export function registerCampaignRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'campaigns' | 'bus' | 'users'>,
): void {
  route(app, routes.listCampaigns, async (request) => services.campaigns.list(await scopeOf(services, request)));

  /** Routing and hand-off resolution reload what changed. */
  const changed = (campaignId: string) => services.bus.emit('configuration.changed', { campaignIds: [campaignId] });

  route(app, routes.createCampaign, async (request, reply) => {
    const campaign = await services.campaigns.create(request.body, requireUser(request));
    changed(campaign.id);
    return reply.status(201).send(campaign);
  });

  route(app, routes.getCampaign, async (request) => {
    const scope = await scopeOf(services, request);
    // Out of scope looks the same as missing: a supervisor learns nothing about other campaigns.
    if (scope && !scope.includes(request.params.id))
      throw new DomainError('not_found', `Campaign ${request.params.id} does not exist`);
    return services.campaigns.get(request.params.id);
  });

  route(app, routes.updateCampaign, async (request) => {
    const campaign = await services.campaigns.update(request.params.id, request.body, requireUser(request));
    changed(campaign.id);
    return campaign;
  });

  route(app, routes.deleteCampaign, async (request, reply) => {
    await services.campaigns.remove(request.params.id, requireUser(request));
    changed(request.params.id);
    return reply.status(204).send();
  });
}
