/**
 * Slows password guessing (issue 8, item 11): counts FAILED sign-ins per username and per client address over
 * a sliding window. Successful sign-ins are never counted, so a user who signs in often is never blocked,
 * while guessing one username from many addresses, or many usernames from one address, is.
 */
export class LoginThrottle {
  /** key → times of the most recent failures (at most `limit` of them, oldest first) */
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until a sign-in for this username from this address may be tried again; 0 = now. */
  retryAfterMs(username: string, address: string): number {
    const at = this.now();
    return Math.max(0, ...this.keys(username, address).map((key) => this.waitFor(key, at)));
  }

  recordFailure(username: string, address: string): void {
    const at = this.now();
    for (const key of this.keys(username, address)) {
      const times = this.recent(key, at);
      times.push(at);
      if (times.length > this.limit) times.splice(0, times.length - this.limit);
      this.failures.set(key, times);
    }
    // Keys whose failures all aged out are dropped, so a spray of usernames cannot grow the map for ever.
    if (this.failures.size > 10_000) for (const key of [...this.failures.keys()]) this.recent(key, at);
  }

  private keys(username: string, address: string): string[] {
    return [`user:${username.toLowerCase()}`, `addr:${address}`];
  }

  private waitFor(key: string, at: number): number {
    const times = this.recent(key, at);
    if (times.length < this.limit) return 0;
    return times[times.length - this.limit]! + this.windowMs - at;
  }

  private recent(key: string, at: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => t > at - this.windowMs);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }
}
