/**
 * Small typed reader for webhook JSON: every failure names the field path, so a 400 tells the sender
 * exactly what to fix.
 */
export class PayloadError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

export type Json = Record<string, unknown>;

export function parseJsonObject(rawBody: Buffer): Json {
  if (rawBody.length === 0) throw new PayloadError('body', 'empty body');
  let value: unknown;
  try {
    value = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new PayloadError('body', 'not valid JSON');
  }
  if (!isObject(value)) throw new PayloadError('body', 'expected a JSON object');
  return value;
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

export function obj(o: Json, key: string, path: string): Json {
  const v = o[key];
  if (!isObject(v)) throw new PayloadError(join(path, key), v === undefined ? 'required' : 'expected an object');
  return v;
}

export function optObj(o: Json, key: string, path: string): Json | undefined {
  return o[key] === undefined || o[key] === null ? undefined : obj(o, key, path);
}

export function arr(o: Json, key: string, path: string): unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new PayloadError(join(path, key), v === undefined ? 'required' : 'expected an array');
  return v;
}

export function optArr(o: Json, key: string, path: string): unknown[] | undefined {
  return o[key] === undefined || o[key] === null ? undefined : arr(o, key, path);
}

/**
 * Longest identifier kept (the widest id column is varchar(256)): a longer one could not be stored on
 * PostgreSQL, so it is refused here with a reason instead of failing the transaction.
 */
export const MAX_ID_LENGTH = 256;
/** Longest message text kept, as the neutral event schema says. */
export const MAX_TEXT_LENGTH = 65_536;

/** PostgreSQL refuses U+0000 in text (error 22021); no provider has a reason to send it. */
export const hasNul = (s: string): boolean => s.includes('\u0000');
export const withoutNul = (s: string): string => s.replaceAll('\u0000', '');

/**
 * A non-empty string; numbers are accepted and stringified (ids and phone numbers arrive both ways).
 * Identifiers and names are refused when they hold a NUL or are longer than `max`: changing them silently
 * would make two different ids equal.
 */
export function str(o: Json, key: string, path: string, max = MAX_ID_LENGTH): string {
  const v = o[key];
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string' || v.trim().length === 0) {
    throw new PayloadError(join(path, key), v === undefined ? 'required' : 'expected a non-empty string');
  }
  if (hasNul(v)) throw new PayloadError(join(path, key), 'must not contain NUL characters');
  if (v.length > max) throw new PayloadError(join(path, key), `longer than ${max} characters`);
  return v;
}

export function optStr(o: Json, key: string, path: string, max = MAX_ID_LENGTH): string | undefined {
  return o[key] === undefined || o[key] === null ? undefined : str(o, key, path, max);
}

/**
 * Optional message text that may be empty. NULs are removed rather than refused: they carry nothing a
 * person wrote, and refusing would lose the customer's message.
 */
export function optText(o: Json, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new PayloadError(join(path, key), 'expected a string');
  if (v.length > MAX_TEXT_LENGTH) throw new PayloadError(join(path, key), `longer than ${MAX_TEXT_LENGTH} characters`);
  return withoutNul(v);
}

/** Message text that must be there and not be blank; NULs removed like optText. */
export function text(o: Json, key: string, path: string): string {
  const v = optText(o, key, path);
  if (v === undefined || v.trim().length === 0)
    throw new PayloadError(join(path, key), v === undefined ? 'required' : 'expected a non-empty string');
  return v;
}

export function optInt(o: Json, key: string, path: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw new PayloadError(join(path, key), 'expected a non-negative integer');
  return v;
}

/**
 * The timestamps an event may carry: from the epoch to the last millisecond of year 9999. Outside it a
 * value cannot be an event time (1e300, negative), overflows PostgreSQL's bigint, or breaks every date
 * format later (a transcript export); such an event is refused with a reason.
 */
export const LATEST_TIMESTAMP = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function checkTimestamp(ms: number, field: string, unit = 'epoch milliseconds'): number {
  if (!Number.isFinite(ms) || ms < 0 || ms > LATEST_TIMESTAMP)
    throw new PayloadError(field, `expected ${unit} between 1970 and 9999`);
  return Math.round(ms);
}

/** ISO-8601 string or epoch milliseconds; absent → `fallback`. */
export function timestamp(o: Json, key: string, path: string, fallback: number): number {
  const v = o[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number') return checkTimestamp(v, join(path, key), 'an ISO-8601 date or epoch milliseconds');
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    if (Number.isFinite(ms)) return checkTimestamp(ms, join(path, key), 'an ISO-8601 date or epoch milliseconds');
  }
  throw new PayloadError(join(path, key), 'expected an ISO-8601 date or epoch milliseconds');
}

export function oneOf<T extends string>(o: Json, key: string, path: string, allowed: readonly T[]): T {
  const v = str(o, key, path);
  if (!(allowed as readonly string[]).includes(v))
    throw new PayloadError(join(path, key), `expected one of ${allowed.join(', ')}`);
  return v as T;
}

/** One event of a batch that was refused; the others are still accepted. */
export interface RejectedEvent {
  /** Position of the event in the body (for WhatsApp Cloud: among its messages and statuses, in order). */
  index: number;
  /** Path of the field at fault, e.g. `events[2].timestamp`. */
  field: string;
  reason: string;
}

/**
 * Reads one event of a batch: a malformed event becomes a rejection naming its field instead of failing
 * the body, so one bad event cannot turn a whole delivery into a message the provider retries forever.
 */
export function readEvent<T>(index: number, rejected: RejectedEvent[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error;
    rejected.push({ index, field: error.field, reason: error.message });
    return undefined;
  }
}
