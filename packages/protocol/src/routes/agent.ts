import { Type, type Static } from '@sinclair/typebox';
import { ErrorBody, IdParams } from '../common';
import {
  AgentPresence,
  AgentStatusBody,
  Attachment,
  CloseBody,
  ConversationMessage,
  EarlierConversation,
  Inbox,
  InteractionDetail,
  InteractionSummary,
  SendMessageBody,
  TransferBody,
  UploadBody,
} from '../inbox';
import { PhoneBody, UsernameParams } from '../service-tokens';
import { InteractionTemplates } from '../templates';
import { defineRoute, NoContent, Raw } from './define';

const agentOnly = ['agent'] as const;
/** Staff read transcripts too; whoever holds a conversation (an agent, or staff after a take-over) writes in it. */
const readers = ['administrator', 'supervisor', 'agent'] as const;

/** Another agent of one of my campaigns, as the transfer dialog lists them. */
export const Colleague = Type.Object({ id: Type.String(), displayName: Type.String(), status: Type.String() });
export type Colleague = Static<typeof Colleague>;

/** A file link handed to the provider: the signed, expiring token is the credential. */
export const MediaParams = Type.Object({ id: Type.String({ maxLength: 64 }), token: Type.String({ maxLength: 64 }) });

/** The agent's inbox and conversations, attachments, and phone presence. */
export const agentRoutes = {
  inbox: defineRoute({
    method: 'GET',
    path: '/api/agent/inbox',
    responses: { 200: Inbox },
    access: agentOnly,
    tags: ['agent'],
  }),
  setStatus: defineRoute({
    method: 'POST',
    path: '/api/agent/status',
    body: AgentStatusBody,
    responses: { 200: AgentPresence },
    access: agentOnly,
    tags: ['agent'],
  }),
  colleagues: defineRoute({
    method: 'GET',
    path: '/api/agent/colleagues',
    responses: { 200: Type.Array(Colleague) },
    access: agentOnly,
    tags: ['agent'],
  }),
  take: defineRoute({
    method: 'POST',
    path: '/api/interactions/:id/take',
    params: IdParams,
    responses: { 200: InteractionSummary },
    access: agentOnly,
    tags: ['agent'],
  }),
  acceptOffer: defineRoute({
    method: 'POST',
    path: '/api/interactions/:id/accept',
    params: IdParams,
    responses: { 204: NoContent() },
    access: agentOnly,
    tags: ['agent'],
  }),
  declineOffer: defineRoute({
    method: 'POST',
    path: '/api/interactions/:id/decline',
    params: IdParams,
    responses: { 204: NoContent() },
    access: agentOnly,
    tags: ['agent'],
  }),
  interaction: defineRoute({
    method: 'GET',
    path: '/api/interactions/:id',
    params: IdParams,
    responses: { 200: InteractionDetail },
    access: readers,
    summary: 'A conversation with its messages and timeline (staff opening it is audited)',
    tags: ['agent'],
  }),
  earlier: defineRoute({
    method: 'GET',
    path: '/api/interactions/:id/earlier',
    params: IdParams,
    responses: { 200: Type.Array(EarlierConversation) },
    access: readers,
    tags: ['agent'],
  }),
  interactionTemplates: defineRoute({
    method: 'GET',
    path: '/api/interactions/:id/templates',
    params: IdParams,
    responses: { 200: InteractionTemplates },
    access: readers,
    summary: "The approved WhatsApp templates the conversation's provider can send, customer's language first",
    tags: ['agent'],
  }),
  sendMessage: defineRoute({
    method: 'POST',
    path: '/api/interactions/:id/messages',
    params: IdParams,
    body: SendMessageBody,
    responses: { 201: ConversationMessage },
    access: readers,
    tags: ['agent'],
  }),
  close: defineRoute({
    method: 'POST',
    path: '/api/interactions/:id/close',
    params: IdParams,
    body: CloseBody,
    responses: { 204: NoContent() },
    access: readers,
    tags: ['agent'],
  }),
  transfer: defineRoute({
    method: 'POST',
    path: '/api/interactions/:id/transfer',
    params: IdParams,
    body: TransferBody,
    responses: { 202: NoContent('The transfer is offered; its outcome arrives on the live channel') },
    access: agentOnly,
    tags: ['agent'],
  }),
  acceptTransfer: defineRoute({
    method: 'POST',
    path: '/api/interactions/:id/transfer/accept',
    params: IdParams,
    responses: { 204: NoContent() },
    access: agentOnly,
    tags: ['agent'],
  }),
  upload: defineRoute({
    method: 'POST',
    path: '/api/attachments',
    body: UploadBody,
    responses: { 201: Attachment },
    // Staff write in a conversation they took over, with the same composer; sending still checks the holder.
    access: readers,
    summary: 'Upload a file (base64) to send in a conversation',
    tags: ['agent'],
  }),
  attachment: defineRoute({
    method: 'GET',
    path: '/api/attachments/:id',
    params: IdParams,
    responses: { 200: Raw('application/octet-stream', 'The file, with its own content type when it is safe inline') },
    access: 'authenticated',
    tags: ['agent'],
  }),
  media: defineRoute({
    method: 'GET',
    path: '/media/:id/:token',
    params: MediaParams,
    responses: {
      200: Raw('application/octet-stream', 'The file an agent sent, fetched by the provider'),
      404: ErrorBody,
      410: ErrorBody,
    },
    access: 'public',
    tags: ['agent'],
  }),

  agentPhone: defineRoute({
    method: 'PUT',
    path: '/api/agents/:id/phone',
    params: IdParams,
    body: PhoneBody,
    responses: { 200: AgentPresence },
    access: ['administrator'],
    scopes: ['presence:write'],
    summary: 'A telephony integration says whether an agent is on a call',
    tags: ['phone'],
  }),
  agentPhoneByUsername: defineRoute({
    method: 'PUT',
    path: '/api/agents/by-username/:username/phone',
    params: UsernameParams,
    body: PhoneBody,
    responses: { 200: AgentPresence },
    access: ['administrator'],
    scopes: ['presence:write'],
    summary: 'The same, by the agent’s login',
    tags: ['phone'],
  }),
  myPhone: defineRoute({
    method: 'PUT',
    path: '/api/agent/phone',
    body: PhoneBody,
    responses: { 200: AgentPresence },
    access: agentOnly,
    tags: ['phone'],
  }),
};
