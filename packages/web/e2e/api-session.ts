// A signed-in user's view of the HTTP API from Node: set-up the browser need not click through, and the
// numbers the UI must match.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what} → ${status}: ${body.slice(0, 500)}`);
    this.name = 'ApiError';
  }
}

export class ApiSession {
  constructor(
    readonly baseUrl: string,
    readonly cookie: string,
  ) {}

  async raw(method: string, path: string, body?: unknown): Promise<Response> {
    // Like the web app: writes are JSON (`{}` when empty) and come from the app's own origin.
    const json = body !== undefined || method !== 'GET' ? JSON.stringify(body ?? {}) : undefined;
    return fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        cookie: this.cookie,
        accept: 'application/json',
        ...(method === 'GET' ? {} : { origin: new URL(this.baseUrl).origin }),
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(json === undefined ? {} : { body: json }),
      signal: AbortSignal.timeout(10_000),
    });
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.raw(method, path, body);
    const text = await res.text();
    if (!res.ok) throw new ApiError(res.status, text, `${method} ${path}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }
}

export async function login(baseUrl: string, username: string, password: string): Promise<ApiSession> {
  const res = await fetch(new URL('/api/auth/login', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: new URL(baseUrl).origin },
    body: JSON.stringify({ username, password }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new ApiError(res.status, await res.text(), `login as ${username}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('sb_session='));
  if (!cookie) throw new Error(`login as ${username}: no session cookie`);
  return new ApiSession(baseUrl, cookie);
}
