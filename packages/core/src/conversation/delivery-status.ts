// Delivery statuses of an outbound message arrive from the provider out of order (Meta batches and retries
// webhooks) and `read` may come without `delivered`. This decides whether an incoming status replaces the
// current one so that a late, older status never moves a message back.

/** pending < sent < delivered < read; `failed` stands outside the ladder and is judged by time. */
const RANK: Readonly<Record<string, number>> = { pending: 0, sent: 1, delivered: 2, read: 3 };

export interface StatusMark {
  status: string;
  /**
   * When the provider says the status happened (epoch ms); null when we set it ourselves (the outbox's
   * `sent`/`failed`), because our clock and the provider's (whole seconds) cannot be compared.
   */
  at: number | null;
}

/**
 * Whether `incoming` replaces `current`:
 * - sent/delivered/read only move up the ladder, whatever their timestamps (a `delivered` after `read` is
 *   stale even if its clock says otherwise);
 * - `failed` wins when it is the latest by timestamp (a tie counts as latest: Meta stamps whole seconds and
 *   `sent` then `failed` in the same second is common); a `failed` older than the current status is stale;
 * - a message that failed recovers only through a status strictly newer than the failure.
 */
export function statusSupersedes(current: StatusMark, incoming: StatusMark): boolean {
  if (current.status === incoming.status) return false;
  if (incoming.status === 'failed') {
    if (current.status === 'pending') return true;
    if (incoming.at === null) return current.status === 'sent' && current.at === null;
    return current.at === null || incoming.at >= current.at;
  }
  if (!(incoming.status in RANK)) return false;
  if (current.status === 'failed') return current.at !== null && incoming.at !== null && incoming.at > current.at;
  return (RANK[incoming.status] ?? 0) > (RANK[current.status] ?? 0);
}

/** The status time kept after a move: the newest provider time seen, so a later stale `failed` loses. */
export function statusTimeAfter(current: StatusMark, incoming: StatusMark): number | null {
  if (incoming.at === null) return current.at;
  if (current.at === null) return incoming.at;
  return Math.max(current.at, incoming.at);
}
