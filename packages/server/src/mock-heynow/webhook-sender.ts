import { createHmac } from 'node:crypto';

export interface MockTarget {
  /** Switchboard's base URL, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  providerId: string;
  partnerToken: string;
  /** How the mock proves itself: HMAC signature of the body (default) or the bare partner token. */
  auth?: 'hmac' | 'token';
}

export interface WebhookDelivery {
  /** HTTP status Switchboard answered; 0 when the request did not get an answer. */
  status: number;
  body: string;
  error?: string;
  latencyMs: number;
}

export function webhookUrl(target: MockTarget): string {
  return `${target.baseUrl.replace(/\/+$/, '')}/webhooks/heynow/${encodeURIComponent(target.providerId)}`;
}

export function authHeaders(target: MockTarget, raw: string): Record<string, string> {
  if (target.auth === 'token') return { 'x-heynow-partner-token': target.partnerToken };
  return { 'x-heynow-signature': `sha256=${createHmac('sha256', target.partnerToken).update(raw).digest('hex')}` };
}

/** Posts one webhook body to the configured target only; never throws. */
export async function deliverWebhook(
  fetchImpl: typeof fetch,
  target: MockTarget,
  raw: string,
  headers?: Record<string, string>,
): Promise<WebhookDelivery> {
  const started = performance.now();
  try {
    const res = await fetchImpl(webhookUrl(target), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(headers ?? authHeaders(target, raw)) },
      body: raw,
      signal: AbortSignal.timeout(10_000),
    });
    const body = await res.text();
    return { status: res.status, body, latencyMs: performance.now() - started };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 0, body: '', error: message, latencyMs: performance.now() - started };
  }
}

export function isLoopback(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1';
  } catch {
    return false;
  }
}
