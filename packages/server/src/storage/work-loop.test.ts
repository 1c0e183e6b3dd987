import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkLoop, type WorkLoopOptions } from './work-loop';

/** A drain pass the test finishes by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets every pending promise callback run (setImmediate is left real, so it runs after them). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Drain passes are queued: each call to drainOnce waits for the test to answer it. */
function harness(overrides: Partial<WorkLoopOptions> = {}) {
  const passes: { resolve: (more: boolean) => void }[] = [];
  const drainOnce = vi.fn(() => {
    const pass = deferred<boolean>();
    passes.push(pass);
    return pass.promise;
  });
  const nextDueAt = vi.fn(() => Promise.resolve<number | null>(null));
  const loop = new WorkLoop({
    drainOnce,
    nextDueAt,
    now: () => Date.now(),
    idleRecheckMs: 30_000,
    failureMessage: 'test drain failed',
    ...overrides,
  });
  return { loop, drainOnce, nextDueAt, passes };
}

describe('WorkLoop', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('coalesces wake-ups that arrive during a drain into one more pass', async () => {
    const { loop, drainOnce, passes } = harness();
    loop.start();
    expect(drainOnce).toHaveBeenCalledTimes(1);
    loop.notify();
    loop.notify();
    loop.notify();
    expect(drainOnce).toHaveBeenCalledTimes(1);
    passes[0]!.resolve(false);
    await settle();
    // Three wake-ups, one extra pass.
    expect(drainOnce).toHaveBeenCalledTimes(2);
    passes[1]!.resolve(false);
    await loop.idle();
    await settle();
    expect(drainOnce).toHaveBeenCalledTimes(2);
    await loop.stop();
  });

  it('keeps draining while batches come back full, then stops at the first empty one', async () => {
    const { loop, drainOnce, passes } = harness();
    loop.start();
    passes[0]!.resolve(true);
    await settle();
    passes[1]!.resolve(true);
    await settle();
    passes[2]!.resolve(false);
    await loop.idle();
    expect(drainOnce).toHaveBeenCalledTimes(3);
    await loop.stop();
  });

  it('stop waits for the batch in flight and takes no further batch', async () => {
    const { loop, drainOnce, passes } = harness();
    loop.start();
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    // The batch in flight says there is more; a stopped loop must not take it.
    passes[0]!.resolve(true);
    await stopping;
    expect(stopped).toBe(true);
    expect(drainOnce).toHaveBeenCalledTimes(1);
    loop.notify();
    expect(drainOnce).toHaveBeenCalledTimes(1);
  });

  it('arms the timer at the next due time and re-arms it after each drain', async () => {
    const { loop, drainOnce, nextDueAt, passes } = harness();
    nextDueAt.mockImplementation(() => Promise.resolve(Date.now() + 5_000));
    loop.start();
    passes[0]!.resolve(false);
    await loop.idle();
    await settle();
    expect(nextDueAt).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(drainOnce).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(drainOnce).toHaveBeenCalledTimes(2);
    // Nothing pending any more: the idle recheck is the safety net.
    nextDueAt.mockImplementation(() => Promise.resolve(null));
    passes[1]!.resolve(false);
    await loop.idle();
    await settle();
    expect(nextDueAt).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(drainOnce).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(drainOnce).toHaveBeenCalledTimes(3);
    passes[2]!.resolve(false);
    await loop.stop();
  });

  it('never sleeps longer than the idle recheck, and wakes at once for an overdue row', async () => {
    const { loop, drainOnce, nextDueAt, passes } = harness();
    nextDueAt.mockImplementation(() => Promise.resolve(Date.now() + 3_600_000));
    loop.start();
    passes[0]!.resolve(false);
    await loop.idle();
    await settle();
    nextDueAt.mockImplementation(() => Promise.resolve(Date.now() - 10));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(drainOnce).toHaveBeenCalledTimes(2);
    passes[1]!.resolve(false);
    await loop.idle();
    await settle();
    await vi.advanceTimersByTimeAsync(0);
    expect(drainOnce).toHaveBeenCalledTimes(3);
    passes[2]!.resolve(false);
    await loop.stop();
  });

  it('logs a failed drain with the worker’s message and keeps the timer going', async () => {
    const logger = { error: vi.fn() };
    const { loop, drainOnce, passes } = harness({ logger });
    loop.start();
    const failure = new Error('database went away');
    drainOnce.mockImplementationOnce(() => Promise.reject(failure));
    passes[0]!.resolve(true);
    await loop.idle();
    await settle();
    expect(logger.error).toHaveBeenCalledWith({ err: failure }, 'test drain failed');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(drainOnce).toHaveBeenCalledTimes(3);
    passes[passes.length - 1]!.resolve(false);
    await loop.stop();
  });

  it('stop clears the armed timer', async () => {
    const { loop, drainOnce, passes } = harness();
    loop.start();
    passes[0]!.resolve(false);
    await loop.idle();
    await settle();
    await loop.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(drainOnce).toHaveBeenCalledTimes(1);
  });
});
