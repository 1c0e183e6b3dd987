import { routes } from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../http/access';
import { route } from '../../http/route';
import type { Services } from '../../services';

/**
 * Phone-system presence: a telephony integration (service token with presence:write) or an administrator
 * says whether an agent is on a call; routing's incall and omni strategies follow it. Agents without an
 * integration set their own flag from the status menu.
 */
export function registerPhoneRoutes(app: FastifyInstance, services: Pick<Services, 'agentWork'>): void {
  const work = services.agentWork;

  route(app, routes.agentPhone, async (request) =>
    work.setOnCall(await work.agentId({ id: request.params.id }), request.body.onCall),
  );

  // Phone systems often know the agent's login, not our id.
  route(app, routes.agentPhoneByUsername, async (request) =>
    work.setOnCall(await work.agentId({ username: request.params.username }), request.body.onCall),
  );

  route(app, routes.myPhone, (request) => work.setOnCall(requireUser(request).id, request.body.onCall));
}
