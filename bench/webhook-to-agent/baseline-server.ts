// The same-run baseline of the webhook-to-agent benchmark: the naive end-to-end server of the architecture's
// performance notes. Bare `node:http`, one better-sqlite3 insert per request (WAL, synchronous=NORMAL like
// packages/server/src/storage/database.ts, automatic checkpoint left on as a naive server would), then one
// `ws` push to the socket that registered for the conversation. No auth, no routing, no JSON schema.
// With a PostgreSQL URL as second argument it is the bare PostgreSQL baseline instead: the same server, one
// pooled `pg` insert per request (default commit settings, as a naive server would leave them).
// argv: <data dir> [postgres url]. Prints `SB_URL <url>` once listening.
import { createServer } from 'node:http';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';

const dir = process.argv[2];
const postgresUrl = process.argv[3];
if (!dir) throw new Error('usage: baseline-server.ts <data dir> [postgres url]');

/** Stores one message; resolves with its row id, or null when the provider message id was already stored. */
type Insert = (conversationId: string, messageId: string, body: string | null, at: number) => Promise<number | null>;

function sqliteStore(): { insert: Insert; close(): Promise<void> } {
  const sqlite = new SQLite(join(dir!, 'baseline.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec(`create table messages (
    id integer primary key,
    conversation_id text not null,
    provider_message_id text not null unique,
    body text,
    created_at integer not null
  )`);
  const statement = sqlite.prepare(
    'insert or ignore into messages (conversation_id, provider_message_id, body, created_at) values (?, ?, ?, ?)',
  );
  return {
    insert: (conversationId, messageId, body, at) => {
      const row = statement.run(conversationId, messageId, body, at);
      return Promise.resolve(row.changes > 0 ? Number(row.lastInsertRowid) : null);
    },
    close: async () => {
      sqlite.close();
    },
  };
}

async function postgresStore(url: string): Promise<{ insert: Insert; close(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query(`create table messages (
    id bigserial primary key,
    conversation_id text not null,
    provider_message_id text not null unique,
    body text,
    created_at bigint not null
  )`);
  return {
    insert: async (conversationId, messageId, body, at) => {
      const { rows } = await pool.query<{ id: string }>({
        name: 'insert-message',
        text: 'insert into messages (conversation_id, provider_message_id, body, created_at) values ($1, $2, $3, $4) on conflict do nothing returning id',
        values: [conversationId, messageId, body, at],
      });
      return rows[0] ? Number(rows[0].id) : null;
    },
    close: () => pool.end(),
  };
}

const store = postgresUrl ? await postgresStore(postgresUrl) : sqliteStore();

/** conversation id → the one socket that owns it (each client registers with `?conversation=`). */
const owners = new Map<string, WebSocket>();

const server = createServer((req, res) => {
  if (req.method !== 'POST' || !req.url?.startsWith('/webhooks/')) {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let event: { conversationId?: string; messageId?: string; text?: string };
    try {
      event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof event;
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (!event.conversationId || !event.messageId) {
      res.writeHead(400).end();
      return;
    }
    const at = Date.now();
    const conversationId = event.conversationId;
    store.insert(conversationId, event.messageId, event.text ?? null, at).then(
      (id) => {
        const socket = owners.get(conversationId);
        if (id !== null && socket && socket.readyState === socket.OPEN) {
          socket.send(JSON.stringify({ type: 'message', at, data: { interactionId: conversationId, messageId: id } }));
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      },
      () => res.writeHead(500).end(),
    );
  });
});

const wss = new WebSocketServer({ server, path: '/ws' });
wss.on('connection', (socket, req) => {
  const conversation = new URL(req.url ?? '/', 'http://x').searchParams.get('conversation');
  if (!conversation) return socket.close(1008, 'conversation required');
  owners.set(conversation, socket);
  socket.on('close', () => {
    if (owners.get(conversation) === socket) owners.delete(conversation);
  });
  socket.send(JSON.stringify({ type: 'resync', data: {} }));
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`SB_URL http://127.0.0.1:${address.port}`);
});

function stop(): void {
  for (const s of wss.clients) s.terminate();
  wss.close();
  server.close(() => {
    void store.close().finally(() => process.exit(0));
  });
  server.closeAllConnections();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
