// Runs SQLite WAL checkpoints on its own thread and connection, so that copying the WAL back into the
// database never blocks the server's event loop inside a COMMIT (measured: 20–35 ms stalls otherwise).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.filename);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    // PASSIVE never waits for readers or writers: it copies what it can and tries again next time.
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A busy database is fine: the next round catches up.
  }
}, workerData.intervalMs);

parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // best effort on the way out
  }
  db.close();
  parentPort.postMessage('stopped');
});
