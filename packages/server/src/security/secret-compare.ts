import { hash, timingSafeEqual } from 'node:crypto';

/**
 * A secret's SHA-256, for `matchesSecret`. A caller that checks the same secret on every request (a provider's
 * partner token) keeps it. One-shot `hash`, not `createHash`: building a hash object per webhook was 3 % of
 * the main thread's busy time at 800/s (docs/performance.md, sixth pass).
 */
export function secretDigest(secret: string): Buffer {
  return hash('sha256', secret, 'buffer');
}

/**
 * Whether `given` is the secret whose `secretDigest` this is, in constant time. The presented value is hashed
 * too, so both sides have the same length and the comparison takes the same time whatever was sent
 * (timingSafeEqual itself throws on a length mismatch, which would leak it). Equal digests mean equal strings.
 */
export function matchesSecret(given: string, digest: Buffer): boolean {
  return timingSafeEqual(secretDigest(given), digest);
}

/** Constant-time equality of a presented value and a secret that is not checked often enough to keep its digest. */
export function sameSecret(given: string, secret: string): boolean {
  return matchesSecret(given, secretDigest(secret));
}
