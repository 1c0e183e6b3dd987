import { describe, expect, it } from 'vitest';
import { header } from './authenticity';

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
