// Per-sender pacing for the outbox (WhatsApp Cloud: Meta's throughput is per phone number id).

/**
 * A token bucket of `perSecond` tokens per key in which a spent token comes back exactly one second after
 * it was spent. Unlike a bucket refilled continuously (which lets up to twice the rate through in some
 * one-second window: a full bucket plus a second of refill), this never lets more than `perSecond` sends
 * through in any one-second window, while still allowing a burst up to the budget. Pure: the caller passes
 * the time.
 */
export class SendBudget {
  /** Spend times (epoch ms) of the last second, oldest first, by key. */
  private readonly spent = new Map<string, number[]>();

  /**
   * Spends a token for `key` at `now` and returns 0, or returns how many ms to wait until one comes back
   * (nothing is spent then).
   */
  take(key: string, perSecond: number, now: number): number {
    const limit = Math.max(1, Math.floor(perSecond));
    let times = this.spent.get(key);
    if (!times) {
      times = [];
      this.spent.set(key, times);
    }
    // Tokens spent a second or more ago are back in the bucket.
    let back = 0;
    while (back < times.length && times[back]! <= now - 1000) back++;
    if (back > 0) times.splice(0, back);
    if (times.length < limit) {
      times.push(now);
      return 0;
    }
    return times[times.length - limit]! + 1000 - now;
  }

  /** Keys with nothing spent in the last second are forgotten (bounded memory for many numbers). */
  forgetIdle(now: number): void {
    for (const [key, times] of this.spent) {
      if (times.length === 0 || times[times.length - 1]! <= now - 1000) this.spent.delete(key);
    }
  }
}
