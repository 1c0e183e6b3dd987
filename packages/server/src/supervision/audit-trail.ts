import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AuditLog } from './audit-log';

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const STAFF = new Set(['administrator', 'supervisor']);
const VERB: Readonly<Record<string, string>> = { POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' };

/**
 * The audit action of a route: its fixed segments, then the verb of the method — unless the route ends in a
 * named action after an id, which is the verb itself.
 * 'PATCH /api/campaigns/:id' → 'campaigns.update'; 'POST /api/interactions/:id/whisper' → 'interactions.whisper'.
 */
export function auditAction(method: string, routeUrl: string): string {
  const segments = routeUrl
    .replace(/^\/api\//, '')
    .split('/')
    .filter(Boolean);
  const fixed = segments.filter((s) => !s.startsWith(':'));
  const last = segments[segments.length - 1] ?? '';
  const namedAction = !last.startsWith(':') && segments.some((s) => s.startsWith(':'));
  return namedAction ? fixed.join('.') : [...fixed, VERB[method] ?? method.toLowerCase()].join('.');
}

/** D7 lists the read-only live view among the audited supervisor actions; a view repeated within this window is one entry. */
const LIVE_VIEW_ROUTE = '/api/interactions/:id';
const LIVE_VIEW_WINDOW_MS = 10 * 60_000;

/**
 * One global hook on the root app: each successful change by staff is written after the response has gone
 * (onResponse), so the caller never waits for it; a failed write is logged, never surfaced. Bodies are
 * never recorded (they may hold secrets): only who, what route, which id.
 */
export function installAuditTrail(
  app: FastifyInstance,
  audit: AuditLog,
  logger?: Logger,
  now: () => number = Date.now,
): void {
  const viewed = new Map<string, number>();
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    done();
    const user = request.user;
    const routeUrl = request.routeOptions.url;
    if (!user || !STAFF.has(user.role) || !routeUrl) return;
    if (reply.statusCode < 200 || reply.statusCode >= 300) return;
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const target = params.id ?? Object.values(params).find((v) => typeof v === 'string') ?? null;
    const at = now();
    let action: string;
    if (CHANGES.has(request.method)) action = auditAction(request.method, routeUrl);
    else if (request.method === 'GET' && routeUrl === LIVE_VIEW_ROUTE && target) {
      const key = `${user.id}\u0000${target}`;
      if (at - (viewed.get(key) ?? Number.NEGATIVE_INFINITY) < LIVE_VIEW_WINDOW_MS) return;
      viewed.set(key, at);
      if (viewed.size > 10_000) viewed.clear();
      action = 'interactions.view';
    } else return;
    audit
      .record({
        at,
        userId: user.id,
        username: user.username,
        role: user.role,
        action,
        target,
        detail: `${request.method} ${routeUrl} → ${reply.statusCode}`,
      })
      .catch((error: unknown) => logger?.error({ err: error, route: routeUrl }, 'audit write failed'));
  });
}
