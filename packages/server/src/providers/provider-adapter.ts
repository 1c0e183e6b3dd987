import type { Channel, InboundEvent, OutboundCommand, OutboundResult, ProviderKind } from '@switchboard/protocol';
import type { RejectedEvent } from './wire-check';

export type HeaderBag = Record<string, string | string[] | undefined>;

/** What the HTTP layer hands to `verify`: the RAW bytes, before any JSON parsing. */
export interface WebhookRequest {
  headers: HeaderBag;
  rawBody: Buffer;
  query?: Record<string, string | undefined>;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };
/**
 * `ok: false` refuses the body as a whole (not JSON, not the provider's envelope, a single malformed event).
 * In a batch each event stands alone: the readable ones are in `events`, the others in `rejected` (absent
 * when there are none).
 */
export type ParseResult =
  { ok: true; events: InboundEvent[]; rejected?: RejectedEvent[] } | { ok: false; reason: string; field?: string };

export interface ProviderCapabilities {
  /** The provider calls our webhook (false for the send-only Client API). */
  inbound: boolean;
  /** `attended` / `endConversation` mean something to the provider (false: answered ok with no call, or not_supported). */
  conversations: boolean;
}

/**
 * One interface for every provider kind. The HTTP layer calls `verify` then `parse`; the outbox worker
 * calls `send` and decides retry vs permanent failure from the result. Adapters never throw from these
 * methods and never put a secret in a reason or message.
 */
export interface ProviderAdapter {
  readonly kind: ProviderKind;
  readonly providerId: string;
  readonly capabilities: ProviderCapabilities;
  /** Authenticity of an inbound webhook, compared in constant time on the raw body. */
  verify(req: WebhookRequest): VerifyResult;
  /** Wire format → neutral events. A malformed body gives a reason naming the field and no events; a
   *  malformed event of a batch is listed in `rejected` and the others are kept. */
  parse(rawBody: Buffer, contentType?: string): ParseResult;
  send(command: OutboundCommand): Promise<OutboundResult>;
  /**
   * Providers whose inbound media arrive as handles (WhatsApp Cloud media ids): the file's bytes, checked
   * against what the provider says of it. `maxBytes` is the limit for the provider's declared MIME type; a
   * larger file is refused without reading more than the limit.
   */
  fetchMedia?(mediaId: string, maxBytes: (mimeType: string) => number): Promise<MediaFetchResult>;
  /**
   * Providers with a documented throughput per sender (WhatsApp Cloud: per phone number id): the outbox
   * paces message sends to `perSecond` per `key`, shared by every adapter and worker of the process.
   */
  readonly sendBudget?: { key: string; perSecond: number };
  /**
   * Providers with a template catalogue (WhatsApp Cloud with a business account id): every template of the
   * account, all pages read. Absent when the provider has none to offer.
   */
  listTemplates?(): Promise<TemplateListResult>;
}

/** A template as the provider lists it; `sendable` is false when it needs more than body text parameters. */
export interface ProviderTemplate {
  name: string;
  language: string;
  /** APPROVED, PENDING, REJECTED, PAUSED… as the provider says */
  status: string;
  category: string;
  bodyText: string;
  sendable: boolean;
}

export type TemplateListResult = { ok: true; templates: ProviderTemplate[] } | Extract<OutboundResult, { ok: false }>;

/** A downloaded file, or why not (`retryable` says whether trying later may help). */
export type MediaFetchResult = { ok: true; bytes: Buffer; mimeType: string } | Extract<OutboundResult, { ok: false }>;

/**
 * A provider as the adapters need it: decrypted secrets included, so it must never be logged as a whole.
 * `secret` is the partner token (heynow-direct), the password (heynow-client) or the app secret
 * (whatsapp-cloud).
 */
export interface ProviderConfig {
  id: string;
  kind: ProviderKind;
  channel: Channel;
  platformId: string;
  /** heynow-direct: the API base URL (required). heynow-client: defaults to https://api.heynowbots.com.
   *  whatsapp-cloud: the Graph API base including version, defaults to https://graph.facebook.com/v21.0. */
  domain?: string;
  /** heynow-client login name. */
  username?: string;
  secret: string;
  /** whatsapp-cloud: the bearer token for the Graph API (secret). */
  accessToken?: string;
  /** whatsapp-cloud: the token Meta echoes in the subscription GET (secret). */
  verifyToken?: string;
  /** whatsapp-cloud: skill given to implicit hand-offs (default `default`, the fallback campaign's keyword). */
  defaultSkill?: string;
  /** Per-request timeout for outbound calls, default 10 s. */
  timeoutMs?: number;
  /** whatsapp-cloud: message sends per second for this phone number id (default 80). */
  messagesPerSecond?: number;
  /** whatsapp-cloud: the WhatsApp Business Account id its templates are read from. */
  wabaId?: string;
}

export interface ProviderDeps {
  fetch: typeof fetch;
  /** Epoch milliseconds. */
  now: () => number;
}

/** The secrets of a config, for redaction. */
export function secretsOf(config: ProviderConfig): string[] {
  return [config.secret, config.accessToken, config.verifyToken].filter((s): s is string => !!s && s.length > 0);
}
