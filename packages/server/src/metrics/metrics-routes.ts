import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { routes } from '@switchboard/protocol';
import { route } from '../http/route';
import { sameSecret } from '../security/secret-compare';
import type { Metrics } from './metrics';

export interface MetricsAccess {
  /** SWITCHBOARD_METRICS_TOKEN; null: the endpoint does not exist (404). */
  token: string | null;
}

/**
 * Whether the request carries `Authorization: Bearer <token>`. Both sides are hashed first so the
 * comparison takes the same time whatever the length or the first differing byte.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return sameSecret(match?.[1]?.trim() ?? '', token) && match !== null;
}

function handler(metrics: Metrics, access: MetricsAccess) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (access.token === null) {
      return reply.status(404).send({ error: 'not_found', message: 'Metrics are off (set SWITCHBOARD_METRICS_TOKEN)' });
    }
    if (!bearerMatches(request.headers.authorization, access.token)) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .send({ error: 'unauthenticated', message: 'Send Authorization: Bearer <SWITCHBOARD_METRICS_TOKEN>' });
    }
    return reply.type(metrics.contentType).send(await metrics.scrape());
  };
}

/**
 * `GET /metrics` on the main app. Public for the session layer (Prometheus has no session): it checks its
 * own bearer token. `served: false` (the metrics have a port of their own) keeps the route, answering 404,
 * so the web app's catch-all never answers for it.
 */
export function metricsRoute(app: FastifyInstance, metrics: Metrics, access: MetricsAccess, served: boolean): void {
  if (served && access.token !== null) metrics.enableDefaults();
  route(app, routes.metrics, handler(metrics, served ? access : { token: null }), { helmet: false });
}

/** A listener of its own for `/metrics` only (SWITCHBOARD_METRICS_PORT), e.g. on a port only Prometheus reaches. */
export async function startMetricsServer(options: {
  metrics: Metrics;
  token: string;
  host: string;
  port: number;
  logger?: Logger;
}): Promise<{ server: FastifyInstance; url: string }> {
  const server = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : {}),
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: true,
  } as never) as unknown as FastifyInstance;
  options.metrics.enableDefaults();
  server.get(routes.metrics.path, { config: { access: 'public' } }, handler(options.metrics, { token: options.token }));
  const url = await server.listen({ port: options.port, host: options.host });
  return { server, url };
}
