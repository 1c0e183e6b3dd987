import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../errors';
import { OwnOrigins } from './own-origins';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route documents a multipart/form-data body (e.g. a file upload); JSON is accepted too. */
    multipart?: boolean;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Content types a page on another site can send with a plain form or a no-cors fetch, without the browser
 * asking us first (CORS "simple" requests). A missing type belongs here too: a body-less cross-site POST has
 * none. Any other non-JSON type cannot be sent cross-site without a preflight we never grant, so it is just
 * an unsupported body (415), not a forgery attempt.
 */
function isForgeable(contentType: string | undefined): boolean {
  if (contentType === undefined || contentType.trim() === '') return true;
  const essence = essenceOf(contentType)!;
  return ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'].includes(essence);
}

const essenceOf = (contentType: string | undefined) => contentType?.split(';')[0]?.trim().toLowerCase();

/** The token of an `Authorization: Bearer <token>` header (a service token), if the request carries one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Cross-site request forgery guard for the API (issue 8, item 7). Every state-changing /api call must come from
 * one of our own origins (Origin, or Referer when Origin is absent; neither = a non-browser client, allowed)
 * and carry a JSON body (or multipart where the route says so): the session cookie alone proves nothing.
 * Webhooks are server-to-server and keep their own rules, so only /api is guarded.
 */
export function installCrossSiteGuard(app: FastifyInstance, origins: OwnOrigins): void {
  // A callback hook, not an async one: no promise per request (most requests, webhooks among them, are not
  // state-changing /api calls and leave at once); a throw reaches Fastify's error path all the same.
  app.addHook('onRequest', (request: FastifyRequest, _reply, done) => {
    // The matched route, not the raw URL: the router decodes the path, so "/%61pi/…" reaches an /api route too.
    const route = request.routeOptions.url;
    if (!STATE_CHANGING.has(request.method) || route === undefined || !route.startsWith('/api/')) return done();
    const claimed = OwnOrigins.claimed(request.headers);
    // A bearer token is server to server: no browser attaches one on its own, and a page on another site
    // cannot set the header without a CORS preflight we never grant, so its origin proves nothing. It must
    // still send JSON like everyone else.
    const serverToServer = bearerToken(request.headers.authorization) !== undefined;
    if (!serverToServer && claimed !== undefined && !origins.allows(claimed)) {
      throw new DomainError(
        'forbidden',
        `Cross-site request refused: origin ${claimed} is not this Switchboard's (see SWITCHBOARD_ALLOWED_ORIGINS)`,
      );
    }
    const contentType = request.headers['content-type'];
    const essence = essenceOf(contentType);
    if (essence === 'application/json') return done();
    // Where documented, a multipart upload may come too; the origin check above has already passed.
    if (essence === 'multipart/form-data' && request.routeOptions.config.multipart === true) return done();
    if (isForgeable(contentType)) {
      throw new DomainError(
        'forbidden',
        `${request.method} requests must send Content-Type: application/json (with {} when there is nothing to send)`,
      );
    }
    throw new DomainError('unsupported_media_type', 'Send the body as application/json');
  });
}
