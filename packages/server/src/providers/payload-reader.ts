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

/** A non-empty string; numbers are accepted and stringified (ids and phone numbers arrive both ways). */
export function str(o: Json, key: string, path: string): string {
  const v = o[key];
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string' || v.trim().length === 0) {
    throw new PayloadError(join(path, key), v === undefined ? 'required' : 'expected a non-empty string');
  }
  return v;
}

export function optStr(o: Json, key: string, path: string): string | undefined {
  return o[key] === undefined || o[key] === null ? undefined : str(o, key, path);
}

/** Optional text that may be empty. */
export function optText(o: Json, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new PayloadError(join(path, key), 'expected a string');
  return v;
}

export function optInt(o: Json, key: string, path: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw new PayloadError(join(path, key), 'expected a non-negative integer');
  return v;
}

/** ISO-8601 string or epoch milliseconds; absent → `fallback`. */
export function timestamp(o: Json, key: string, path: string, fallback: number): number {
  const v = o[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.round(v);
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    if (Number.isFinite(ms)) return ms;
  }
  throw new PayloadError(join(path, key), 'expected an ISO-8601 date or epoch milliseconds');
}

export function oneOf<T extends string>(o: Json, key: string, path: string, allowed: readonly T[]): T {
  const v = str(o, key, path);
  if (!(allowed as readonly string[]).includes(v))
    throw new PayloadError(join(path, key), `expected one of ${allowed.join(', ')}`);
  return v as T;
}
