import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPeriodicPass } from './periodic-pass';

/** Passes the test finishes by hand. */
function controlledPasses() {
  const finishers: ((fail?: Error) => void)[] = [];
  const pass = () =>
    new Promise<void>((resolve, reject) => finishers.push((fail) => (fail ? reject(fail) : resolve())));
  return { pass, finishers };
}

describe('a periodic pass', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs at once, never two passes at a time, and runs again at the next tick once the last has finished', async () => {
    const { pass, finishers } = controlledPasses();
    const stop = startPeriodicPass(10, pass, () => undefined);
    expect(finishers).toHaveLength(1);
    // Five intervals go by while the first pass is still running: none starts a second one.
    await vi.advanceTimersByTimeAsync(50);
    expect(finishers).toHaveLength(1);
    finishers[0]!();
    await vi.advanceTimersByTimeAsync(10);
    expect(finishers).toHaveLength(2);
    finishers[1]!();
    await stop();
  });

  it('hands a failed pass to onError and keeps going', async () => {
    const { pass, finishers } = controlledPasses();
    const errors: unknown[] = [];
    const stop = startPeriodicPass(10, pass, (error) => errors.push(error));
    const failure = new Error('database away');
    finishers[0]!(failure);
    await vi.advanceTimersByTimeAsync(10);
    expect(errors).toEqual([failure]);
    expect(finishers).toHaveLength(2);
    finishers[1]!();
    await stop();
  });

  it('stops only once the pass under way has finished, and starts no other after', async () => {
    const { pass, finishers } = controlledPasses();
    const stop = startPeriodicPass(10, pass, () => undefined);
    let stopped = false;
    const stopping = stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(50);
    expect(stopped).toBe(false);
    finishers[0]!();
    await stopping;
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(50);
    expect(finishers).toHaveLength(1);
  });
});
