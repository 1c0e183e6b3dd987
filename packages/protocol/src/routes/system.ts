import { Type } from '@sinclair/typebox';
import { ErrorBody } from '../common';
import { defineRoute, NoContent, Raw } from './define';

const RouterRole = Type.Union([Type.Literal('leader'), Type.Literal('standby')], {
  description: 'whether this node runs the router now (exactly one node leads)',
});
/** Who answered: several nodes sit behind one load balancer. */
const NodeFields = {
  node: Type.String({ description: 'SWITCHBOARD_NODE_ID of the node that answered' }),
  router: RouterRole,
  epoch: Type.Integer({ minimum: 0, description: 'fencing epoch of the router leadership (0 on a single node)' }),
};
const Dependency = Type.Union([Type.Literal('database'), Type.Literal('redis')]);

/** Health, readiness, metrics, the live channel and this API's own description. */
export const systemRoutes = {
  health: defineRoute({
    method: 'GET',
    path: '/healthz',
    responses: { 200: Type.Object({ status: Type.Literal('ok'), ...NodeFields }) },
    access: 'public',
    probe: true,
    summary: 'Liveness: the process answers (standbys too); names the node and its router role',
    tags: ['system'],
  }),
  ready: defineRoute({
    method: 'GET',
    path: '/readyz',
    responses: {
      200: Type.Object({ status: Type.Literal('ready'), ...NodeFields }),
      503: Type.Object({
        status: Type.Literal('unavailable'),
        ...NodeFields,
        unreachable: Type.Array(Dependency, { description: 'what this node cannot reach now' }),
        message: Type.String(),
      }),
    },
    access: 'public',
    probe: true,
    summary:
      "Readiness, for load balancers' health checks: 503 with Retry-After while this node cannot reach its database or Redis",
    tags: ['system'],
  }),
  metrics: defineRoute({
    method: 'GET',
    path: '/metrics',
    responses: {
      200: Raw('text/plain', 'Prometheus text format'),
      401: ErrorBody,
      404: ErrorBody,
    },
    access: 'public',
    summary: 'Prometheus metrics; needs Authorization: Bearer <SWITCHBOARD_METRICS_TOKEN> (404 when off)',
    tags: ['system'],
  }),
  live: defineRoute({
    method: 'GET',
    path: '/ws',
    responses: { 101: NoContent('Switched to the WebSocket protocol: the live events follow') },
    access: 'authenticated',
    websocket: true,
    summary: 'WebSocket upgrade: the live events of the web app (same origin, session cookie; ?since=seq resumes)',
    tags: ['system'],
  }),
  openApi: defineRoute({
    method: 'GET',
    path: '/api/openapi.json',
    responses: { 200: Type.Unknown({ description: 'an OpenAPI 3.1 document' }) },
    access: 'public',
    summary: 'This OpenAPI 3.1 document',
    tags: ['documentation'],
  }),
};
