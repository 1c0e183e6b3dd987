import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParams, PasswordReset, Role, User, UserCreate, UserUpdate } from '@switchboard/protocol';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { requireUser } from '../access';
import { DomainError } from '../../errors';
import type { RouteDeps } from './deps';

export const userRoutes: FastifyPluginAsync<RouteDeps> = async (root, { services }) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const admin = { access: ['administrator'] as const };

  app.get(
    '/api/users',
    {
      config: admin,
      schema: { querystring: Type.Object({ role: Type.Optional(Role) }), response: { 200: Type.Array(User) } },
    },
    (request) => services.users.list(request.query.role ? { role: request.query.role } : {}),
  );

  app.post(
    '/api/users',
    { config: admin, schema: { body: UserCreate, response: { 201: User } } },
    async (request, reply) => reply.status(201).send(await services.users.create(request.body, requireUser(request))),
  );

  app.get('/api/users/:id', { config: admin, schema: { params: IdParams, response: { 200: User } } }, (request) =>
    services.users.get(request.params.id),
  );

  app.patch(
    '/api/users/:id',
    { config: admin, schema: { params: IdParams, body: UserUpdate, response: { 200: User } } },
    (request) => {
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
    },
  );

  app.post(
    '/api/users/:id/password',
    { config: admin, schema: { params: IdParams, body: PasswordReset } },
    async (request, reply) => {
      await services.users.resetPassword(request.params.id, request.body.password, requireUser(request));
      return reply.status(204).send();
    },
  );
};
