/**
 * What the provider wire schemas share (heynow-direct/wire.ts, whatsapp-cloud/wire.ts, heynow-client/wire.ts):
 * field types with the storage limits built in, a compiled check that names the first failing field, and
 * the per-event rejection of a batch. docs/adr/0011-provider-wire-schemas.md says why.
 *
 * Tolerant reader: every object schema here accepts properties it does not name. Providers add fields to
 * their payloads over time (Meta does it every few Graph versions); a webhook must not start failing the
 * day one appears, so the schemas only constrain what Switchboard reads.
 */
import { FormatRegistry, Kind, Type, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';

export class PayloadError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
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
 * Longest identifier kept (the widest id column is varchar(256)): a longer one could not be stored on
 * PostgreSQL, so it is refused here with a reason instead of failing the transaction.
 */
export const MAX_ID_LENGTH = 256;
/** Longest message text kept, as the neutral event schema says. */
export const MAX_TEXT_LENGTH = 65_536;

/** PostgreSQL refuses U+0000 in text (error 22021); no provider has a reason to send it. */
export const hasNul = (s: string): boolean => s.includes('\u0000');
export const withoutNul = (s: string): string => s.replaceAll('\u0000', '');

/** A string format: no U+0000 (registered once, checked by the compiled validators). */
export const NUL_FREE = 'switchboard-nul-free';
if (!FormatRegistry.Has(NUL_FREE)) FormatRegistry.Set(NUL_FREE, (s) => !hasNul(s));

/**
 * An identifier or name: a string that is not blank, holds no NUL and fits its column, or a number
 * (ids and phone numbers arrive both ways; read it with `idText`). Changing a bad one silently would make
 * two different ids equal, so it is refused.
 */
export const Id = (max = MAX_ID_LENGTH) =>
  Type.Union([Type.String({ minLength: 1, maxLength: max, pattern: '\\S', format: NUL_FREE }), Type.Number()], {
    errorMessage: 'expected a non-empty string',
  });
export const idText = (v: string | number): string => (typeof v === 'number' ? String(v) : v);

/**
 * Message text that may be empty. NULs are removed when it is read (`withoutNul`) rather than refused:
 * they carry nothing a person wrote, and refusing would lose the customer's message.
 */
export const Text = () => Type.String({ maxLength: MAX_TEXT_LENGTH });
/** Message text that must be there and not be blank (read it with `requiredText`). */
export const RequiredText = () => Type.String({ maxLength: MAX_TEXT_LENGTH, pattern: '\\S' });

/** Optional, and `null` counts as absent (some senders write null for "no value"). */
export const Opt = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

/**
 * One of some strings, with the list in the error. Typed by hand: mapping a readonly tuple to literals
 * loses the tuple, and the readers need the union of the strings (e.g. a delivery status).
 */
export const OneOf = <T extends readonly string[]>(values: T) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { errorMessage: `expected one of ${values.join(', ')}` },
  ) as unknown as TSchema & { static: T[number] };

/** The JSON kind of a value: in a union, the variant of that kind is the one that says what is wrong. */
function jsonKind(value: unknown): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'Array';
  switch (typeof value) {
    case 'string':
      return 'String';
    case 'number':
      return 'Number';
    case 'boolean':
      return 'Boolean';
    case 'object':
      return 'Object';
    default:
      return 'Unknown';
  }
}

const KIND_MATCHES: Record<string, string[]> = {
  String: ['String', 'Literal'],
  Number: ['Number', 'Integer', 'Literal'],
  Boolean: ['Boolean', 'Literal'],
  Object: ['Object', 'Record'],
  Array: ['Array'],
  Null: ['Null'],
};

/** `/events/2/timestamp` under `base` → `base.events[2].timestamp`. */
function fieldOf(base: string, pointer: string): string {
  let path = base;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path = /^\d+$/.test(key) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
  }
  return path;
}

/** A union's variants, nested unions flattened, except an enum of literals (its own message names the choices). */
function variantsOf(schema: TSchema): TSchema[] {
  if (schema[Kind] !== 'Union') return [schema];
  const anyOf = schema.anyOf as TSchema[];
  if (anyOf.every((v) => v[Kind] === 'Literal')) return [schema];
  return anyOf.flatMap(variantsOf);
}

function messageOf(schema: TSchema): string | undefined {
  if (typeof schema.errorMessage === 'string') return schema.errorMessage as string;
  if (schema[Kind] !== 'Union') return undefined;
  for (const v of schema.anyOf as TSchema[]) {
    const m = messageOf(v);
    if (m) return m;
  }
  return undefined;
}

const KIND_WORDS: Record<string, string> = {
  String: 'a string',
  Literal: 'a string',
  Number: 'a number',
  Integer: 'a number',
  Boolean: 'a boolean',
  Object: 'an object',
  Array: 'an array',
};

/** "expected a string or a number", from the variants' kinds (null is always allowed where it is one). */
function expected(variants: TSchema[]): string {
  const words = [...new Set(variants.map((v) => KIND_WORDS[v[Kind] as string]).filter((w) => w !== undefined))];
  return words.length > 0 ? `expected ${words.join(' or ')}` : 'not valid';
}

/** A union's error is "expected union value"; the variant of the value's own JSON kind tells what is wrong. */
function narrow(error: ValueError): ValueError {
  if (error.type !== ValueErrorType.Union) return error;
  const kinds = KIND_MATCHES[jsonKind(error.value)] ?? [];
  const candidates = variantsOf(error.schema).filter((v) =>
    v[Kind] === 'Union' ? kinds.includes('Literal') : kinds.includes(v[Kind] as string) && v[Kind] !== 'Literal',
  );
  const only = candidates.length === 1 ? candidates[0] : undefined;
  const inner = only && only !== error.schema ? Value.Errors(only, error.value).First() : undefined;
  if (!inner) {
    const errorMessage = messageOf(error.schema) ?? expected(variantsOf(error.schema));
    return { ...error, schema: { ...error.schema, errorMessage } };
  }
  return narrow({ ...inner, path: error.path + inner.path });
}

function problemOf(error: ValueError): string {
  const schema = error.schema as { errorMessage?: unknown; maxLength?: number; const?: unknown };
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return 'required';
    case ValueErrorType.Object:
      return 'expected an object';
    case ValueErrorType.Array:
      return 'expected an array';
    case ValueErrorType.ArrayMinItems:
      return typeof schema.errorMessage === 'string' ? schema.errorMessage : 'expected at least one item';
    case ValueErrorType.StringMaxLength:
      return `longer than ${schema.maxLength ?? 0} characters`;
    case ValueErrorType.StringMinLength:
    case ValueErrorType.StringPattern:
      return 'expected a non-empty string';
    case ValueErrorType.StringFormat:
      return 'must not contain NUL characters';
    case ValueErrorType.Literal:
      return `expected ${String(schema.const)}`;
    default:
      return typeof schema.errorMessage === 'string' ? schema.errorMessage : error.message.toLowerCase();
  }
}

/** A schema compiled once (at module load: webhooks are the hot path) with errors that name the field. */
export interface WireCheck<T extends TSchema> {
  readonly schema: T;
  /** True when `value` matches; then it can be read as `Static<T>` without further checks. */
  is(value: unknown): value is Static<T>;
  /** `value` as `Static<T>`, or a PayloadError naming the first failing field under `path`. */
  read(value: unknown, path: string): Static<T>;
}

export function compileWire<T extends TSchema>(schema: T): WireCheck<T> {
  const check: TypeCheck<T> = TypeCompiler.Compile(schema);
  const is = (value: unknown): value is Static<T> => check.Check(value);
  return {
    schema,
    is,
    read(value, path) {
      if (is(value)) return value;
      const first = check.Errors(value).First();
      if (!first) throw new PayloadError(path || 'body', 'not valid');
      const error = narrow(first);
      throw new PayloadError(fieldOf(path, error.path) || 'body', problemOf(error));
    },
  };
}

/** The body as a JSON object: every failure names `body`. */
export function parseJsonObject(rawBody: Buffer): Record<string, unknown> {
  if (rawBody.length === 0) throw new PayloadError('body', 'empty body');
  let value: unknown;
  try {
    value = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new PayloadError('body', 'not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new PayloadError('body', 'expected a JSON object');
  return value as Record<string, unknown>;
}

export const join = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/** Required text read: NULs removed, and still not blank once they are. */
export function requiredText(v: string, field: string): string {
  const clean = withoutNul(v);
  if (clean.trim().length === 0) throw new PayloadError(field, 'expected a non-empty string');
  return clean;
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

/** The parse result of a body whose reading threw a PayloadError. */
export function refused(error: unknown): { ok: false; reason: string; field: string } {
  if (error instanceof PayloadError) return { ok: false, reason: error.message, field: error.field };
  throw error;
}
