import { routes } from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors';
import { requireUser } from '../http/access';
import { route } from '../http/route';
import type { Services } from '../services';

export function registerUserRoutes(app: FastifyInstance, services: Pick<Services, 'users'>): void {
  route(app, routes.listUsers, (request) =>
    services.users.list(request.query.role ? { role: request.query.role } : {}),
  );

  route(app, routes.createUser, async (request, reply) =>
    reply.status(201).send(await services.users.create(request.body, requireUser(request))),
  );

  route(app, routes.getUser, (request) => services.users.get(request.params.id));

  route(app, routes.updateUser, (request) => {
    const me = requireUser(request);
    // An administrator cannot lock themselves out by accident.
    if (
      me.id === request.params.id &&
      (request.body.enabled === false || (request.body.role && request.body.role !== 'administrator'))
    ) {
      throw new DomainError(
        'not_allowed_now',
        'You cannot disable yourself or drop your own administrator role',
        request.body.enabled === false ? 'enabled' : 'role',
      );
    }
    return services.users.update(request.params.id, request.body, me);
  });

  route(app, routes.resetPassword, async (request, reply) => {
    await services.users.resetPassword(request.params.id, request.body.password, requireUser(request));
    return reply.status(204).send();
  });
}
