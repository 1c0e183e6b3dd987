import type { OutboundResult } from '@switchboard/protocol';

export interface RetryPolicy {
  /** First retry delay (ms); doubles each attempt. */
  baseMs: number;
  /** No retry waits longer than this (ms). */
  capMs: number;
  /** Attempts in total, the first included; then the row fails. */
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 1000, capMs: 60_000, maxAttempts: 20 };

type Failure = Extract<OutboundResult, { ok: false }>;

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so a provider coming back
 * from an outage is not hit by every conversation at the same instant. A `Retry-After` is a floor.
 */
export function decideRetry(
  failure: Failure,
  attempts: number,
  policy: RetryPolicy,
  random: () => number,
): RetryDecision {
  if (!failure.retryable || attempts >= policy.maxAttempts) return { retry: false };
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = step / 2 + random() * (step / 2);
  const delayMs = Math.min(policy.capMs, Math.max(jittered, failure.retryAfterMs ?? 0));
  return { retry: true, delayMs: Math.round(delayMs) };
}
