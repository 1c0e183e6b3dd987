// The same-run baseline of the wal-growth benchmark: what a naive webhook receiver does. Bare `node:http`,
// one better-sqlite3 insert of the webhook's body per request, WAL with synchronous=NORMAL and SQLite's
// default automatic checkpoint (1000 pages, on the committing connection). No auth, no routing, no outbox.
// argv: <database file>. Prints `SB_URL <url>` once listening.
import { createServer } from 'node:http';
import SQLite from 'better-sqlite3';

const file = process.argv[2];
if (!file) throw new Error('usage: baseline-server.ts <database file>');

const sqlite = new SQLite(file);
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('synchronous = NORMAL');
sqlite.exec(`create table webhooks (
  id integer primary key,
  conversation_id text,
  event text,
  body text not null,
  received_at integer not null
)`);
const insert = sqlite.prepare('insert into webhooks (conversation_id, event, body, received_at) values (?, ?, ?, ?)');

const server = createServer((req, res) => {
  if (req.method !== 'POST' || !req.url?.startsWith('/webhooks/')) {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    let event: { conversationId?: unknown; event?: unknown };
    try {
      event = JSON.parse(body) as typeof event;
    } catch {
      res.writeHead(400).end();
      return;
    }
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    insert.run(text(event.conversationId), text(event.event), body, Date.now());
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`SB_URL http://127.0.0.1:${address.port}`);
});

function stop(): void {
  server.close(() => {
    sqlite.close();
    process.exit(0);
  });
  server.closeAllConnections();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
