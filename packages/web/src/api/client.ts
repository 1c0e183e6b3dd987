import {
  pathOf,
  type BodyOf,
  type ErrorBody,
  type Has,
  type ParamsOf,
  type QueryOf,
  type ResponseOf,
  type RouteEntry,
} from '@switchboard/protocol';

/** Any non-2xx answer of the API, carrying the `{ error, message, field? }` body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly details: unknown;

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.error;
    this.field = body.field;
    this.details = body.details;
  }
}

/** The message to show next to the input: the API prefixes it with the field path, which the input already says. */
export function messageForField(error: ApiError): string {
  const prefix = error.field ? `${error.field}: ` : '';
  return prefix && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

type Listener = () => void;
let unauthenticatedListener: Listener | null = null;

/** Called whenever the session is gone (a 401 from any call but the login itself). */
export function onUnauthenticated(listener: Listener | null): void {
  unauthenticatedListener = listener;
}

async function readError(res: Response): Promise<ErrorBody> {
  try {
    const body = (await res.json()) as Partial<ErrorBody>;
    if (typeof body.error === 'string' && typeof body.message === 'string') return body as ErrorBody;
  } catch {
    // not JSON: fall through to a generic body
  }
  return { error: `http_${res.status}`, message: res.statusText || `Request failed (${res.status})` };
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  // The server takes writes only as JSON (its guard against cross-site forms): `{}` when there is no body.
  if (body !== undefined || method !== 'GET') {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    init.body = JSON.stringify(body ?? {});
  }
  const res = await fetch(path, init);
  if (!res.ok) {
    const error = new ApiError(res.status, await readError(res));
    if (res.status === 401 && path !== '/api/auth/login') unauthenticatedListener?.();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** What a call of a route table entry takes: its path parameters, query and body, each only where it has one. */
export type CallInput<R extends RouteEntry> = (Has<R, 'params'> extends true
  ? { params: ParamsOf<R> }
  : { params?: undefined }) &
  (Has<R, 'query'> extends true ? { query?: QueryOf<R> } : { query?: undefined }) &
  (Has<R, 'body'> extends true ? { body: BodyOf<R> } : { body?: undefined });

/** The input is optional only for a route that needs neither path parameters nor a body. */
type CallArgs<R extends RouteEntry> =
  Has<R, 'params'> extends true
    ? [input: CallInput<R>]
    : Has<R, 'body'> extends true
      ? [input: CallInput<R>]
      : [input?: CallInput<R>];

type UrlInput<R extends RouteEntry> = Pick<CallInput<R>, 'params' | 'query'>;
type UrlArgs<R extends RouteEntry> = Has<R, 'params'> extends true ? [input: UrlInput<R>] : [input?: UrlInput<R>];

/** `?a=1&b=x` from a query object, in its own order; absent values are left out. */
export function queryString(query: unknown): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    for (const one of Array.isArray(value) ? value : [value]) params.append(name, String(one));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The URL of a route with its parameters and query, e.g. for a download link. */
export function urlOf<R extends RouteEntry>(entry: R, ...[input]: UrlArgs<R>): string {
  return pathOf(entry.path, input?.params as Record<string, unknown> | undefined) + queryString(input?.query);
}

export const api = {
  /**
   * Calls a route of the table (`routes` of @switchboard/protocol): the path, method and types all come from
   * its entry, so what is sent and what comes back are the contract's, not a hand-written pairing.
   */
  call<R extends RouteEntry>(entry: R, ...args: CallArgs<R>): Promise<ResponseOf<R>> {
    const [input] = args;
    return request<ResponseOf<R>>(entry.method, urlOf<R>(entry, ...(args as UrlArgs<R>)), input?.body);
  },
};
