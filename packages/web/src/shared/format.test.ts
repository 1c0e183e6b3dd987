import { describe, expect, it } from 'vitest';
import { formatDuration, formatSize } from './format';

describe('formatDuration', () => {
  it('shows mm:ss under an hour and h:mm:ss after', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(9_999)).toBe('00:09');
    expect(formatDuration(65_000)).toBe('01:05');
    expect(formatDuration(59 * 60_000 + 59_000)).toBe('59:59');
    expect(formatDuration(3_600_000)).toBe('1:00:00');
    expect(formatDuration(3_600_000 * 26 + 61_000)).toBe('26:01:01');
  });

  it('never goes negative when the browser clock is behind the server', () => {
    expect(formatDuration(-4_000)).toBe('00:00');
  });
});

describe('formatSize', () => {
  it('uses B, KB and MB', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(3_500)).toBe('3.4 KB');
    expect(formatSize(10 * 1024 * 1024)).toBe('10.0 MB');
  });
});
