import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors';

/**
 * What an id or token in a path can look like: our ids are UUIDs, time-ordered base-36 ids and base64url
 * tokens; signed media links are `<expiry>.<signature>` and usernames (phone presence by username) add `.`
 * and `@`. Anything else (a NUL from `%00`, a 10 kB segment) names nothing that exists.
 */
const PATH_ID = /^[A-Za-z0-9_@-][A-Za-z0-9._@-]{0,127}$/;

/**
 * Answers 404 for a path parameter that cannot be an id, before it reaches a query: PostgreSQL refuses a
 * NUL in text (22021) and that must not become a 500. The catch-all `*` of the web app is not an id.
 */
export function installPathIdCheck(app: FastifyInstance): void {
  // A callback hook, not an async one: no promise and no extra microtask per request (see docs/performance.md,
  // "Server CPU per message on SQLite"). A throw here reaches Fastify's error path all the same.
  app.addHook('onRequest', (request, _reply, done) => {
    const params = request.params as Record<string, unknown> | undefined;
    if (params) {
      for (const name in params) {
        const value = params[name];
        if (name === '*' || typeof value !== 'string' || PATH_ID.test(value)) continue;
        throw new DomainError('not_found', `No such ${name === 'id' ? 'item' : name}: not a valid id`);
      }
    }
    done();
  });
}
