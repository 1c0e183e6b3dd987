import type { FastifyPluginAsync } from 'fastify';
import { routes, type ProviderKind } from '@switchboard/protocol';
import { route, type TypedReply, type TypedRequest } from '../../http/route';
import { verifySubscription } from '../../providers';
import type { ProviderAdapter } from '../../providers';
import type { Metrics, WebhookResult } from '../../metrics/metrics';
import type { ProviderRegistry } from '../provider-registry';
import type { WebhookIngest } from './webhook-ingest';

export interface WebhookRouteDeps {
  registry: Pick<ProviderRegistry, 'get'>;
  ingest: Pick<WebhookIngest, 'ingest'>;
  /** WhatsApp Cloud subscription check token per provider (none: the check answers 403). */
  verifyTokenFor?: (providerId: string) => Promise<string | undefined>;
  /** Largest webhook body accepted (413 above). Default 5 MiB: HeyNow may inline attachments as base64. */
  bodyLimit?: number;
  /** Webhook events by result and ingest latency (counted inline: a few additions per request). */
  metrics?: Pick<Metrics, 'webhookEvents' | 'ingestSeconds'>;
}

/** Both webhook routes take the same request and give the same answers. */
type Webhook = typeof routes.heyNowWebhook;

/**
 * Provider webhooks (docs/heynow-contract.md). Public routes: they authenticate themselves with the provider's
 * secret on the RAW body, so this plugin keeps bodies as bytes (its own content-type parser, scoped to this plugin).
 * 404 unknown provider · 401 failed authenticity · 400 malformed (naming the field) · 413 too large ·
 * 200 only after the events are durably stored, listing the events of a batch that were rejected.
 */
export const webhookRoutes: FastifyPluginAsync<WebhookRouteDeps> = async (app, deps) => {
  const bodyLimit = deps.bodyLimit ?? 5 * 1024 * 1024;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));

  async function adapterOf(kind: ProviderKind, providerId: string): Promise<ProviderAdapter | undefined> {
    const adapter = await deps.registry.get(providerId);
    return adapter && adapter.kind === kind && adapter.capabilities.inbound ? adapter : undefined;
  }

  const count = (kind: ProviderKind, result: WebhookResult, n = 1) => {
    if (n > 0) deps.metrics?.webhookEvents.inc({ provider_kind: kind, result }, n);
  };

  async function receive(kind: ProviderKind, request: TypedRequest<Webhook>, reply: TypedReply<Webhook>) {
    const receivedAt = Date.now();
    const started = performance.now();
    const { providerId } = request.params;
    const adapter = await adapterOf(kind, providerId);
    if (!adapter) return reply.status(404).send({ error: 'not_found', message: `No ${kind} provider ${providerId}` });
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const verified = adapter.verify({
      headers: request.headers,
      rawBody,
      query: request.query as Record<string, string | undefined>,
    });
    if (!verified.ok) {
      count(kind, 'unauthorized');
      return reply.status(401).send({ error: 'bad_signature', message: verified.reason });
    }
    const parsed = adapter.parse(rawBody, request.headers['content-type']);
    if (!parsed.ok) {
      count(kind, 'bad_request');
      return reply.status(400).send({
        error: 'validation_failed',
        message: parsed.reason,
        ...(parsed.field !== undefined ? { field: parsed.field } : {}),
      });
    }
    const rejected = parsed.rejected ?? [];
    if (rejected.length > 0) request.log.warn({ providerId, rejected }, 'webhook events rejected');
    // Acknowledged only once on disk: a crash before this line makes the provider deliver again. The
    // rejected events are answered, not stored: delivering them again cannot make them readable.
    const summary =
      parsed.events.length > 0
        ? await deps.ingest.ingest(providerId, parsed.events, receivedAt)
        : { created: 0, duplicates: 0, unknown: 0, stored: 0, closed: 0, statuses: 0 };
    count(kind, 'rejected', rejected.length);
    count(kind, 'duplicate', summary.duplicates);
    count(kind, 'accepted', parsed.events.length - summary.duplicates);
    deps.metrics?.ingestSeconds.observe({ provider_kind: kind }, (performance.now() - started) / 1000);
    return reply.status(200).send({ ok: true, accepted: parsed.events.length, rejected, ...summary });
  }

  // Request lines are at debug (logging/request-log.ts), so a busy gateway costs no log line at info.
  // Security headers protect pages in a browser; a provider's webhook call gets none (4% of busy time at load).
  const quiet = { bodyLimit, helmet: false as const };

  route(app, routes.heyNowWebhook, (request, reply) => receive('heynow-direct', request, reply), quiet);
  route(app, routes.whatsAppWebhook, (request, reply) => receive('whatsapp-cloud', request, reply), quiet);

  // Meta's subscription handshake: echo the challenge when the verify token matches.
  route(
    app,
    routes.whatsAppSubscription,
    async (request, reply) => {
      const { providerId } = request.params;
      if (!(await adapterOf('whatsapp-cloud', providerId)))
        return reply.status(404).send({ error: 'not_found', message: `No whatsapp-cloud provider ${providerId}` });
      const query = request.query as Record<string, string | string[] | undefined>;
      const result = verifySubscription(query, (await deps.verifyTokenFor?.(providerId)) ?? '');
      if (!result.ok) return reply.status(403).send({ error: 'forbidden', message: result.reason });
      return reply.type('text/plain').status(200).send(result.challenge);
    },
    quiet,
  );
};
