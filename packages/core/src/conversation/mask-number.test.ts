import { describe, expect, it } from 'vitest';
import { maskNumber } from './mask-number';

describe('maskNumber', () => {
  it('shows the number as is with masking none', () => {
    expect(maskNumber('+598 98 765 123', 'none')).toBe('+598 98 765 123');
  });

  it('keeps the first four and last three digits and the original separators', () => {
    expect(maskNumber('+598 98 765 123', 'partial')).toBe('+598 9• ••• 123');
    expect(maskNumber('+59898765123', 'partial')).toBe('+5989••••123');
    expect(maskNumber('+1 (212) 555-0199', 'partial')).toBe('+1 (212) •••-•199');
  });

  it('hides at least half of a short number', () => {
    expect(maskNumber('4567', 'partial')).toBe('••67');
    expect(maskNumber('1234567', 'partial')).toBe('•••••67');
    expect(maskNumber('', 'partial')).toBe('');
  });
});
