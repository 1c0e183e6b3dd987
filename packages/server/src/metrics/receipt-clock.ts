/**
 * When the webhook that an interaction is waiting on was received, until the live channel pushes it to the
 * owning agent (webhook-to-agent latency). Ingest stamps after its commit, the live gateway reports the push;
 * one entry per interaction, the earliest unpushed receipt (the customer has waited since then).
 * Bounded: interactions nobody ever sees (closed unrouted, no agent signed in) are evicted oldest first.
 */
export class ReceiptClock {
  private readonly received = new Map<string, number>();

  constructor(
    private readonly observe: (ms: number) => void,
    private readonly capacity = 10_000,
  ) {}

  /** A webhook concerning `interactionId`, received at `at` (ms), was stored. */
  stamp(interactionId: string, at: number): void {
    if (this.received.has(interactionId)) return;
    if (this.received.size >= this.capacity) {
      const oldest = this.received.keys().next().value;
      if (oldest !== undefined) this.received.delete(oldest);
    }
    this.received.set(interactionId, at);
  }

  /** The interaction reached its agent's socket at `now`: one observation, then forgotten. */
  pushed(interactionId: string, now: number): void {
    const at = this.received.get(interactionId);
    if (at === undefined) return;
    this.received.delete(interactionId);
    this.observe(Math.max(0, now - at));
  }

  /** The interaction closed: whatever was pending on it will never reach an agent. */
  forget(interactionId: string): void {
    this.received.delete(interactionId);
  }

  /** Entries held (tests). */
  get size(): number {
    return this.received.size;
  }
}
