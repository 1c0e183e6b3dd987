// Test support: fast-check generators of hostile input for the "no 5xx, ever" fuzz. Values a careless or
// malicious client sends: NUL bytes, lone surrogates, huge and negative numbers, 1e300 timestamps, deep
// nesting, wrong types, long strings, repeated query parameters, `%00` path segments.
import fc from 'fast-check';

const nasty = [
  '\u0000',
  'a\u0000b',
  '',
  ' ',
  '\t\r\n',
  '%00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '=1+cmd|" /C calc"!A0',
  '\ud800',
  '\udfff\ud800',
  '💥'.repeat(40),
  'ñandú Ünïcödé 日本語 עברית',
  '\u202e\u200b\ufeff',
  'null',
  'undefined',
  '1e300',
  '-1',
  'NaN',
  '0x10',
  "'; DROP TABLE interactions; --",
];

/** Strings a database or a formatter may choke on. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...nasty),
  fc.string({ maxLength: 40 }).map((s) => `${s}\u0000${s}`),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(257, 1_000, 70_000).map((n) => 'x'.repeat(n)),
);

/** Numbers no field expects, as numbers and as JSON can carry them. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(1e300, -1e300, -1, -0, 0, 2 ** 53, 2 ** 63, Number.MAX_VALUE, Number.MIN_VALUE, 8.64e15 + 1),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Event times that are no times: absurd numbers, absurd dates, not dates at all. */
export const hostileTimestamp: fc.Arbitrary<unknown> = fc.oneof(
  hostileNumber,
  fc.constantFrom(
    '1e300',
    '-1',
    '+275760-09-13T00:00:00.000Z',
    '-271821-04-20T00:00:00.000Z',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
    '10000-01-01',
    'yesterday',
    '99999999999999999999',
  ),
);

/** `[[[…]]]` or `{"a":{"a":…}}`, `depth` deep. */
export const deeplyNested = (depth: number, object: boolean): unknown => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = object ? { a: v } : [v];
  return v;
};

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: hostileNumber, weight: 3 },
  { arbitrary: hostileTimestamp, weight: 1 },
  { arbitrary: fc.constantFrom(true, false, null), weight: 1 },
  { arbitrary: fc.array(hostileString, { maxLength: 3 }), weight: 1 },
  { arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
  {
    arbitrary: fc.tuple(fc.constantFrom(20, 500, 3000), fc.boolean()).map(([d, o]) => deeplyNested(d, o)),
    weight: 1,
  },
);

/** Mostly `valid`, sometimes hostile: enough good values to reach the database, enough bad ones to hurt. */
export const mostly = <T>(valid: fc.Arbitrary<T>, weight = 3): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: valid, weight }, { arbitrary: hostileValue, weight: 1 });

/** A path segment standing where an id goes: a real one (by index into the caller's pool) or garbage. */
export type Segment = { real: number } | { raw: string };
export const pathSegment: fc.Arbitrary<Segment> = fc.oneof(
  { arbitrary: fc.nat().map((real) => ({ real })), weight: 4 },
  {
    arbitrary: fc
      .oneof(
        fc.constantFrom('%00', 'a%00b', '%ZZ', '%', '..%2F..%2Fetc', '%F0%9F%92%A5', 'x'.repeat(5000), '-1', '1e300'),
        hostileString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?'))),
      )
      .map((raw) => ({ raw })),
    weight: 1,
  },
);

/**
 * A query string with hostile values; names drawn from a short list repeat often (`?a=1&a=2` arrives as
 * an array).
 */
export const hostileQuery = (names: readonly string[]): fc.Arbitrary<string> =>
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...names), hostileString),
        fc.oneof(hostileString, hostileNumber.map(String), fc.constantFrom('1', 'true', 'json', 'txt')),
      ),
      { maxLength: 5 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(safe(k))}=${encodeURIComponent(safe(v))}`).join('&'));

/** encodeURIComponent throws on a lone surrogate; a client cannot send one in a URL anyway. */
const safe = (s: string) => s.replace(/[\ud800-\udfff]/g, '\ufffd');
