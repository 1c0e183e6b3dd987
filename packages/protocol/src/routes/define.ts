import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';
import type { ServiceTokenScope } from '../service-tokens';
import type { Role } from '../users';

/**
 * Who may call a route. Every route declares one; the server refuses to start with a route that has none.
 * - 'public': anyone (login, webhooks that authenticate themselves, the web app's files)
 * - 'authenticated': any signed-in user
 * - a list of roles
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A response that is not JSON (a file, CSV, plain text): its media type, for the document and the clients. */
export const MEDIA_TYPE = 'x-media-type';
/** A response without a body (204, 202). */
export const NO_CONTENT = 'x-no-content';

/** Bytes or text of the given media type; the server sends them as they are, not through a JSON serialiser. */
export function Raw(mediaType: string, description: string): TUnsafe<string> {
  return Type.Unsafe<string>({ [MEDIA_TYPE]: mediaType, type: 'string', description });
}

/** No body: the status says it all. */
export function NoContent(description = 'Done; no body'): TUnsafe<undefined> {
  return Type.Unsafe<undefined>({ [NO_CONTENT]: true, type: 'null', description });
}

/** Whether a response schema is a JSON body (the server serialises and filters it through the schema). */
export function isJsonResponse(schema: TSchema): boolean {
  return !(schema as Record<string, unknown>)[MEDIA_TYPE] && !(schema as Record<string, unknown>)[NO_CONTENT];
}

export type Responses = { readonly [status: number]: TSchema };

/** One HTTP route of the server: where it is, what goes in and out, and who may call it. */
export interface RouteEntry {
  readonly method: HttpMethod;
  /** fastify's form, `/api/campaigns/:id` */
  readonly path: string;
  readonly params?: TSchema;
  readonly query?: TSchema;
  readonly body?: TSchema;
  /** by status; the 2xx ones are what a successful call answers */
  readonly responses: Responses;
  readonly access: Access;
  /** service-token scopes that may call it besides `access` (none: no token may) */
  readonly scopes: readonly ServiceTokenScope[];
  readonly summary?: string;
  readonly tags?: readonly string[];
  /** an HTTP upgrade to a WebSocket, not a request and answer */
  readonly websocket?: boolean;
  /** the body is read as bytes by the route itself (provider webhooks check a signature over them) */
  readonly rawBody?: boolean;
  /** a health probe load balancers call every few seconds: left out of the per-request log */
  readonly probe?: boolean;
}

/** Declares an entry; keeps its literal types so that its params, body and responses can be inferred. */
export function defineRoute<const R extends Omit<RouteEntry, 'scopes'> & { scopes?: readonly ServiceTokenScope[] }>(
  entry: R,
): R & { readonly scopes: readonly ServiceTokenScope[] } {
  return { ...entry, scopes: entry.scopes ?? [] };
}

type StaticOr<T, Else> = T extends TSchema ? Static<T> : Else;
type EmptyObject = Record<string, never>;

/** Whether an entry declares path parameters, a query or a body. */
export type Has<R extends RouteEntry, Part extends 'params' | 'query' | 'body'> = R[Part] extends TSchema
  ? true
  : false;

export type ParamsOf<R extends RouteEntry> = StaticOr<R['params'], EmptyObject>;
export type QueryOf<R extends RouteEntry> = StaticOr<R['query'], EmptyObject>;
export type BodyOf<R extends RouteEntry> = StaticOr<R['body'], undefined>;

type SuccessStatus = 200 | 201 | 202 | 204;
/** Each declared status with the static type of its body. */
export type ReplyOf<R extends RouteEntry> = { [S in keyof R['responses']]: StaticOr<R['responses'][S], never> };
/** What a successful call answers (the union of its 2xx bodies). */
export type ResponseOf<R extends RouteEntry> = {
  [S in keyof R['responses']]: S extends SuccessStatus ? StaticOr<R['responses'][S], never> : never;
}[keyof R['responses']];

/** `/api/campaigns/:id` with `{ id: 'c 1' }` → `/api/campaigns/c%201`. */
export function pathOf(path: string, params: Record<string, unknown> = {}): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) throw new Error(`${path}: parameter ${name} is missing`);
    return encodeURIComponent(String(value));
  });
}

/** A regular expression matching the concrete paths of an entry (`/api/campaigns/:id` matches `/api/campaigns/c1`). */
export function pathPattern(path: string): RegExp {
  const escaped = path.replace(/[.+*?^${}()|[\]\\]/g, '\\$&').replace(/:([A-Za-z0-9_]+)/g, '(?<$1>[^/]+)');
  return new RegExp(`^${escaped}$`);
}
