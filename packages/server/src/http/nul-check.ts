import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route reads its raw input itself (provider webhooks) and applies its own rules to it. */
    rawInput?: boolean;
  }
}

/**
 * Parsed JSON and query objects only: a Buffer, a stream or a file part (multipart) is not text to check.
 * (A query object has a null-prototype prototype of its own, so "plain" cannot mean Object.prototype.)
 */
function isRecord(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === 'object' && v !== null && !Buffer.isBuffer(v) && typeof (v as { pipe?: unknown }).pipe !== 'function'
  );
}

/**
 * Path (`a.b.2`, the form validation errors use) of a string or key holding U+0000, or undefined.
 * Iterative: a deeply nested body must not overflow the stack.
 */
export function firstNul(value: unknown, root: string): string | undefined {
  const stack: { value: unknown; path: string }[] = [{ value, path: root }];
  // A file part may point back at its parent: visit each object once.
  const seen = new WeakSet<object>();
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) continue;
      seen.add(v);
    }
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path;
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ value: item, path: path ? `${path}.${i}` : String(i) }));
    } else if (isRecord(v)) {
      for (const [key, item] of Object.entries(v)) {
        const p = path ? `${path}.${key}` : key;
        if (key.includes('\u0000')) return p;
        stack.push({ value: item, path: p });
      }
    }
  }
  return undefined;
}

/**
 * No text the API stores may hold a NUL character: PostgreSQL refuses it (error 22021) and no person types
 * one. Names, usernames, message texts and query values alike are refused with 400 naming the field, before
 * any schema or handler sees them. (Webhooks read their raw input themselves, see `rawInput`: their parsers apply their own rule.)
 */
export function installNulCheck(app: FastifyInstance): void {
  // A callback hook, not an async one: no promise per request; a throw reaches Fastify's error path all the same.
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.routeOptions.config.rawInput) return done();
    const field = firstNul(request.body, '') ?? firstNul(request.query, '');
    if (field !== undefined)
      throw new DomainError(
        'validation_failed',
        `${field || 'body'}: must not contain NUL characters`,
        field || 'body',
      );
    done();
  });
}
