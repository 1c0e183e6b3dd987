import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError, type ErrorCode } from '../errors';
import { isDataException } from '../storage/constraint-errors';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  account_disabled: 403,
  bad_signature: 401,
  forbidden: 403,
  not_found: 404,
  name_taken: 409,
  skill_ambiguous: 409,
  provider_in_use: 409,
  campaign_has_history: 409,
  already_taken: 409,
  not_oldest: 409,
  at_capacity: 409,
  not_eligible: 409,
  not_member: 403,
  not_waiting: 409,
  not_owner: 403,
  disposition_required: 400,
  transfer_refused: 409,
  not_allowed_now: 409,
  outside_24h_window: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  provider_unavailable: 503,
  provider_refused: 502,
  router_unavailable: 503,
};

export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}

/** Fastify's own client errors, named for people. */
function fromFastify(error: FastifyError): { status: number; code: string; message: string } | null {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'invalid_json', message: 'The request body is not valid JSON' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'payload_too_large', message: 'The request body is too large' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'unsupported_media_type', message: 'Send the body as application/json' };
    default:
      return null;
  }
}

/** One place that turns every thrown thing into the API's error body. Unknown errors are 500 and logged. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      // A new leader is normally elected within seconds: the caller may simply try again.
      if (error.code === 'router_unavailable') void reply.header('retry-after', '2');
      return reply.status(statusOf(error.code)).send({
        error: error.code,
        message: error.message,
        ...(error.field !== undefined ? { field: error.field } : {}),
        ...(error.details !== undefined ? { details: error.details } : {}),
      });
    }
    const known = fromFastify(error);
    if (known) return reply.status(known.status).send({ error: known.code, message: known.message });
    if (error.statusCode === 429) {
      return reply
        .status(429)
        .send({ error: 'rate_limited', message: 'Too many attempts; wait a minute and try again' });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send({ error: 'bad_request', message: error.message });
    }
    if (isDataException(error)) {
      // Last line of defence: validation at the edge should have refused this value. Logged to find which.
      request.log.warn({ err: error, route: request.routeOptions.url }, 'database refused a value: answered 400');
      return reply
        .status(400)
        .send({ error: 'validation_failed', message: 'body: holds a value that cannot be stored', field: 'body' });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send({ error: 'internal', message: 'Something went wrong on our side; it has been logged' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` }),
  );
}
