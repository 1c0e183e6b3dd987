import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { isJsonResponse, MEDIA_TYPE, routes, type Access, type RouteEntry } from '@switchboard/protocol';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { SESSION_COOKIE } from '../accounts/auth-routes';
import { route } from './route';

/** The readable reference page; its own assets live below it. */
export const DOCS_PREFIX = '/api/docs';

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
      route.config = { ...route.config, access: 'public', outsideTable: true } as RouteOptions['config'];
    }
  });
}

/**
 * An entry's operation: its schemas and every declared answer, JSON or not, whatever fastify serialises with
 * (files, CSV and bodiless answers are not given to fastify's serialiser but are part of the contract).
 */
export function operationOf(entry: RouteEntry) {
  const responses: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(entry.responses)) {
    const mediaType = (schema as Record<string, unknown>)[MEDIA_TYPE];
    responses[status] = isJsonResponse(schema)
      ? schema
      : typeof mediaType === 'string'
        ? { description: schema.description, content: { [mediaType]: { schema: { type: 'string' } } } }
        : { type: 'null', description: schema.description };
  }
  return {
    ...(entry.summary ? { summary: entry.summary } : {}),
    ...(entry.tags ? { tags: [...entry.tags] } : {}),
    ...(entry.params ? { params: entry.params } : {}),
    ...(entry.query ? { querystring: entry.query } : {}),
    ...(entry.body ? { body: entry.body } : {}),
    response: responses,
    ...securityOf(entry.access, entry.scopes),
  };
}

/**
 * Generates the OpenAPI 3.1 document from the route table of @switchboard/protocol: each registered route is
 * described by its entry (schemas, answers by status, access). Register before the routes.
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
      const config = route.config as { access?: Access; scopes?: readonly string[]; entry?: RouteEntry } | undefined;
      if (config?.entry) return { url, schema: operationOf(config.entry) as typeof schema };
      // Every route is listed, whatever its plugin asked (@fastify/websocket hides its upgrades), except the
      // web app's catch-all, which is not an API, and the reference page's own assets.
      // The page itself (registered by swagger-ui as `/api/docs/`) is listed as `/api/docs`.
      const page = url === DOCS_PREFIX || url === `${DOCS_PREFIX}/`;
      const hide = url === '/*' || (url.startsWith(`${DOCS_PREFIX}/`) && !page);
      return {
        url: page ? DOCS_PREFIX : url,
        schema: {
          ...schema,
          hide,
          ...(page ? { summary: 'This reference page (HTML)', tags: ['documentation'] } : {}),
          ...securityOf(config?.access ?? 'public', config?.scopes ?? []),
        } as typeof schema,
      };
    },
  });
}

/** Serves the document and the reference page (assets shipped inside @fastify/swagger-ui, nothing fetched). */
export async function registerDocsRoutes(app: FastifyInstance): Promise<void> {
  route(app, routes.openApi, async () => app.swagger());
  await app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PREFIX,
    // Swagger UI's own assets and initializer are same-origin files: the app's CSP already allows them
    // (script-src 'self', inline styles). No online validator badge: nothing leaves the server.
    validatorUrl: false,
    uiConfig: { deepLinking: true, docExpansion: 'list' },
  });
}
