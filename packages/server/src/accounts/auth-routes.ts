import { routes } from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config';
import { DomainError } from '../errors';
import { requireUser } from '../http/access';
import { route } from '../http/route';
import type { Services } from '../services';
import { LoginThrottle } from './login-throttle';

export const SESSION_COOKIE = 'sb_session';

export function registerAuthRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'users' | 'sessions' | 'agentWork'>,
  config: Pick<Config, 'cookieSecure' | 'loginAttemptsPerMinute'>,
): void {
  // Per username and per client address, failures only: slows guessing without locking out the real user.
  const throttle = new LoginThrottle(config.loginAttemptsPerMinute);

  route(app, routes.login, async (request, reply) => {
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
  });

  route(app, routes.logout, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await services.sessions.destroy(token);
    const user = requireUser(request);
    if (user.role === 'agent') await services.agentWork.setStatus(user.id, { status: 'offline' });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  route(app, routes.me, async (request) => requireUser(request));
}
