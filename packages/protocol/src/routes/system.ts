import { Type } from '@sinclair/typebox';
import { ErrorBody } from '../common';
import { defineRoute, NoContent, Raw } from './define';

/** Health, metrics, the live channel and this API's own description. */
export const systemRoutes = {
  health: defineRoute({
    method: 'GET',
    path: '/healthz',
    responses: { 200: Type.Object({ ok: Type.Literal(true) }) },
    access: 'public',
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
