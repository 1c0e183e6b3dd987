import { Type, type Static } from '@sinclair/typebox';
import { ErrorBody, IdParams } from '../common';
import { InteractionListPage, InteractionListQuery, InteractionTranscript } from '../read-api';
import { defineRoute, Raw } from './define';

const readers = { access: ['administrator'], scopes: ['interactions:read'] } as const;

export const ProviderWebhookParams = Type.Object({ providerId: Type.String() });

/** An event of a webhook batch that could not be read; the others are kept. */
export const RejectedWebhookEvent = Type.Object({
  index: Type.Integer({ description: 'position of the event in the body' }),
  field: Type.String({ description: 'path of the field at fault, e.g. events[2].timestamp' }),
  reason: Type.String(),
});

/** A webhook call's answer, once its events are durably stored. */
export const WebhookAck = Type.Object({
  ok: Type.Literal(true),
  accepted: Type.Integer(),
  rejected: Type.Array(RejectedWebhookEvent),
  created: Type.Integer(),
  duplicates: Type.Integer(),
  unknown: Type.Integer(),
  stored: Type.Integer(),
  closed: Type.Integer({
    description: 'customers leaving recorded; the router closes those conversations right after this answer',
  }),
  statuses: Type.Integer(),
});
export type WebhookAck = Static<typeof WebhookAck>;

/** The read API for integrations (versioned: its answers keep their shape), and the providers' webhooks. */
export const integrationRoutes = {
  readInteractions: defineRoute({
    method: 'GET',
    path: '/api/v1/interactions',
    query: InteractionListQuery,
    responses: { 200: InteractionListPage, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    ...readers,
    summary: 'Interactions by date, campaign, agent, number and status, oldest first, paged by cursor',
    tags: ['read API'],
  }),
  readTranscript: defineRoute({
    method: 'GET',
    path: '/api/v1/interactions/:id/transcript',
    params: IdParams,
    responses: { 200: InteractionTranscript, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    ...readers,
    summary: "An interaction's messages and routing timeline, in order",
    tags: ['read API'],
  }),

  heyNowWebhook: defineRoute({
    method: 'POST',
    path: '/webhooks/heynow/:providerId',
    params: ProviderWebhookParams,
    rawBody: true,
    responses: { 200: WebhookAck, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    access: 'public',
    summary: 'HeyNow events, authenticated by the provider’s secret over the raw body',
    tags: ['webhooks'],
  }),
  whatsAppWebhook: defineRoute({
    method: 'POST',
    path: '/webhooks/whatsapp-cloud/:providerId',
    params: ProviderWebhookParams,
    rawBody: true,
    responses: { 200: WebhookAck, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    access: 'public',
    summary: 'WhatsApp Cloud events, authenticated by the app secret’s signature over the raw body',
    tags: ['webhooks'],
  }),
  whatsAppSubscription: defineRoute({
    method: 'GET',
    path: '/webhooks/whatsapp-cloud/:providerId',
    params: ProviderWebhookParams,
    responses: {
      200: Raw('text/plain', 'The hub.challenge, echoed when hub.verify_token matches'),
      403: ErrorBody,
      404: ErrorBody,
    },
    access: 'public',
    summary: 'Meta’s subscription handshake (query hub.mode, hub.verify_token, hub.challenge)',
    tags: ['webhooks'],
  }),
};
