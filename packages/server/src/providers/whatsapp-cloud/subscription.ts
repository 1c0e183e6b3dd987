import { sameSecret } from '../../security/secret-compare';

export type SubscriptionResult =
  { ok: true; status: 200; challenge: string } | { ok: false; status: 403; reason: string };

/**
 * Meta's webhook verification: `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`. Answer the
 * challenge as plain text with 200 when the token matches, 403 otherwise.
 */
export function verifySubscription(
  query: Record<string, string | string[] | undefined>,
  verifyToken: string,
): SubscriptionResult {
  // A repeated parameter arrives as an array: Meta sends each once, so anything else is not Meta.
  const single = (name: string) => (typeof query[name] === 'string' ? query[name] : undefined);
  if (single('hub.mode') !== 'subscribe') return { ok: false, status: 403, reason: 'hub.mode must be subscribe' };
  const challenge = single('hub.challenge');
  if (!challenge) return { ok: false, status: 403, reason: 'hub.challenge is missing (once)' };
  const given = single('hub.verify_token');
  if (given === undefined || verifyToken.length === 0 || !sameSecret(given, verifyToken)) {
    return { ok: false, status: 403, reason: 'hub.verify_token is wrong' };
  }
  return { ok: true, status: 200, challenge };
}
