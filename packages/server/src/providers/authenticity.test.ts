import { describe, expect, it } from 'vitest';
import { constantTimeEqual, matchesSecret, secretDigest } from './authenticity';

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

  it('compares two strings either way round with the same answer', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abd', 'abc')).toBe(false);
    expect(constantTimeEqual('ab', 'abc')).toBe(false);
  });
});
