import type { Role } from '@switchboard/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../errors';
import type { SessionUser } from '../accounts/session-store';

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
  }
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

export interface RouteRule {
  method: string;
  url: string;
  access: Access;
}

export function collectRouteRules(app: FastifyInstance): RouteRule[] {
  const rules: RouteRule[] = [];
  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: Access } | undefined)?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (access === undefined) {
      throw new Error(`Route ${methods.join(',')} ${route.url} declares no access rule`);
    }
    for (const method of methods) if (method !== 'HEAD') rules.push({ method, url: route.url, access });
  });
  return rules;
}

export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new DomainError('unauthenticated', 'Sign in first');
  return request.user;
}

/** Runs before every handler: enforces the route's declared access. */
export function enforceAccess(request: FastifyRequest): void {
  const access = request.routeOptions.config.access;
  if (access === 'public') return;
  const user = requireUser(request);
  if (access === 'authenticated') return;
  if (!access || !access.includes(user.role)) {
    throw new DomainError('forbidden', `This needs the ${access?.join(' or ') ?? 'administrator'} role`);
  }
}
