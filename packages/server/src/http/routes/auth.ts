import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBody, LoginBody, Me } from '@switchboard/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { LoginThrottle } from '../../accounts/login-throttle';
import { DomainError } from '../../errors';
import { requireUser } from '../access';
import type { RouteDeps } from './deps';

export const SESSION_COOKIE = 'sb_session';

export const authRoutes: FastifyPluginAsync<RouteDeps> = async (root, { services, config }) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  // Per username and per client address, failures only: slows guessing without locking out the real user.
  const throttle = new LoginThrottle(config.loginAttemptsPerMinute);

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: { body: LoginBody, response: { 200: Me, 401: ErrorBody } },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      // request.ip honours SWITCHBOARD_TRUST_PROXY, so behind a proxy this is the browser's address.
      const wait = throttle.retryAfterMs(username, request.ip);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        reply.header('retry-after', String(seconds));
        throw new DomainError(
          'rate_limited',
          `Too many failed sign-ins for this username or from this address; try again in ${seconds} s`,
        );
      }
      const user = await services.users.authenticate(username, password).catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'invalid_credentials')
          throttle.recordFailure(username, request.ip);
        throw error;
      });
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
