import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AgentPresence, IdParams, PhoneBody, UsernameParams } from '@switchboard/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { requireUser } from '../../http/access';
import type { RouteDeps } from '../../http/routes/deps';

/**
 * Phone-system presence: a telephony integration (service token with presence:write) or an administrator
 * says whether an agent is on a call; routing's incall and omni strategies follow it. Agents without an
 * integration set their own flag from the status menu.
 */
export const phoneRoutes: FastifyPluginAsync<RouteDeps> = async (root, { services }) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const work = services.agentWork;
  const integration = { access: ['administrator'] as const, scopes: ['presence:write'] as const };
  const schema = { body: PhoneBody, response: { 200: AgentPresence } };

  app.put('/api/agents/:id/phone', { config: integration, schema: { ...schema, params: IdParams } }, async (request) =>
    work.setOnCall(await work.agentId({ id: request.params.id }), request.body.onCall),
  );

  // Phone systems often know the agent's login, not our id.
  app.put(
    '/api/agents/by-username/:username/phone',
    { config: integration, schema: { ...schema, params: UsernameParams } },
    async (request) => work.setOnCall(await work.agentId({ username: request.params.username }), request.body.onCall),
  );

  app.put('/api/agent/phone', { config: { access: ['agent'] as const }, schema }, (request) =>
    work.setOnCall(requireUser(request).id, request.body.onCall),
  );
};
