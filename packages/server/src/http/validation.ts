import { Kind, type TSchema, type TObject } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { DomainError } from '../errors';

/** `/thresholds/acd` → `thresholds.acd`, the form the web app maps onto its inputs. */
export function fieldOf(path: string): string {
  return path.replace(/^\//, '').replace(/\//g, '.').replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * The most telling error: for a union (e.g. `schedule: Schedule | null`) TypeBox reports "expected union value"
 * at the union itself; the variant whose own error lies deepest says what is actually wrong.
 */
function deepest(error: ValueError): ValueError {
  if (error.type !== ValueErrorType.Union || error.errors.length === 0) return error;
  let best = error;
  for (const variant of error.errors) {
    const first = variant.First();
    if (!first) continue;
    const candidate = deepest(first);
    if (candidate.path.length > best.path.length) best = candidate;
  }
  return best;
}

function describe(check: TypeCheck<TSchema>, value: unknown): DomainError {
  const first = check.Errors(value).First();
  if (!first) return new DomainError('validation_failed', 'The request is not valid');
  const error = deepest(first);
  const field = fieldOf(error.path) || 'body';
  // A schema may say in words what its pattern means; TypeBox's own text quotes the regular expression.
  const words = (error.schema as { errorMessage?: unknown }).errorMessage;
  return new DomainError('validation_failed', `${field}: ${typeof words === 'string' ? words : error.message}`, field);
}

/**
 * A union of objects told apart by a literal `kind` (e.g. the provider kinds). Validating the branch the
 * client named gives an error about the field that is wrong, instead of "expected union value".
 */
function discriminator(schema: TSchema): Map<string, TObject> | null {
  if (schema[Kind] !== 'Union' || !Array.isArray(schema.anyOf)) return null;
  const branches = new Map<string, TObject>();
  for (const member of schema.anyOf as TSchema[]) {
    const literal = (member as TObject).properties?.kind?.const;
    if (member[Kind] !== 'Object' || typeof literal !== 'string') return null;
    branches.set(literal, member as TObject);
  }
  return branches;
}

interface Compiled {
  check: TypeCheck<TSchema>;
  schema: TSchema;
}

const cache = new WeakMap<TSchema, Compiled>();
function compile(schema: TSchema): Compiled {
  let c = cache.get(schema);
  if (!c) {
    c = { check: TypeCompiler.Compile(schema), schema };
    cache.set(schema, c);
  }
  return c;
}

export function validate(schema: TSchema, value: unknown): DomainError | null {
  const branches = discriminator(schema);
  if (branches) {
    const kind = (value as { kind?: unknown } | null)?.kind;
    const branch = typeof kind === 'string' ? branches.get(kind) : undefined;
    if (!branch) {
      return new DomainError('validation_failed', `kind: must be one of ${[...branches.keys()].join(', ')}`, 'kind');
    }
    return validate(branch, value);
  }
  const { check } = compile(schema);
  return check.Check(value) ? null : describe(check, value);
}

/**
 * Params or a query of text fields only, none with a default (`{ providerId: string }` of every webhook): there is
 * nothing to convert or fill in, so the value is checked as it came instead of being cloned twice on the way.
 */
function onlyText(schema: TSchema): boolean {
  if (schema[Kind] !== 'Object' || 'default' in schema) return false;
  return Object.values((schema as TObject).properties).every((p) => p[Kind] === 'String' && !('default' in p));
}

/**
 * Every request part is checked with TypeBox's compiled validators: bodies strictly (no coercion, unknown
 * properties refused), params and query strings converted from text first.
 */
export function installValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const typed = schema as TSchema;
    const asSent = httpPart === 'body' || onlyText(typed);
    return (data: unknown) => {
      const value = asSent ? data : Value.Convert(typed, Value.Default(typed, data));
      const error = validate(typed, value);
      return error ? { error } : { value };
    };
  });
  // Fastify wraps validation errors; unwrap ours so the error handler sees the DomainError.
  app.setSchemaErrorFormatter((errors) => {
    const first = errors[0] as unknown as DomainError | undefined;
    return first instanceof DomainError ? first : new DomainError('validation_failed', 'The request is not valid');
  });
}

export type { FastifySchema };
