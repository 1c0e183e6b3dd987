import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Campaign, CampaignCreate, CampaignUpdate, IdParams } from '@switchboard/protocol';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { requireUser } from '../access';
import { scopeOf } from '../staff-scope';
import { DomainError } from '../../errors';
import type { RouteDeps } from './deps';

export const campaignRoutes: FastifyPluginAsync<RouteDeps> = async (root, { services }) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const read = { access: ['administrator', 'supervisor'] as const };
  const write = { access: ['administrator'] as const };

  app.get('/api/campaigns', { config: read, schema: { response: { 200: Type.Array(Campaign) } } }, async (request) =>
    services.campaigns.list(await scopeOf(services, request)),
  );

  /** Routing and hand-off resolution reload what changed. */
  const changed = (campaignId: string) => services.bus.emit('configuration.changed', { campaignIds: [campaignId] });

  app.post(
    '/api/campaigns',
    { config: write, schema: { body: CampaignCreate, response: { 201: Campaign } } },
    async (request, reply) => {
      const campaign = await services.campaigns.create(request.body, requireUser(request));
      changed(campaign.id);
      return reply.status(201).send(campaign);
    },
  );

  app.get(
    '/api/campaigns/:id',
    { config: read, schema: { params: IdParams, response: { 200: Campaign } } },
    async (request) => {
      const scope = await scopeOf(services, request);
      // Out of scope looks the same as missing: a supervisor learns nothing about other campaigns.
      if (scope && !scope.includes(request.params.id))
        throw new DomainError('not_found', `Campaign ${request.params.id} does not exist`);
      return services.campaigns.get(request.params.id);
    },
  );

  app.patch(
    '/api/campaigns/:id',
    { config: write, schema: { params: IdParams, body: CampaignUpdate, response: { 200: Campaign } } },
    async (request) => {
      const campaign = await services.campaigns.update(request.params.id, request.body, requireUser(request));
      changed(campaign.id);
      return campaign;
    },
  );

  app.delete('/api/campaigns/:id', { config: write, schema: { params: IdParams } }, async (request, reply) => {
    await services.campaigns.remove(request.params.id, requireUser(request));
    changed(request.params.id);
    return reply.status(204).send();
  });
};
