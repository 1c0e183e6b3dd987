import type { OutboundCommand, OutboundResult } from '@switchboard/protocol';
import { callJson, failure, joinUrl, type OutboundFailure } from '../outbound-http';
import type { ProviderAdapter, ProviderConfig, ProviderDeps } from '../provider-adapter';
import { secretsOf } from '../provider-adapter';
import { responses, type ClientLoginBody, type ClientSendBody } from './wire';

export const DEFAULT_CLIENT_DOMAIN = 'https://api.heynowbots.com';
/** Public callers treat the login token as valid about a day (docs/heynow-contract.md, section 3). */
export const DEFAULT_TOKEN_TTL_MS = 24 * 3600_000;
/** Renew a little before expiry so a token does not die in flight. */
const EXPIRY_MARGIN_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 10_000;
const NO_INBOUND = 'heynow-client is send-only: the Client API has no webhook';

interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * HeyNow Client API (docs/heynow-contract.md): one-shot sends. `POST {domain}/api/login {name, password}` → `{success,
 * token, expiresIn?}`; the bearer token is cached until expiry (24 h when not given), and a 401 on a send triggers
 * exactly one fresh login and one retry.
 */
export function createHeyNowClientAdapter(config: ProviderConfig, deps: ProviderDeps): ProviderAdapter {
  if (!config.username) throw new Error(`provider ${config.id}: heynow-client needs a username`);
  const username = config.username;
  const domain = config.domain ?? DEFAULT_CLIENT_DOMAIN;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let cached: CachedToken | undefined;
  let loggingIn: Promise<CachedToken | OutboundFailure> | undefined;
  const secrets = (): string[] => [...secretsOf(config), ...(cached ? [cached.token] : [])];

  async function login(): Promise<CachedToken | OutboundFailure> {
    const r = await callJson({
      fetch: deps.fetch,
      url: joinUrl(domain, 'api/login'),
      headers: {},
      body: { name: username, password: config.secret } satisfies ClientLoginBody,
      timeoutMs,
      secrets: secrets(),
      label: 'HeyNow login',
    });
    if (!r.ok) return r.failure;
    const body = r.json;
    if (!responses.login.is(body)) {
      return failure('unauthorized', `HeyNow login refused for user ${username}`, secrets(), { httpStatus: r.status });
    }
    const ttl = typeof body.expiresIn === 'number' && body.expiresIn > 0 ? body.expiresIn * 1000 : DEFAULT_TOKEN_TTL_MS;
    return { token: body.token, expiresAt: deps.now() + ttl };
  }

  /** Concurrent sends share one login. */
  async function token(): Promise<CachedToken | OutboundFailure> {
    if (cached && deps.now() < cached.expiresAt - EXPIRY_MARGIN_MS) return cached;
    loggingIn ??= login().finally(() => {
      loggingIn = undefined;
    });
    const result = await loggingIn;
    if ('token' in result) cached = result;
    return result;
  }

  async function sendOnce(auth: CachedToken, body: unknown, idempotencyKey?: string) {
    return callJson({
      fetch: deps.fetch,
      url: joinUrl(domain, 'api/messages'),
      headers: {
        authorization: `Bearer ${auth.token}`,
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body,
      timeoutMs,
      secrets: [...secrets(), auth.token],
      label: 'HeyNow client send',
    });
  }

  async function send(command: OutboundCommand): Promise<OutboundResult> {
    if (command.kind !== 'message') {
      return failure(
        'not_supported',
        `heynow-client cannot ${command.kind}: the Client API only sends one-shot messages`,
        secrets(),
      );
    }
    const to = command.to ?? command.externalConversationId;
    if (!to) return failure('invalid_command', 'heynow-client sends need `to` (the recipient number)', secrets());
    const content = command.content;
    if (content.type === 'media')
      return failure('not_supported', 'heynow-client sends text or templates only', secrets());
    const body: ClientSendBody =
      content.type === 'text' || content.type === 'choice'
        ? { platformId: config.platformId, to, type: 'text', text: content.text }
        : {
            platformId: config.platformId,
            to,
            type: 'template',
            template: { name: content.name, language: content.language, params: content.params },
          };

    let auth = await token();
    if (!('token' in auth)) return auth;
    let r = await sendOnce(auth, body, command.idempotencyKey);
    if (!r.ok && r.status === 401) {
      // The token died before its announced expiry (revoked, server restart): log in again, once.
      if (cached?.token === auth.token) cached = undefined;
      auth = await token();
      if (!('token' in auth)) return auth;
      r = await sendOnce(auth, body, command.idempotencyKey);
    }
    if (!r.ok) return r.failure;
    return responses.send.is(r.json) ? { ok: true, providerMessageId: String(r.json.messageId) } : { ok: true };
  }

  return {
    kind: 'heynow-client',
    providerId: config.id,
    capabilities: { inbound: false, conversations: false },
    verify: () => ({ ok: false, reason: NO_INBOUND }),
    parse: () => ({ ok: false, reason: NO_INBOUND }),
    send,
  };
}
