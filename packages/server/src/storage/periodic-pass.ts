/**
 * Runs `pass` now and then every `everyMs`, one pass at a time (a pass still running when the next is due is
 * not doubled); the timer never keeps the process alive. A failed pass goes to `onError` and the next one
 * comes as usual. The returned stop function resolves once a pass under way has finished, so a caller can
 * close the database after it without a pass still writing.
 */
export function startPeriodicPass(
  everyMs: number,
  pass: () => Promise<unknown>,
  onError: (error: unknown) => void,
): () => Promise<void> {
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= pass()
      .then(() => undefined, onError)
      .finally(() => (running = undefined));
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
