import { describe, expect, it } from 'vitest';
import { matchesSecret, sameSecret, secretDigest } from './secret-compare';

describe('secret comparison', () => {
  const digest = secretDigest('partner-token-1234');

  it('accepts exactly the secret its digest was made from', () => {
    expect(matchesSecret('partner-token-1234', digest)).toBe(true);
  });

  it('refuses a value of the same length that differs in one character', () => {
    expect(matchesSecret('partner-token-1235', digest)).toBe(false);
  });

  it('refuses a prefix, an extension and the empty string without throwing on the length difference', () => {
    for (const given of ['partner-token-123', 'partner-token-12345', '', 'partner-token-1234 ']) {
      expect(matchesSecret(given, digest)).toBe(false);
    }
  });

  it('compares a presented value with a secret, whatever their lengths', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abd', 'abc')).toBe(false);
    expect(sameSecret('ab', 'abc')).toBe(false);
  });
});
