/**
 * The closed set of error codes domain code may raise. Domain code knows nothing of HTTP; the HTTP layer maps
 * each code to a status in one place (http/error-handler.ts).
 */
export const ERROR_CODES = [
  'validation_failed',
  'invalid_json',
  'unauthenticated',
  'invalid_credentials',
  'account_disabled',
  'forbidden',
  'not_found',
  'name_taken',
  'skill_ambiguous',
  'provider_in_use',
  'campaign_has_history',
  'already_taken',
  'not_oldest',
  'at_capacity',
  'not_eligible',
  'not_member',
  'not_waiting',
  'not_owner',
  'disposition_required',
  'transfer_refused',
  'not_allowed_now',
  'outside_24h_window',
  'unsupported_media_type',
  'payload_too_large',
  'rate_limited',
  'bad_signature',
  'provider_unavailable',
  'provider_refused',
  /** Several nodes: no router leader answered in time (between a leader's death and its successor). */
  'router_unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string): DomainError =>
  new DomainError('not_found', `${what} ${id} does not exist`);

export const invalid = (field: string, message: string): DomainError =>
  new DomainError('validation_failed', `${field}: ${message}`, field);
