import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeSkill } from './normalize';

describe('normalizeSkill', () => {
  it('trims, lower-cases, strips accents and collapses inner whitespace', () => {
    expect(normalizeSkill('  Atención \t al   CLIENTE ')).toBe('atencion al cliente');
    expect(normalizeSkill('VENTAS')).toBe('ventas');
    expect(normalizeSkill('Promoção')).toBe('promocao');
    expect(normalizeSkill('ñandú')).toBe('nandu');
    expect(normalizeSkill('a\u00a0b')).toBe('a b');
  });

  it('treats precomposed and decomposed accents alike', () => {
    expect(normalizeSkill('caf\u00e9')).toBe(normalizeSkill('cafe\u0301'));
  });

  it('removes the dot that lower-casing a Turkish capital İ adds', () => {
    expect(normalizeSkill('İstanbul')).toBe('istanbul');
  });

  it('is idempotent for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const once = normalizeSkill(s);
        expect(normalizeSkill(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});
