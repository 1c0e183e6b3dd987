import type { Role, ServiceTokenScope } from '@switchboard/protocol';
import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { DomainError } from '../errors';
import type { SessionUser } from '../accounts/session-store';
import type { ServiceTokenCaller } from '../accounts/service-token-service';

/**
 * Who may call a route (D8). Every route declares one; a route without it stops start-up, because
 * "a route without a rule is a defect".
 * - 'public': anyone (login, webhooks that authenticate themselves, the web app's files)
 * - 'authenticated': any signed-in user
 * - a list of roles
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /**
     * Which service-token scopes may call the route (`Authorization: Bearer …`), besides the roles of
     * `access`. None = no token may call it. A token only ever gets what a scope names, never a role's rights.
     */
    scopes?: readonly ServiceTokenScope[];
  }
  interface FastifyRequest {
    user: SessionUser | null;
    /** the service token the caller authenticated with, if any (then `user` is null) */
    serviceToken: ServiceTokenCaller | null;
  }
}

export interface RouteRule {
  method: string;
  url: string;
  access: Access;
  scopes: readonly ServiceTokenScope[];
  /** the route's request and response schemas, for the OpenAPI test */
  schema?: FastifySchema;
}

export function collectRouteRules(app: FastifyInstance): RouteRule[] {
  const rules: RouteRule[] = [];
  app.addHook('onRoute', (route) => {
    const config = route.config as { access?: Access; scopes?: readonly ServiceTokenScope[] } | undefined;
    const access = config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (access === undefined) {
      throw new Error(`Route ${methods.join(',')} ${route.url} declares no access rule`);
    }
    const scopes = config?.scopes ?? [];
    const schema = route.schema ? { schema: route.schema } : {};
    for (const method of methods)
      if (method !== 'HEAD') rules.push({ method, url: route.url, access, scopes, ...schema });
  });
  return rules;
}

export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new DomainError('unauthenticated', 'Sign in first');
  return request.user;
}

/** Bearer-token calls (server to server): the token's name and scopes, or 403 where no scope of it is allowed. */
export function requireScope(request: FastifyRequest, token: ServiceTokenCaller): void {
  const allowed = request.routeOptions.config.scopes ?? [];
  if (allowed.some((scope) => token.scopes.includes(scope))) return;
  throw new DomainError(
    'forbidden',
    allowed.length === 0
      ? 'Service tokens cannot call this route; sign in as a user'
      : `This needs a service token with the ${allowed.join(' or ')} scope`,
  );
}

/** Runs before every handler: enforces the route's declared access. */
export function enforceAccess(request: FastifyRequest): void {
  const access = request.routeOptions.config.access;
  if (access === 'public') return;
  if (request.serviceToken) return requireScope(request, request.serviceToken);
  const user = requireUser(request);
  if (access === 'authenticated') return;
  if (!access || !access.includes(user.role)) {
    throw new DomainError('forbidden', `This needs the ${access?.join(' or ') ?? 'administrator'} role`);
  }
}
