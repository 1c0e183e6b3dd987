// Samples a database's -wal file size on a thread of its own (every 10 ms, well inside the ~50 ms the
// benchmark needs), so a busy main thread cannot skip a peak. Keeps the overall peak and one peak per minute.
import { Worker } from 'node:worker_threads';

const SAMPLER = `
const { workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const stop = new Int32Array(workerData.stop);
const peaks = new Float64Array(workerData.peaks);
const started = Date.now();
while (Atomics.load(stop, 0) === 0) {
  let size = 0;
  try { size = statSync(workerData.wal).size; } catch {}
  const minute = Math.min(peaks.length - 2, Math.floor((Date.now() - started) / 60000));
  peaks[0] = Math.max(peaks[0], size);
  peaks[minute + 1] = Math.max(peaks[minute + 1], size);
  Atomics.wait(stop, 0, 0, 10);
}
`;

export interface WalPeaks {
  peakBytes: number;
  /** the peak of each minute since the sampler started */
  perMinuteBytes: number[];
}

export function sampleWal(walFile: string, maxMinutes: number): { stop(): Promise<WalPeaks> } {
  const stop = new SharedArrayBuffer(4);
  const peaks = new SharedArrayBuffer(8 * (maxMinutes + 2));
  const worker = new Worker(SAMPLER, { eval: true, workerData: { wal: walFile, stop, peaks } });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      Atomics.store(new Int32Array(stop), 0, 1);
      Atomics.notify(new Int32Array(stop), 0);
      await exited;
      const all = Array.from(new Float64Array(peaks));
      const minutes = all.slice(1);
      while (minutes.length > 1 && minutes[minutes.length - 1] === 0) minutes.pop();
      return { peakBytes: all[0]!, perMinuteBytes: minutes };
    },
  };
}
