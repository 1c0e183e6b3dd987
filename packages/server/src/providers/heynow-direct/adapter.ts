import type { OutboundCommand, OutboundContent, OutboundResult } from '@switchboard/protocol';
import { matchesSecret, secretDigest } from '../../security/secret-compare';
import { header, verifySha256Signature } from '../authenticity';
import { callJson, failure, joinUrl } from '../outbound-http';
import type { ProviderAdapter, ProviderConfig, ProviderDeps, VerifyResult, WebhookRequest } from '../provider-adapter';
import { secretsOf } from '../provider-adapter';
import { parseHeyNowDirect } from './parse';
import {
  PARTNER_TOKEN_HEADER,
  SIGNATURE_HEADER,
  sendResponse,
  type HeyNowAttendedBody,
  type HeyNowEndBody,
  type HeyNowOutboundMessage,
} from './wire';

const DEFAULT_TIMEOUT_MS = 10_000;

export function outboundMessageBody(platformId: string, content: OutboundContent): HeyNowOutboundMessage {
  switch (content.type) {
    // HeyNow has no lists: a choice goes as its text, which names the options; the answer comes back as text.
    case 'text':
    case 'choice':
      return { platformId, type: 'text', text: content.text };
    case 'media': {
      const media: { url: string; mimeType: string; name?: string; caption?: string } = {
        url: content.url,
        mimeType: content.mimeType,
      };
      if (content.name) media.name = content.name;
      if (content.caption) media.caption = content.caption;
      return { platformId, type: 'media', media };
    }
    case 'template':
      return {
        platformId,
        type: 'template',
        template: { name: content.name, language: content.language, params: content.params },
      };
  }
}

/**
 * HeyNow Direct API (docs/heynow-contract.md): conversations handed off by the HeyNow bot. Inbound authenticity is the
 * partner token in `X-HeyNow-Partner-Token` or `X-HeyNow-Signature: sha256=<HMAC of the raw body>`; outbound calls
 * carry `Authorization: Bearer <partner token>` to `{domain}/conversations/{id}/…`.
 */
export function createHeyNowDirectAdapter(config: ProviderConfig, deps: ProviderDeps): ProviderAdapter {
  if (!config.domain) throw new Error(`provider ${config.id}: heynow-direct needs a domain`);
  const domain = config.domain;
  const secrets = secretsOf(config);
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // The adapter lives as long as the provider's settings (the registry caches it), so once per edit.
  const partnerTokenDigest = secretDigest(config.secret);

  function verify(req: WebhookRequest): VerifyResult {
    const signature = header(req.headers, SIGNATURE_HEADER);
    if (signature !== undefined) {
      return verifySha256Signature(signature, req.rawBody, config.secret)
        ? { ok: true }
        : { ok: false, reason: `${SIGNATURE_HEADER} does not match the body` };
    }
    const token = header(req.headers, PARTNER_TOKEN_HEADER);
    if (token !== undefined) {
      return matchesSecret(token, partnerTokenDigest)
        ? { ok: true }
        : { ok: false, reason: `${PARTNER_TOKEN_HEADER} is wrong` };
    }
    return { ok: false, reason: `missing ${SIGNATURE_HEADER} or ${PARTNER_TOKEN_HEADER}` };
  }

  async function post(path: string, body: unknown, label: string, extraHeaders: Record<string, string> = {}) {
    return callJson({
      fetch: deps.fetch,
      url: joinUrl(domain, path),
      headers: { authorization: `Bearer ${config.secret}`, ...extraHeaders },
      body,
      timeoutMs,
      secrets,
      label,
    });
  }

  async function send(command: OutboundCommand): Promise<OutboundResult> {
    const conversation = command.externalConversationId;
    if (!conversation) return failure('invalid_command', 'heynow-direct sends need externalConversationId', secrets);
    const base = `conversations/${encodeURIComponent(conversation)}`;
    // Every call, not only messages: a repeated attended or end after a crash must not act twice either.
    const headers: Record<string, string> = command.idempotencyKey ? { 'idempotency-key': command.idempotencyKey } : {};
    switch (command.kind) {
      case 'attended': {
        const r = await post(
          `${base}/attended`,
          { platformId: config.platformId, agent: { name: command.agentName } } satisfies HeyNowAttendedBody,
          'HeyNow attended',
          headers,
        );
        return r.ok ? { ok: true } : r.failure;
      }
      case 'message': {
        const r = await post(
          `${base}/messages`,
          outboundMessageBody(config.platformId, command.content),
          'HeyNow message',
          headers,
        );
        if (!r.ok) return r.failure;
        return sendResponse.is(r.json) ? { ok: true, providerMessageId: String(r.json.messageId) } : { ok: true };
      }
      case 'endConversation': {
        const r = await post(
          `${base}/end`,
          {
            platformId: config.platformId,
            ...(command.reason ? { reason: command.reason } : {}),
          } satisfies HeyNowEndBody,
          'HeyNow end',
          headers,
        );
        // A 409 means HeyNow already ended it: a retry after a lost answer must not fail the hand-back.
        if (!r.ok && r.status === 409) return { ok: true };
        return r.ok ? { ok: true } : r.failure;
      }
    }
  }

  return {
    kind: 'heynow-direct',
    providerId: config.id,
    capabilities: { inbound: true, conversations: true },
    verify,
    parse: (rawBody) => parseHeyNowDirect(rawBody, config.platformId, deps.now()),
    send,
  };
}
