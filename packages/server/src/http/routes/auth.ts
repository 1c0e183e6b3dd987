import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBody, LoginBody, Me } from '@switchboard/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { requireUser } from '../access';
import type { RouteDeps } from './deps';

export const SESSION_COOKIE = 'sb_session';

export const authRoutes: FastifyPluginAsync<RouteDeps> = async (root, { services, config }) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/auth/login',
    {
      config: {
        access: 'public',
        // Per client address: slows password guessing without locking the real user out for long.
        rateLimit: { max: config.loginAttemptsPerMinute, timeWindow: '1 minute' },
      },
      schema: { body: LoginBody, response: { 200: Me, 401: ErrorBody } },
    },
    async (request, reply) => {
      const user = await services.users.authenticate(request.body.username, request.body.password);
      const session = await services.sessions.create(user.id);
      // An agent who signs in is ready to work (uContact logs agents in as available); pausing is a choice.
      if (user.role === 'agent' && (await services.agentWork.presence(user.id)).status === 'offline') {
        await services.agentWork.setStatus(user.id, { status: 'available' });
      }
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.cookieSecure,
        expires: new Date(session.expiresAt),
      });
      return user;
    },
  );

  app.post('/api/auth/logout', { config: { access: 'authenticated' } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await services.sessions.destroy(token);
    const user = requireUser(request);
    if (user.role === 'agent') await services.agentWork.setStatus(user.id, { status: 'offline' });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/auth/me', { config: { access: 'authenticated' }, schema: { response: { 200: Me } } }, async (request) =>
    requireUser(request),
  );
};
