import { describe, expect, it } from 'vitest';
import { constantTimeEqual, header, matchesSecret, secretDigest } from './authenticity';

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

describe('header lookup', () => {
  it('finds a header whatever the case of its name or of the name asked for', () => {
    expect(header({ 'x-heynow-partner-token': 'a' }, 'X-HeyNow-Partner-Token')).toBe('a');
    expect(header({ 'X-HeyNow-Partner-Token': 'b' }, 'x-heynow-partner-token')).toBe('b');
  });

  it('takes the first value of a repeated header, and nothing for a missing one', () => {
    expect(header({ 'x-token': ['first', 'second'] }, 'X-Token')).toBe('first');
    expect(header({ 'X-Token': ['first', 'second'] }, 'x-token')).toBe('first');
    expect(header({ other: 'x' }, 'x-token')).toBeUndefined();
  });
});
