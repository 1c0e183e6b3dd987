// Runs SQLite WAL checkpoints on its own thread and connection, so that copying the WAL back into the
// database never blocks the server's event loop inside a COMMIT (measured: 20–35 ms stalls otherwise).
//
// A PASSIVE checkpoint copies frames but never resets the WAL while writes keep coming (measured: 819 MiB in
// 60 s at 300 webhooks/s), because the WAL only restarts from its beginning once every frame is copied and
// no reader still needs it. So when the WAL holds more than `limitBytes`, the worker asks the main thread to
// pause its connection ('restart-needed'); once paused ('go'), a TRUNCATE checkpoint copies the rest and
// empties the file. Pausing on the main thread matters: a TRUNCATE takes the writer lock, and a transaction
// on the serving connection that read first and then writes would get SQLITE_BUSY at once (SQLite never
// retries a read-to-write upgrade) instead of waiting.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { filename, intervalMs, limitBytes, busyTimeoutMs } = workerData;
const db = new Database(filename);
// How long a TRUNCATE may wait for another process's reader before giving up for this round.
db.pragma(`busy_timeout = ${busyTimeoutMs}`);
db.pragma(`journal_size_limit = ${limitBytes}`);
const frameBytes = db.pragma('page_size', { simple: true }) + 24;

let waitingForPause = false;
let stopped = false;

const timer = setInterval(() => {
  if (waitingForPause || stopped) return;
  let log = 0;
  try {
    // PASSIVE never waits for readers or writers: it copies what it can and tries again next time.
    [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A busy database is fine: the next round catches up.
  }
  if (log * frameBytes >= limitBytes) {
    waitingForPause = true;
    parentPort.postMessage({ type: 'restart-needed' });
  }
}, intervalMs);

parentPort.on('message', (message) => {
  if (message === 'go') {
    let result = { busy: 1, log: -1, checkpointed: -1 };
    try {
      [result] = db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Busy (another process holds a snapshot longer than busyTimeoutMs): the next round tries again.
    }
    waitingForPause = false;
    parentPort.postMessage({ type: 'restarted', busy: result.busy });
    return;
  }
  if (message !== 'stop') return;
  stopped = true;
  clearInterval(timer);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // best effort on the way out
  }
  db.close();
  parentPort.postMessage({ type: 'stopped' });
});
