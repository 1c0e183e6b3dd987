import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Access } from './access';
import { SESSION_COOKIE } from './routes/auth';

/** The readable reference page; its own assets live below it. */
export const DOCS_PREFIX = '/api/docs';
export const OPENAPI_URL = '/api/openapi.json';

/** Security scheme names in the document. */
const SESSION = 'session';
const SERVICE_TOKEN = 'serviceToken';

/** How a route's access rule reads in the document (`x-access`) and as OpenAPI `security`. */
export function securityOf(access: Access, scopes: readonly string[]) {
  const xAccess = {
    roles: access === 'public' || access === 'authenticated' ? access : [...access],
    scopes: [...scopes],
  };
  if (access === 'public') return { 'x-access': xAccess, security: [] };
  const security: Record<string, string[]>[] = [{ [SESSION]: [] }];
  if (scopes.length > 0) security.push({ [SERVICE_TOKEN]: [...scopes] });
  return { 'x-access': xAccess, security };
}

/**
 * The reference page's routes come from @fastify/swagger-ui, which cannot be given a route config. They are
 * public (the document describes nothing secret), so they get that rule here, before the access collector
 * (which refuses routes without one) sees them. Must be installed before `collectRouteRules`.
 */
export function installDocsAccess(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const inDocs = route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`);
    if (inDocs && (route.config as { access?: Access } | undefined)?.access === undefined) {
      route.config = { ...route.config, access: 'public' } as RouteOptions['config'];
    }
  });
}

/**
 * Generates the OpenAPI 3.1 document from every route registered after it, with its TypeBox schemas and its
 * access rule. Register before the routes.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Switchboard API',
        version: '1',
        description:
          'Everything the web app calls, plus the read API for integrations under /api/v1. ' +
          'Each operation says who may call it in `x-access` (roles, and service-token scopes where a token may ' +
          'call it) and in `security`. State-changing calls with a session must be JSON from the same origin.',
      },
      components: {
        securitySchemes: {
          [SESSION]: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description: 'the session cookie set by POST /api/auth/login',
          },
          [SERVICE_TOKEN]: {
            type: 'http',
            scheme: 'bearer',
            description:
              'a service token created by an administrator (POST /api/service-tokens), with one of the listed scopes',
          },
        },
      },
    },
    transform: ({ schema, url, route }) => {
      const config = route.config as { access?: Access; scopes?: readonly string[] } | undefined;
      // Every route is listed, whatever its plugin asked (@fastify/websocket hides its upgrades), except the
      // web app's catch-all, which is not an API, and the reference page's own assets.
      // The page itself (registered by swagger-ui as `/api/docs/`) is listed as `/api/docs`.
      const page = url === DOCS_PREFIX || url === `${DOCS_PREFIX}/`;
      const hide = url === '/*' || (url.startsWith(`${DOCS_PREFIX}/`) && !page);
      const websocket = (route as { websocket?: boolean }).websocket === true;
      return {
        url: page ? DOCS_PREFIX : url,
        schema: {
          ...schema,
          hide,
          ...(page ? { summary: 'This reference page (HTML)', tags: ['documentation'] } : {}),
          ...(websocket && !schema?.description
            ? { description: 'WebSocket upgrade: the live events of the web app (same origin, session cookie)' }
            : {}),
          ...securityOf(config?.access ?? 'public', config?.scopes ?? []),
        } as typeof schema,
      };
    },
  });
}

/** Serves the document and the reference page (assets shipped inside @fastify/swagger-ui, nothing fetched). */
export async function registerDocsRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    OPENAPI_URL,
    { config: { access: 'public' }, schema: { summary: 'This OpenAPI 3.1 document', tags: ['documentation'] } },
    async () => app.swagger(),
  );
  await app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PREFIX,
    // Swagger UI's own assets and initializer are same-origin files: the app's CSP already allows them
    // (script-src 'self', inline styles). No online validator badge: nothing leaves the server.
    validatorUrl: false,
    uiConfig: { deepLinking: true, docExpansion: 'list' },
  });
}
