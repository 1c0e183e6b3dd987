import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ErrorBody } from '../common';
import { isJsonResponse, NO_CONTENT, pathPattern, type RouteEntry } from './define';

/** An entry of the table with its name, as `routeList` holds them. */
export type NamedEntry = RouteEntry & { name: string };

const patterns = new WeakMap<RouteEntry, RegExp>();
function patternOf(entry: RouteEntry): RegExp {
  let pattern = patterns.get(entry);
  if (!pattern) patterns.set(entry, (pattern = pathPattern(entry.path)));
  return pattern;
}

/**
 * The entry a request is for, with its path parameters (decoded). A literal segment wins over a parameter
 * (`/api/campaigns/:id/members/order` over `…/:agentId`), as in the server's router.
 */
export function matchRoute<E extends RouteEntry>(
  entries: readonly E[],
  method: string,
  path: string,
): { entry: E; params: Record<string, string> } | null {
  const found = entries
    .filter((e) => e.method === method)
    .flatMap((entry) => {
      const m = patternOf(entry).exec(path);
      if (!m) return [];
      const params = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
      return [{ entry, params, literal: entry.path.split('/').filter((s) => !s.startsWith(':')).length }];
    })
    .sort((a, b) => b.literal - a.literal);
  return found[0] ? { entry: found[0].entry, params: found[0].params } : null;
}

function errorsOf(what: string, schema: TSchema, value: unknown): string[] {
  if (Value.Check(schema, value)) return [];
  return [...Value.Errors(schema, value)].slice(0, 3).map((e) => `${what}${e.path}: ${e.message}`);
}

/** What is wrong with a request for the entry, the way the server would see it (params and query from text). */
export function requestViolations(
  entry: RouteEntry,
  request: { params: Record<string, string>; query: Record<string, string | string[]>; body: unknown },
): string[] {
  const problems: string[] = [];
  if (entry.params) problems.push(...errorsOf('params', entry.params, Value.Convert(entry.params, request.params)));
  if (entry.query) problems.push(...errorsOf('query', entry.query, Value.Convert(entry.query, request.query)));
  else if (Object.keys(request.query).length > 0) problems.push(`query: ${entry.path} takes no query`);
  if (entry.body) problems.push(...errorsOf('body', entry.body, request.body));
  return problems;
}

/** What is wrong with an answer for the entry: a 2xx it does not declare, or a body of the wrong shape. */
export function responseViolations(entry: RouteEntry, status: number, body: unknown): string[] {
  if (status < 200 || status >= 300) return errorsOf(`${status} body`, ErrorBody, body);
  const schema = (entry.responses as Record<number, TSchema | undefined>)[status];
  if (!schema) return [`status ${status} is not an answer of ${entry.method} ${entry.path}`];
  if ((schema as Record<string, unknown>)[NO_CONTENT]) return body === undefined ? [] : [`${status} has a body`];
  return isJsonResponse(schema) ? errorsOf(`${status} body`, schema, body) : [];
}
