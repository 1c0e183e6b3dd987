import type { Access, RouteEntry, ServiceTokenScope } from '@switchboard/protocol';
import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { DomainError } from '../errors';
import type { SessionUser } from '../accounts/session-store';
import type { ServiceTokenCaller } from '../accounts/service-token-service';

export type { Access };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /**
     * Which service-token scopes may call the route (`Authorization: Bearer …`), besides the roles of
     * `access`. None = no token may call it. A token only ever gets what a scope names, never a role's rights.
     */
    scopes?: readonly ServiceTokenScope[];
    /** the route's entry in the route table of @switchboard/protocol (http/route.ts sets it) */
    entry?: RouteEntry;
    /**
     * Set only on routes that are not part of the API: the web app's files and the reference page's assets
     * (registered by @fastify/swagger-ui). Every other route must come from the table.
     */
    outsideTable?: true;
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
  /** its entry in the route table (none for the few routes outside the API) */
  entry?: RouteEntry;
}

export function collectRouteRules(app: FastifyInstance): RouteRule[] {
  const rules: RouteRule[] = [];
  app.addHook('onRoute', (route) => {
    const config = route.config as
      { access?: Access; scopes?: readonly ServiceTokenScope[]; entry?: RouteEntry; outsideTable?: true } | undefined;
    const access = config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (access === undefined) {
      throw new Error(`Route ${methods.join(',')} ${route.url} declares no access rule`);
    }
    const entry = config?.entry;
    const api = methods.filter((m) => m !== 'HEAD');
    // The contract is the table: a route registered by hand would be missing from the web client's types
    // and from the OpenAPI document.
    if (!config?.outsideTable && (!entry || entry.path !== route.url || api.some((m) => m !== entry.method))) {
      throw new Error(
        `Route ${api.join(',')} ${route.url} is not in the route table (packages/protocol/src/routes); register it with route()`,
      );
    }
    const scopes = config?.scopes ?? [];
    const schema = route.schema ? { schema: route.schema } : {};
    for (const method of api)
      rules.push({ method, url: route.url, access, scopes, ...schema, ...(entry ? { entry } : {}) });
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
