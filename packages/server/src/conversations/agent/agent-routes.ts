import { MAX_ATTACHMENT_BYTES, routes } from '@switchboard/protocol';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Selectable } from 'kysely';
import { requireUser } from '../../http/access';
import { route } from '../../http/route';
import { scopeOf } from '../../http/staff-scope';
import type { Services } from '../../services';
import { interactionTarget } from '../../supervision/audit-log';
import type { AttachmentsTable } from '../../storage/schema';
import { inlineSafe } from './attachment-store';

/**
 * The agent's inbox and conversations, and the transcript reads supervisors and admins share. Messages and
 * closing are for whoever holds the conversation: an agent, or a supervisor or administrator after a take-over.
 */
export function registerAgentRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'agentWork' | 'attachments' | 'audit' | 'users' | 'templates'>,
): void {
  const work = services.agentWork;
  route(app, routes.inbox, (request) => work.inbox(requireUser(request).id));

  route(app, routes.setStatus, (request) => work.setStatus(requireUser(request).id, request.body));

  route(app, routes.colleagues, (request) => work.colleagues(requireUser(request).id));

  route(app, routes.take, (request) => work.take(requireUser(request).id, request.params.id));

  route(app, routes.acceptOffer, async (request, reply) => {
    await work.answerOffer(requireUser(request).id, request.params.id, true);
    return reply.status(204).send();
  });

  route(app, routes.declineOffer, async (request, reply) => {
    await work.answerOffer(requireUser(request).id, request.params.id, false);
    return reply.status(204).send();
  });

  route(app, routes.interaction, async (request) => {
    const user = requireUser(request);
    const detail = await work.detail(user, request.params.id, await scopeOf(services, request));
    // Staff opening a conversation is the audited read-only live view (an agent reads their own work).
    if (user.role !== 'agent') {
      const { id, customerName, customerNumber } = detail.interaction;
      await services.audit.viewed(
        user,
        interactionTarget({ id, customer_name: customerName ?? null, customer_number: customerNumber }),
      );
    }
    return detail;
  });

  route(app, routes.earlier, async (request) =>
    work.earlier(requireUser(request), request.params.id, await scopeOf(services, request)),
  );

  route(app, routes.interactionTemplates, async (request) => {
    const party = await work.party(requireUser(request), request.params.id, await scopeOf(services, request));
    return services.templates.forConversation(party.providerId, party.customerNumber);
  });

  route(app, routes.sendMessage, async (request, reply) =>
    reply
      .status(201)
      .send(
        await work.send(
          requireUser(request).id,
          request.params.id,
          request.body,
          requireUser(request).role === 'agent' ? 'agent' : 'supervisor',
        ),
      ),
  );

  route(app, routes.close, async (request, reply) => {
    await work.close(requireUser(request).id, request.params.id, request.body);
    return reply.status(204).send();
  });

  route(app, routes.transfer, async (request, reply) => {
    await work.transfer(requireUser(request).id, request.params.id, request.body);
    return reply.status(202).send();
  });

  route(app, routes.acceptTransfer, async (request, reply) => {
    await work.acceptTransfer(requireUser(request).id, request.params.id);
    return reply.status(204).send();
  });

  // Base64 grows a file by a third: the body limit leaves room for the largest allowed attachment.
  route(
    app,
    routes.upload,
    async (request, reply) =>
      reply.status(201).send(await services.attachments.save(request.body, requireUser(request).id)),
    { bodyLimit: Math.ceil(MAX_ATTACHMENT_BYTES * 1.4) + 4096 },
  );

  // Who may read a file: the uploader, whoever holds or held the interaction the file travelled in, staff in
  // scope, admins; anyone else gets the same 404 as for a file that does not exist.
  route(app, routes.attachment, async (request, reply) => {
    const { row, bytes } = await services.attachments.readFor(
      requireUser(request),
      request.params.id,
      await scopeOf(services, request),
    );
    return sendFile(reply, row, bytes) as typeof reply;
  });

  // The provider fetches what an agent sent without a session: the signed, expiring token is the credential.
  route(app, routes.media, async (request, reply) => {
    const link = await services.attachments.openLink(request.params.id, request.params.token);
    if (link.status === 'expired')
      return reply.status(410).send({ error: 'gone', message: 'This file link has expired' });
    if (link.status !== 'ok') return reply.status(404).send({ error: 'not_found', message: 'No such file' });
    return sendFile(reply, link.row, link.bytes) as typeof reply;
  });
}

/** Bytes with their type; a type a browser could run (HTML, SVG…) is only ever offered as a download. */
function sendFile(reply: FastifyReply, row: Selectable<AttachmentsTable>, bytes: Buffer): FastifyReply {
  const inline = inlineSafe(row.mime_type);
  return reply
    .header('content-type', inline ? row.mime_type : 'application/octet-stream')
    .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${encodeURIComponent(row.name)}"`)
    .header('x-content-type-options', 'nosniff')
    .send(bytes);
}
