import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/**
 * One line per request, at debug (Fastify's own two lines per request at info filled the log with 849 lines in
 * half an hour of light use). The route's pattern, never the raw URL: query strings and signed media paths
 * carry secrets (a webhook verify token, a link's signature). Server errors are logged by the error handler
 * at error; client mistakes are routine and stay at debug with the rest. Health probes are not logged.
 */
export function installRequestLog(app: FastifyInstance): void {
  // A callback hook, not an async one: no promise per request on the webhook path.
  app.addHook('onResponse', (request, reply, done) => {
    // The app's logger is pino: skip building the line when debug is off (the usual case, at every request).
    if ((request.log as Logger).isLevelEnabled?.('debug') === false) return done();
    // A load balancer's health checks, every few seconds per node, would drown the lines people read.
    if (request.routeOptions.config.entry?.probe === true) return done();
    request.log.debug(
      {
        method: request.method,
        route: request.routeOptions.url ?? '(no route)',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
}
