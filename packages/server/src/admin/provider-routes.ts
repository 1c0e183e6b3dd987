import { randomUUID } from 'node:crypto';
import { routes } from '@switchboard/protocol';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors';
import { requireUser } from '../http/access';
import { route } from '../http/route';
import { failureSummary } from '../providers/outbound-http';
import type { Services } from '../services';

// The response schemas of the table double as a filter (http/route.ts): a provider's secrets cannot leave
// through these routes even if a service returned one by mistake.
export function registerProviderRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'providers' | 'providerAdapters' | 'templates'>,
): void {
  route(app, routes.listProviders, () => services.providers.list());

  route(app, routes.createProvider, async (request, reply) =>
    reply.status(201).send(await services.providers.create(request.body, requireUser(request))),
  );

  route(app, routes.getProvider, (request) => services.providers.get(request.params.id));

  route(app, routes.updateProvider, (request) =>
    services.providers.update(request.params.id, request.body, requireUser(request)),
  );

  route(app, routes.deleteProvider, async (request, reply) => {
    await services.providers.remove(request.params.id, requireUser(request));
    return reply.status(204).send();
  });

  route(app, routes.syncProviderTemplates, (request) => services.templates.sync(request.params.id));

  route(app, routes.providerTemplates, async (request) => {
    await services.providers.get(request.params.id);
    return services.templates.approved(request.params.id);
  });

  // One message to one number, outside any conversation (the Client API's forms). Sent at once, not through
  // the outbox: the person filling the form learns at once whether it went. Configuration is the
  // administrator's; a supervisor's role is read-only.
  route(app, routes.sendOneShot, async (request) => {
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
      // The provider's words stay out of the answer (failureSummary): only the kind of failure and its status.
      throw new DomainError(
        result.retryable ? 'provider_unavailable' : 'provider_refused',
        `The provider did not send it: ${failureSummary(result)}`,
        undefined,
        { code: result.code },
      );
    }
    await services.providers.recordOneOffSend(request.params.id, to.replace(/[ ()-]/g, ''), requireUser(request));
    const id = result.providerMessageId;
    return {
      status: 'sent' as const,
      ...(typeof id === 'string' && id.length <= 200 ? { providerMessageId: id } : {}),
    };
  });
}

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
