import type { OutboundCommand, OutboundContent, OutboundResult } from '@switchboard/protocol';
import { header, verifySha256Signature } from '../authenticity';
import { callJson, failure, joinUrl, redact, type OutboundFailure } from '../outbound-http';
import type { ProviderAdapter, ProviderConfig, ProviderDeps, VerifyResult, WebhookRequest } from '../provider-adapter';
import { secretsOf } from '../provider-adapter';
import { knownGraphError, unknownGraphErrorReason } from './error-codes';
import { fetchGraphMedia } from './media-download';
import { parseWhatsAppCloud } from './parse';
import { listGraphTemplates } from './templates';
import { responses, type GraphMessageBody } from './wire';

export const DEFAULT_GRAPH_BASE = 'https://graph.facebook.com/v21.0';
export const SIGNATURE_HEADER = 'x-hub-signature-256';
const DEFAULT_TIMEOUT_MS = 10_000;
/** Meta's default Cloud API throughput per business phone number (to be checked against Meta's docs). */
export const DEFAULT_MESSAGES_PER_SECOND = 80;

export function graphMessageBody(to: string, content: OutboundContent): GraphMessageBody {
  const base = { messaging_product: 'whatsapp' as const, recipient_type: 'individual' as const, to };
  switch (content.type) {
    case 'text':
      return { ...base, type: 'text', text: { body: content.text, preview_url: false } };
    case 'choice':
      return {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: content.text },
          action: {
            button: content.button,
            sections: [
              {
                rows: content.options.map((o) => ({
                  id: o.id,
                  title: o.title,
                  ...(o.description ? { description: o.description } : {}),
                })),
              },
            ],
          },
        },
      };
    case 'template':
      return {
        ...base,
        type: 'template',
        template: {
          name: content.name,
          language: { code: content.language },
          ...(content.params.length > 0
            ? { components: [{ type: 'body', parameters: content.params.map((text) => ({ type: 'text', text })) }] }
            : {}),
        },
      };
    case 'media': {
      const kind = content.mimeType.startsWith('image/')
        ? 'image'
        : content.mimeType.startsWith('video/')
          ? 'video'
          : content.mimeType.startsWith('audio/')
            ? 'audio'
            : 'document';
      const media: { link: string; caption?: string; filename?: string } = { link: content.url };
      // WhatsApp refuses captions on audio and filenames outside documents.
      if (content.caption && kind !== 'audio') media.caption = content.caption;
      if (content.name && kind === 'document') media.filename = content.name;
      return { ...base, type: kind, [kind]: media } as GraphMessageBody;
    }
  }
}

/**
 * A failed send refined by Meta's error code (the HTTP status is often just 400): known codes get their
 * outcome and the agent's sentence (error-codes.ts); an unknown code keeps the HTTP classification and is
 * told as its code and Meta's title.
 */
function refine(f: OutboundFailure, json: unknown, secrets: string[]): OutboundFailure {
  if (!responses.error.is(json)) return f;
  const { error } = json;
  const code = error.code;
  const extra = {
    ...(f.httpStatus !== undefined ? { httpStatus: f.httpStatus } : {}),
    ...(f.retryAfterMs !== undefined ? { retryAfterMs: f.retryAfterMs } : {}),
  };
  const known = knownGraphError(code);
  if (known)
    return { ...failure(known.code, f.message, secrets, extra), retryable: known.retryable, reason: known.reason };
  const title = error.error_user_title ?? error.message ?? undefined;
  return { ...f, reason: redact(unknownGraphErrorReason(code, title), secrets) };
}

/**
 * Meta's WhatsApp Cloud API (the third provider kind). `platformId` is the phone number id; `secret` the app secret
 * (X-Hub-Signature-256); `accessToken` the Graph bearer token. There is no bot to hand back to, so
 * `attended` and `endConversation` succeed without a call.
 */
export function createWhatsAppCloudAdapter(config: ProviderConfig, deps: ProviderDeps): ProviderAdapter {
  const graphBase = config.domain ?? DEFAULT_GRAPH_BASE;
  const secrets = secretsOf(config);
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  function verify(req: WebhookRequest): VerifyResult {
    const signature = header(req.headers, SIGNATURE_HEADER);
    if (signature === undefined) return { ok: false, reason: `missing ${SIGNATURE_HEADER}` };
    return verifySha256Signature(signature, req.rawBody, config.secret)
      ? { ok: true }
      : { ok: false, reason: `${SIGNATURE_HEADER} does not match the body` };
  }

  async function send(command: OutboundCommand): Promise<OutboundResult> {
    if (command.kind !== 'message') return { ok: true };
    const to = command.to ?? command.externalConversationId;
    if (!to)
      return failure(
        'invalid_command',
        'whatsapp-cloud sends need `to` or externalConversationId (the wa_id)',
        secrets,
      );
    if (!config.accessToken) return failure('unauthorized', `provider ${config.id} has no Graph access token`, secrets);
    const r = await callJson({
      fetch: deps.fetch,
      url: joinUrl(graphBase, `${encodeURIComponent(config.platformId)}/messages`),
      // Meta documents no idempotency; the header is harmless there and lets a gateway in between dedupe.
      headers: {
        authorization: `Bearer ${config.accessToken}`,
        ...(command.idempotencyKey ? { 'idempotency-key': command.idempotencyKey } : {}),
      },
      body: graphMessageBody(to, command.content),
      timeoutMs,
      secrets,
      label: 'WhatsApp Cloud send',
    });
    if (!r.ok) return refine(r.failure, r.json, secrets);
    return responses.send.is(r.json) ? { ok: true, providerMessageId: r.json.messages[0]!.id } : { ok: true };
  }

  return {
    kind: 'whatsapp-cloud',
    providerId: config.id,
    capabilities: { inbound: true, conversations: false },
    sendBudget: {
      key: `whatsapp-cloud:${config.platformId}`,
      perSecond: config.messagesPerSecond ?? DEFAULT_MESSAGES_PER_SECOND,
    },
    verify,
    parse: (rawBody) =>
      parseWhatsAppCloud(rawBody, {
        phoneNumberId: config.platformId,
        defaultSkill: config.defaultSkill ?? 'default',
        now: deps.now(),
      }),
    send,
    fetchMedia: (mediaId, maxBytes) =>
      fetchGraphMedia(
        { fetch: deps.fetch, graphBase, accessToken: config.accessToken, timeoutMs, secrets },
        mediaId,
        maxBytes,
      ),
    ...(config.wabaId
      ? {
          listTemplates: () =>
            listGraphTemplates(
              { fetch: deps.fetch, graphBase, accessToken: config.accessToken, timeoutMs, secrets },
              config.wabaId!,
            ),
        }
      : {}),
  };
}
