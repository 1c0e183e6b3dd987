import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import { registerAuthRoutes, SESSION_COOKIE } from '../accounts/auth-routes';
import { registerServiceTokenRoutes } from '../accounts/service-token-routes';
import { registerSettingsRoutes } from '../accounts/settings-routes';
import { registerUserRoutes } from '../accounts/user-routes';
import { registerCampaignRoutes } from '../admin/campaign-routes';
import { registerMemberRoutes } from '../admin/member-routes';
import { registerProviderRoutes } from '../admin/provider-routes';
import { registerAgentRoutes } from '../conversations/agent/agent-routes';
import { registerPhoneRoutes } from '../conversations/agent/phone-routes';
import { webhookRoutes } from '../conversations/ingest/webhook-routes';
import type { Services } from '../services';
import { registerSupervisionRoutes } from '../supervision/supervision-routes';
import { registerReadApiRoutes } from '../integrations/read-api-routes';
import { registerWebhookEndpointRoutes } from '../webhooks/endpoint-routes';
import { DomainError } from '../errors';
import { collectRouteRules, enforceAccess, type RouteRule } from './access';
import { bearerToken, installCrossSiteGuard } from './cross-site';
import { installErrorHandler } from './error-handler';
import { OwnOrigins } from './own-origins';
import { installNulCheck } from './nul-check';
import { installDocsAccess, registerDocsRoutes, registerOpenApi } from './openapi';
import { installPathIdCheck } from './path-ids';
import { installValidation } from './validation';
import { deferredRequestLogger } from '../logging/deferred-request-logger';
import { installRequestLog } from '../logging/request-log';
import { metricsRoute } from '../metrics/metrics-routes';
import { registerHealthRoutes } from '../cluster/health-routes';

export interface AppOptions {
  config: Pick<Config, 'cookieSecure' | 'loginAttemptsPerMinute' | 'sessionHours'> &
    Partial<
      Pick<
        Config,
        'host' | 'port' | 'publicUrl' | 'allowedOrigins' | 'wsPerUser' | 'trustProxy' | 'metricsToken' | 'metricsPort'
      >
    >;
  services: Services;
  logger?: Logger | false;
  /** where the built web app lives; omitted in API-only tests */
  webRoot?: string;
}

export interface App {
  app: FastifyInstance;
  /** every route and who may call it, for the access test and the docs */
  routes: RouteRule[];
}

export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: options.logger || undefined,
    logger: options.logger === undefined ? false : undefined,
    bodyLimit: 1024 * 1024,
    // Replaced by one debug line per request (logging/request-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    // Each request's logger (its id bound) is made when the request first writes a line.
    ...(options.logger ? { childLoggerFactory: deferredRequestLogger } : {}),
    // On stop, do not wait for browsers' keep-alive or upgraded sockets to go away by themselves.
    forceCloseConnections: true,
    // Behind a reverse proxy the client address is in X-Forwarded-For; believe it only as configured.
    trustProxy: options.config.trustProxy ?? false,
  } as never) as unknown as FastifyInstance;
  const origins = new OwnOrigins(options.config, () => (app.server.address() as AddressInfo | null)?.port);
  installDocsAccess(app);
  const routes = collectRouteRules(app);
  installValidation(app);
  installErrorHandler(app);
  installRequestLog(app);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:', 'http:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        mediaSrc: ["'self'", 'blob:', 'https:', 'http:'],
      },
    },
    // The app is served over plain HTTP on localhost by default; HSTS would lock browsers out of it.
    strictTransportSecurity: false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });

  installCrossSiteGuard(app, origins);
  app.decorateRequest('user', null);
  app.decorateRequest('serviceToken', null);
  // Access is decided before the body is even parsed: a caller without the right learns nothing from
  // validation messages.
  const authenticate = async (request: FastifyRequest): Promise<void> => {
    const bearer = bearerToken(request.headers.authorization);
    if (bearer !== undefined) {
      // A server-to-server call: the token alone decides, whatever cookie came along.
      request.user = null;
      request.serviceToken = await options.services.serviceTokens.resolve(bearer);
      if (!request.serviceToken && request.routeOptions.config.access !== 'public') {
        throw new DomainError('unauthenticated', 'This service token is unknown or revoked');
      }
    } else {
      const token = request.cookies[SESSION_COOKIE];
      request.user = token ? await options.services.sessions.resolve(token) : null;
    }
    enforceAccess(request);
  };
  app.addHook('onRequest', (request, _reply, done) => {
    // No credentials at all (a provider's webhook, a public page): decided at once, without a promise and the
    // microtask an async hook costs on every such request.
    if (request.headers.authorization === undefined && request.cookies[SESSION_COOKIE] === undefined) {
      request.user = null;
      enforceAccess(request);
      return done();
    }
    authenticate(request).then(() => done(), done);
  });
  installPathIdCheck(app);
  installNulCheck(app);

  // Before any route: the OpenAPI document is generated from the routes registered after it.
  await registerOpenApi(app);
  const services = options.services;
  // Each feature gets only the services it uses.
  registerAuthRoutes(app, services, options.config);
  registerProviderRoutes(app, services);
  registerCampaignRoutes(app, services);
  registerMemberRoutes(app, services);
  registerUserRoutes(app, services);
  registerSettingsRoutes(app, services);
  registerAgentRoutes(app, services);
  registerPhoneRoutes(app, services);
  registerServiceTokenRoutes(app, services);
  registerWebhookEndpointRoutes(app, services);
  registerSupervisionRoutes(app, services);
  registerReadApiRoutes(app, services);
  await options.services.live.register(app, { origins, perUser: options.config.wsPerUser ?? 10 });
  // Encapsulated: its raw-body parser must not leak into the JSON API.
  await app.register(webhookRoutes, {
    registry: options.services.providerAdapters,
    ingest: options.services.ingest,
    verifyTokenFor: async (id) => (await options.services.providers.credentials(id)).verifyToken,
    metrics: options.services.metrics,
  });
  // On its own port when SWITCHBOARD_METRICS_PORT is set (server.ts); here it then answers 404.
  metricsRoute(
    app,
    options.services.metrics,
    { token: options.config.metricsToken ?? null },
    (options.config.metricsPort ?? null) === null,
  );

  registerHealthRoutes(app, options.services.status);
  await registerDocsRoutes(app);

  if (options.webRoot && existsSync(join(options.webRoot, 'index.html'))) {
    const root = options.webRoot;
    await app.register(fastifyStatic, { root, serve: false });
    // The single-page app: real files by path, every other non-API page gets index.html.
    // Not part of the API, so not in the route table.
    app.get('/*', { config: { access: 'public', outsideTable: true } }, async (request, reply) => {
      const path = (request.params as { '*': string })['*'] ?? '';
      if (path.startsWith('api/') || path.startsWith('webhooks/')) return reply.callNotFound();
      if (path !== '' && extname(path) !== '' && existsSync(join(root, path))) {
        if (path.startsWith('assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
        return reply.sendFile(path);
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  }

  await app.ready();
  return { app, routes };
}
