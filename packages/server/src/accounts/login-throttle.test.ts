import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle';

describe('login throttle', () => {
  it('forgets failures once they leave the window, and says how long to wait until then', () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle(2, 60_000, () => now);
    throttle.recordFailure('Ana', '10.0.0.1');
    now += 10_000;
    throttle.recordFailure('ana', '10.0.0.2');
    expect(throttle.retryAfterMs('ANA', '10.0.0.3')).toBe(50_000);
    now += 50_000;
    expect(throttle.retryAfterMs('ana', '10.0.0.3')).toBe(0);
  });
});
