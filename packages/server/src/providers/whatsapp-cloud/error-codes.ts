import type { OutboundErrorCode } from '@switchboard/protocol';

/**
 * Meta's WhatsApp Cloud error codes we know, as an outcome and a sentence for the agent. The same codes come
 * back synchronously (the send's HTTP answer, `error.code`) and asynchronously (`statuses[].errors[].code`
 * of the webhook), so both paths use this table. Taken from Meta's "WhatsApp error codes" page as quoted by
 * others (it could not be read here): see docs/heynow-contract.md section 4, to be checked against Meta's own page.
 */
export interface GraphErrorOutcome {
  code: OutboundErrorCode;
  /** Throughput, not the message: the outbox backs off and sends again. */
  retryable: boolean;
  /** What the agent reads on the failed message. Never Meta's body. */
  reason: string;
}

export const WINDOW_CLOSED_REASON = 'window closed: send a template';

const KNOWN: ReadonlyMap<number, GraphErrorOutcome> = new Map([
  // Re-engagement message: more than 24 h since the customer last wrote.
  [131047, { code: 'outside_24h_window', retryable: false, reason: WINDOW_CLOSED_REASON }],
  // Cloud API throughput reached for the phone number.
  [130429, { code: 'rate_limited', retryable: true, reason: 'Meta throughput limit reached; sending again shortly' }],
  // Too many messages from this number to this customer in a short time.
  [
    131056,
    {
      code: 'rate_limited',
      retryable: true,
      reason: 'too many messages to this customer in a short time (pair rate limit); sending again shortly',
    },
  ],
  [
    131026,
    {
      code: 'rejected',
      retryable: false,
      reason: 'undeliverable: the number may not use WhatsApp, or the customer must accept new terms or update the app',
    },
  ],
  [
    131048,
    {
      code: 'rejected',
      retryable: false,
      reason: 'Meta is limiting this number for spam (too many customers blocked or reported it)',
    },
  ],
  [
    131049,
    {
      code: 'rejected',
      retryable: false,
      reason: 'not delivered by Meta to keep customer engagement healthy; try again later or another way',
    },
  ],
  [
    132000,
    { code: 'rejected', retryable: false, reason: 'the template got a different number of parameters than it has' },
  ],
  [
    132001,
    { code: 'rejected', retryable: false, reason: 'the template does not exist in this language or is not approved' },
  ],
  [190, { code: 'unauthorized', retryable: false, reason: 'Meta refused the access token (expired or revoked)' }],
  // Graph-level throttling of the app or the business account.
  [4, { code: 'rate_limited', retryable: true, reason: 'Meta is limiting API calls; sending again shortly' }],
  [80007, { code: 'rate_limited', retryable: true, reason: 'Meta is limiting API calls; sending again shortly' }],
]);

/** A known code's outcome, or undefined. */
export function knownGraphError(code: number): GraphErrorOutcome | undefined {
  return KNOWN.get(code);
}

/**
 * The reason for a code we do not know: the code and Meta's short title, never the whole body (which may
 * echo our request). The title is cut, stripped of control characters and of Meta's "(#code) " prefix.
 */
export function unknownGraphErrorReason(code: number | string, title: string | undefined): string {
  const clean = (title ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/^\(#\d+\)\s*/, '')
    .trim()
    .slice(0, 120);
  return `WhatsApp error ${String(code).slice(0, 16)}${clean ? `: ${clean}` : ''}`;
}
