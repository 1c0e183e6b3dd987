import {
  isJsonResponse,
  type BodyOf,
  type ParamsOf,
  type QueryOf,
  type ReplyOf,
  type ResponseOf,
  type RouteEntry,
} from '@switchboard/protocol';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, RouteShorthandOptions } from 'fastify';

/** The request and reply types fastify gets for a table entry. */
export interface RouteGeneric<R extends RouteEntry> {
  Params: ParamsOf<R>;
  Querystring: QueryOf<R>;
  Body: BodyOf<R>;
  Reply: ReplyOf<R>;
}

export type TypedRequest<R extends RouteEntry> = FastifyRequest<RouteGeneric<R>>;
export type TypedReply<R extends RouteEntry> = FastifyReply<RouteGeneric<R>>;

/**
 * A route's handler: typed params, query and body from its entry; answers one of the entry's 2xx bodies, or
 * through `reply` with a status the entry declares (`reply.status(201).send(campaign)` is checked too).
 */
export type Handler<R extends RouteEntry> = (
  request: TypedRequest<R>,
  reply: TypedReply<R>,
) => ResponseOf<R> | TypedReply<R> | Promise<ResponseOf<R> | TypedReply<R>>;

/** What a route may add that is not part of the contract: how fastify treats it, not what it answers. */
export type RouteExtras = Pick<RouteShorthandOptions, 'bodyLimit' | 'preValidation'> & { helmet?: false };

/**
 * The schemas fastify validates and serialises with. Only JSON responses: a file or a CSV goes out as it is.
 * The response schemas double as a filter: fastify serialises only the declared fields, so a secret cannot
 * leave through a route even if a service returned one by mistake.
 */
export function fastifySchemaOf(entry: RouteEntry): FastifySchema {
  const response: Record<number, TSchema> = {};
  for (const [status, schema] of Object.entries(entry.responses)) {
    if (isJsonResponse(schema)) response[Number(status)] = schema;
  }
  return {
    ...(entry.params ? { params: entry.params } : {}),
    ...(entry.query ? { querystring: entry.query } : {}),
    ...(entry.body ? { body: entry.body } : {}),
    ...(Object.keys(response).length > 0 ? { response } : {}),
  };
}

/** Method, path, schemas and access of a table entry, as fastify route options. */
export function routeOptions(entry: RouteEntry) {
  return {
    method: entry.method,
    url: entry.path,
    schema: fastifySchemaOf(entry),
    // A raw body is read by the route itself, which applies its own rules to it (nul-check.ts).
    config: { access: entry.access, scopes: entry.scopes, entry, ...(entry.rawBody ? { rawInput: true } : {}) },
  };
}

/** Registers a route of the table: where it is, what it takes and who may call it all come from the entry. */
export function route<R extends RouteEntry>(
  app: FastifyInstance,
  entry: R,
  handler: Handler<R>,
  extras: RouteExtras = {},
): void {
  const options = routeOptions(entry);
  app.route<RouteGeneric<R>>({
    ...options,
    ...extras,
    handler: handler as never,
  });
}
