import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  AgentPresence,
  AgentStatusBody,
  Attachment,
  CloseBody,
  ConversationMessage,
  EarlierConversation,
  IdParams,
  Inbox,
  InteractionDetail,
  InteractionSummary,
  SendMessageBody,
  TransferBody,
  UploadBody,
  MAX_ATTACHMENT_BYTES,
} from '@switchboard/protocol';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Selectable } from 'kysely';
import { requireUser } from '../../http/access';
import { scopeOf } from '../../http/staff-scope';
import type { RouteDeps } from '../../http/routes/deps';
import { interactionTarget } from '../../supervision/audit-log';
import type { AttachmentsTable } from '../../storage/schema';
import { inlineSafe } from './attachment-store';

const agentOnly = { access: ['agent'] as const };
const readers = { access: ['administrator', 'supervisor', 'agent'] as const };
/** Whoever holds the conversation: an agent, or a supervisor or administrator after a take-over (D7). */
const holders = readers;

/** The agent's inbox and conversations (D6), and the transcript reads supervisors and admins share. */
export const agentRoutes: FastifyPluginAsync<RouteDeps> = async (root, { services }) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const work = services.agentWork;
  app.get('/api/agent/inbox', { config: agentOnly, schema: { response: { 200: Inbox } } }, (request) =>
    work.inbox(requireUser(request).id),
  );

  app.post(
    '/api/agent/status',
    { config: agentOnly, schema: { body: AgentStatusBody, response: { 200: AgentPresence } } },
    (request) => work.setStatus(requireUser(request).id, request.body),
  );

  app.get(
    '/api/agent/colleagues',
    {
      config: agentOnly,
      schema: {
        response: {
          200: Type.Array(Type.Object({ id: Type.String(), displayName: Type.String(), status: Type.String() })),
        },
      },
    },
    (request) => work.colleagues(requireUser(request).id),
  );

  app.post(
    '/api/interactions/:id/take',
    { config: agentOnly, schema: { params: IdParams, response: { 200: InteractionSummary } } },
    (request) => work.take(requireUser(request).id, request.params.id),
  );

  app.post(
    '/api/interactions/:id/accept',
    { config: agentOnly, schema: { params: IdParams } },
    async (request, reply) => {
      await work.answerOffer(requireUser(request).id, request.params.id, true);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/interactions/:id/decline',
    { config: agentOnly, schema: { params: IdParams } },
    async (request, reply) => {
      await work.answerOffer(requireUser(request).id, request.params.id, false);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/interactions/:id',
    { config: readers, schema: { params: IdParams, response: { 200: InteractionDetail } } },
    async (request) => {
      const user = requireUser(request);
      const detail = await work.detail(user, request.params.id, await scopeOf(services, request));
      // D7: staff opening a conversation is the audited read-only live view (an agent reads their own work).
      if (user.role !== 'agent') {
        const { id, customerName, customerNumber } = detail.interaction;
        await services.audit.viewed(
          user,
          interactionTarget({ id, customer_name: customerName ?? null, customer_number: customerNumber }),
        );
      }
      return detail;
    },
  );

  app.get(
    '/api/interactions/:id/earlier',
    { config: readers, schema: { params: IdParams, response: { 200: Type.Array(EarlierConversation) } } },
    async (request) => work.earlier(requireUser(request), request.params.id, await scopeOf(services, request)),
  );

  app.post(
    '/api/interactions/:id/messages',
    { config: holders, schema: { params: IdParams, body: SendMessageBody, response: { 201: ConversationMessage } } },
    async (request, reply) =>
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

  app.post(
    '/api/interactions/:id/close',
    { config: holders, schema: { params: IdParams, body: CloseBody } },
    async (request, reply) => {
      await work.close(requireUser(request).id, request.params.id, request.body);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/interactions/:id/transfer',
    { config: agentOnly, schema: { params: IdParams, body: TransferBody } },
    async (request, reply) => {
      await work.transfer(requireUser(request).id, request.params.id, request.body);
      return reply.status(202).send();
    },
  );

  app.post(
    '/api/interactions/:id/transfer/accept',
    { config: agentOnly, schema: { params: IdParams } },
    async (request, reply) => {
      await work.acceptTransfer(requireUser(request).id, request.params.id);
      return reply.status(204).send();
    },
  );

  // Base64 grows a file by a third: the body limit leaves room for the largest allowed attachment.
  app.post(
    '/api/attachments',
    {
      config: agentOnly,
      bodyLimit: Math.ceil(MAX_ATTACHMENT_BYTES * 1.4) + 4096,
      schema: { body: UploadBody, response: { 201: Attachment } },
    },
    async (request, reply) =>
      reply.status(201).send(await services.attachments.save(request.body, requireUser(request).id)),
  );

  // D8: the uploader, whoever holds or held the interaction the file travelled in, staff in scope, admins;
  // anyone else gets the same 404 as for a file that does not exist.
  app.get(
    '/api/attachments/:id',
    { config: { access: 'authenticated' }, schema: { params: IdParams } },
    async (request, reply) => {
      const { row, bytes } = await services.attachments.readFor(
        requireUser(request),
        request.params.id,
        await scopeOf(services, request),
      );
      return sendFile(reply, row, bytes);
    },
  );

  // The provider fetches what an agent sent without a session: the signed, expiring token is the credential.
  app.get(
    '/media/:id/:token',
    {
      config: { access: 'public' },
      schema: { params: Type.Object({ id: Type.String({ maxLength: 64 }), token: Type.String({ maxLength: 64 }) }) },
    },
    async (request, reply) => {
      const link = await services.attachments.openLink(request.params.id, request.params.token);
      if (link.status === 'expired')
        return reply.status(410).send({ error: 'gone', message: 'This file link has expired' });
      if (link.status !== 'ok') return reply.status(404).send({ error: 'not_found', message: 'No such file' });
      return sendFile(reply, link.row, link.bytes);
    },
  );
};

/** Bytes with their type; a type a browser could run (HTML, SVG…) is only ever offered as a download. */
function sendFile(reply: FastifyReply, row: Selectable<AttachmentsTable>, bytes: Buffer): FastifyReply {
  const inline = inlineSafe(row.mime_type);
  return reply
    .header('content-type', inline ? row.mime_type : 'application/octet-stream')
    .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${encodeURIComponent(row.name)}"`)
    .header('x-content-type-options', 'nosniff')
    .send(bytes);
}
