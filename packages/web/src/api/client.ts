import type { ErrorBody } from '@switchboard/protocol';

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

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
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

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  del: (path: string) => request<void>('DELETE', path),
};
