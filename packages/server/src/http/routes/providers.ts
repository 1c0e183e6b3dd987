import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParams, OneShotResult, OneShotSend, Provider, ProviderCreate, ProviderUpdate } from '@switchboard/protocol';
import { DomainError } from '../../errors';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { RouteDeps } from './deps';

// The response schemas double as a filter: fastify serialises only the declared fields, so a secret could not
// leave through these routes even if a service returned one by mistake.
export const providerRoutes: FastifyPluginAsync<RouteDeps> = async (root, { services }) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const read = { access: ['administrator', 'supervisor'] as const };
  const write = { access: ['administrator'] as const };

  app.get('/api/providers', { config: read, schema: { response: { 200: Type.Array(Provider) } } }, () =>
    services.providers.list(),
  );

  app.post(
    '/api/providers',
    { config: write, schema: { body: ProviderCreate, response: { 201: Provider } } },
    async (request, reply) => reply.status(201).send(await services.providers.create(request.body)),
  );

  app.get(
    '/api/providers/:id',
    { config: read, schema: { params: IdParams, response: { 200: Provider } } },
    (request) => services.providers.get(request.params.id),
  );

  app.patch(
    '/api/providers/:id',
    { config: write, schema: { params: IdParams, body: ProviderUpdate, response: { 200: Provider } } },
    (request) => services.providers.update(request.params.id, request.body),
  );

  app.delete('/api/providers/:id', { config: write, schema: { params: IdParams } }, async (request, reply) => {
    await services.providers.remove(request.params.id);
    return reply.status(204).send();
  });

  // One message to one number, outside any conversation (the Client API's forms). Sent at once, not through
  // the outbox: the person filling the form sees the provider's answer.
  app.post(
    '/api/providers/:id/send',
    {
      config: { access: ['administrator', 'supervisor'] },
      schema: { params: IdParams, body: OneShotSend, response: { 200: OneShotResult } },
    },
    async (request) => {
      const { text, template, to } = request.body;
      if (!!text === !!template)
        throw new DomainError('validation_failed', 'text: give either a text or a template', 'text');
      const adapter = await services.providerAdapters.get(request.params.id);
      if (!adapter) throw new DomainError('not_found', `Provider ${request.params.id} does not exist`);
      const result = await adapter.send({
        kind: 'message',
        idempotencyKey: oneShotKey(request.headers['idempotency-key']),
        to: to.replace(/[ ()-]/g, ''),
        content: text
          ? { type: 'text', text }
          : { type: 'template', name: template!.name, language: template!.language, params: template!.params ?? [] },
      });
      if (!result.ok) {
        throw new DomainError(
          result.retryable ? 'provider_unavailable' : 'provider_refused',
          `The provider did not send it: ${result.message}`,
          undefined,
          { code: result.code },
        );
      }
      return { providerMessageId: result.providerMessageId ?? null };
    },
  );
};

/**
 * The key of a one-off send: the caller's own `Idempotency-Key` when given (a form submitted twice then sends
 * once), a fresh one otherwise (the adapter's own retry after a token renewal reuses it).
 */
function oneShotKey(header: string | string[] | undefined): string {
  if (header === undefined) return `one-shot-${randomUUID()}`;
  if (typeof header !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(header)) {
    throw new DomainError(
      'validation_failed',
      'Idempotency-Key: give one key of 1–200 visible ASCII characters',
      'Idempotency-Key',
    );
  }
  return `one-shot-${header}`;
}
