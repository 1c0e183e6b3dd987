import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HeaderBag } from './provider-adapter';

/** Header lookup that ignores case and takes the first value of a repeated header. */
export function header(headers: HeaderBag, name: string): string | undefined {
  const wanted = name.toLowerCase();
  // Node names incoming headers in lower case: one lookup finds them, without a walk over all of them.
  const direct = headers[wanted];
  if (direct !== undefined) return Array.isArray(direct) ? direct[0] : direct;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

export function hmacSha256Hex(rawBody: Buffer, key: string): string {
  return createHmac('sha256', key).update(rawBody).digest('hex');
}

/** Checks `sha256=<hex>` against the HMAC of the raw body. */
export function verifySha256Signature(signatureHeader: string, rawBody: Buffer, key: string): boolean {
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(signatureHeader.trim());
  if (!match?.[1]) return false;
  const expected = Buffer.from(hmacSha256Hex(rawBody, key), 'hex');
  const given = Buffer.from(match[1], 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
