import { routes } from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import { route } from '../http/route';
import type { NodeStatus } from './node-status';

/** Seconds a load balancer (or a client) should wait before asking an unready node again. */
export const READY_RETRY_AFTER_S = 5;

function nodeFields(status: NodeStatus) {
  return { node: status.nodeId, router: status.routerRole(), epoch: status.epoch() };
}

/**
 * Liveness and readiness, public and cheap: `/healthz` only says the process answers (and who it is), so a
 * standby is healthy too; `/readyz` also checks the database and Redis, so a load balancer sends no requests
 * to a node that could not serve them.
 */
export function registerHealthRoutes(app: FastifyInstance, status: NodeStatus): void {
  route(app, routes.health, async () => ({ status: 'ok' as const, ...nodeFields(status) }));
  route(app, routes.ready, async (_request, reply) => {
    const reached = await status.reachable();
    const unreachable = [
      ...(reached.database ? [] : (['database'] as const)),
      ...(reached.redis === false ? (['redis'] as const) : []),
    ];
    if (unreachable.length === 0) return { status: 'ready' as const, ...nodeFields(status) };
    reply.header('retry-after', String(READY_RETRY_AFTER_S));
    return reply.status(503).send({
      status: 'unavailable',
      ...nodeFields(status),
      unreachable,
      message: `This node cannot reach its ${unreachable.join(' and ')}; try another node or again later`,
    });
  });
}
