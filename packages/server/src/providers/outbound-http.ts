import type { OutboundErrorCode, OutboundResult } from '@switchboard/protocol';
import { OutboundBlocked } from './outbound-guard';

export type OutboundFailure = Extract<OutboundResult, { ok: false }>;

/** Replaces every secret (and its URL-encoded form) by `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  }
  return out;
}

export function failure(
  code: OutboundErrorCode,
  message: string,
  secrets: readonly string[],
  extra: { httpStatus?: number; retryAfterMs?: number } = {},
): OutboundFailure {
  const retryable =
    code === 'network_error' || code === 'timeout' || code === 'rate_limited' || code === 'provider_unavailable';
  return { ok: false, retryable, code, message: redact(message, secrets), ...extra };
}

export interface JsonCall {
  fetch: typeof fetch;
  url: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  /** Strings that must never appear in a message (tokens, passwords). */
  secrets: readonly string[];
  /** What the call was, for messages: "HeyNow attended". */
  label: string;
}

export type JsonCallResult =
  | { ok: true; status: number; json: unknown }
  | { ok: false; failure: OutboundFailure; status?: number; json?: unknown };

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  return undefined;
}

/** A short, secret-free summary of what the provider said, for the failure message. */
function providerSays(json: unknown, text: string): string {
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    const err = o.error;
    if (typeof err === 'string') return err;
    if (err && typeof err === 'object') {
      const msg = (err as Record<string, unknown>).message;
      if (typeof msg === 'string') return msg;
    }
    if (typeof o.message === 'string') return o.message;
  }
  return text.slice(0, 200);
}

/** The guard's refusal, thrown directly or as the cause of fetch's TypeError. */
function blockedIn(error: unknown): OutboundBlocked | undefined {
  if (error instanceof OutboundBlocked) return error;
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof OutboundBlocked ? cause : undefined;
}

/**
 * One JSON request with the retry classification of docs/heynow-contract.md: 2xx ok; 408, 429, 5xx and network errors
 * retryable; 401/403 `unauthorized`, other 4xx, any 3xx (redirects are never followed) and a target the
 * outbound guard refuses are `rejected`, all permanent.
 */
export async function callJson(call: JsonCall): Promise<JsonCallResult> {
  let response: Response;
  try {
    response = await call.fetch(call.url, {
      method: call.method ?? 'POST',
      headers: {
        accept: 'application/json',
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...call.headers,
      },
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      // A redirect would re-send the body (a login's password) to wherever the provider points: never follow.
      redirect: 'manual',
      signal: AbortSignal.timeout(call.timeoutMs),
    });
  } catch (error) {
    const blocked = blockedIn(error);
    if (blocked) return { ok: false, failure: failure('rejected', `${call.label}: ${blocked.reason}`, call.secrets) };
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') {
      return {
        ok: false,
        failure: failure('timeout', `${call.label}: no answer within ${call.timeoutMs} ms`, call.secrets),
      };
    }
    const cause =
      error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.message) : String(error);
    return { ok: false, failure: failure('network_error', `${call.label}: network error (${cause})`, call.secrets) };
  }
  if (response.status >= 300 && response.status < 400) {
    // The body is not read, so nothing the redirecting server says is echoed.
    await response.body?.cancel().catch(() => undefined);
    const message = `${call.label}: HTTP ${response.status} redirect refused (provider calls never follow redirects; check the provider's domain)`;
    return {
      ok: false,
      failure: failure('rejected', message, call.secrets, { httpStatus: response.status }),
      status: response.status,
    };
  }
  const text = await response.text().catch(() => '');
  let json: unknown = undefined;
  if (text.length > 0) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  const status = response.status;
  if (status >= 200 && status < 300) return { ok: true, status, json };
  const says = providerSays(json, text);
  const message = `${call.label}: HTTP ${status}${says ? ` — ${says}` : ''}`;
  const extra = { httpStatus: status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) };
  if (extra.retryAfterMs === undefined) delete extra.retryAfterMs;
  let code: OutboundErrorCode;
  if (status === 429) code = 'rate_limited';
  else if (status === 408) code = 'timeout';
  else if (status >= 500) code = 'provider_unavailable';
  else if (status === 401 || status === 403) code = 'unauthorized';
  else code = 'rejected';
  return { ok: false, failure: failure(code, message, call.secrets, extra), status, json };
}

/** Joins a base URL (which may carry a path) and a path. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

const FAILURE_WORDS: Readonly<Record<OutboundErrorCode, string>> = {
  network_error: 'the provider could not be reached',
  timeout: 'the provider did not answer in time',
  rate_limited: 'the provider is limiting sends; try again later',
  provider_unavailable: 'the provider is unavailable',
  unauthorized: 'the provider refused our credentials',
  rejected: 'the provider refused the message',
  not_supported: 'this provider cannot send that kind of message',
  invalid_command: 'the message lacks what this provider needs',
  outside_24h_window: 'the customer last wrote more than 24 hours ago: only a template can be sent',
};

/**
 * What a person may be told about a failed send: the kind of failure and the provider's HTTP status. Never
 * the provider's own words — its body may echo anything (our request, internal details); those stay in the
 * outbox row and the logs. An adapter's `reason` (written from a known error code, never the provider's body)
 * is told as is.
 */
export function failureSummary(result: Pick<OutboundFailure, 'code' | 'httpStatus' | 'reason'>): string {
  if (result.reason) return result.reason;
  const words = FAILURE_WORDS[result.code] ?? 'the provider did not send it';
  return result.httpStatus !== undefined ? `${words} (HTTP ${result.httpStatus})` : words;
}
