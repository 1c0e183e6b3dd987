import type { InjectOptions } from 'fastify';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * What the web app sends on a state-changing call (see packages/web/src/api/client.ts): a JSON body, `{}` when
 * there is nothing to say. The API refuses body-less and form-like writes as possible cross-site forgeries,
 * so in-process test requests get the same default; a test that sets its own body or content type keeps it.
 */
export function likeTheWebApp(options: InjectOptions): InjectOptions {
  const method = String(options.method ?? 'GET').toUpperCase();
  const headers = options.headers ?? {};
  const typed = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  if (!STATE_CHANGING.has(method) || typed) return options;
  const { payload, body } = options as { payload?: unknown; body?: unknown };
  if (payload === undefined && body === undefined) return { ...options, payload: {} };
  return options;
}
