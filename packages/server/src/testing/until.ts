// Test support: wait for something the system does asynchronously, with a deadline instead of a sleep.

/** Polls `probe` until it returns a truthy value (which is returned) or `ms` pass (which fails the test). */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
