// The same-run baseline of the sockets benchmark: a bare `ws` server that, on `POST /broadcast?bytes=n`,
// sends one JSON text of about n bytes to every connected socket (stringified once, like a naive fan-out
// would). No auth, no audience filtering. Prints `SB_URL <url>` once listening.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

let n = 0;
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (req.method !== 'POST' || url.pathname !== '/broadcast') {
    res.writeHead(404).end();
    return;
  }
  req.resume();
  req.on('end', () => {
    const bytes = Math.min(64 * 1024, Math.max(0, Number(url.searchParams.get('bytes')) || 0));
    const id = `baseline-${++n}`;
    const event = { type: 'inbox.changed', at: Date.now(), data: { interactionId: id, status: 'waiting', pad: '' } };
    // Pad to the size of the event Switchboard sent, so both sides push the same number of bytes.
    event.data.pad = 'x'.repeat(Math.max(0, bytes - JSON.stringify(event).length));
    const text = JSON.stringify(event);
    for (const socket of wss.clients) if (socket.readyState === socket.OPEN) socket.send(text);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
  });
});

const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false });
wss.on('connection', (socket) => socket.send(JSON.stringify({ type: 'resync', data: { fresh: true } })));

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`SB_URL http://127.0.0.1:${address.port}`);
});

function stop(): void {
  for (const s of wss.clients) s.terminate();
  wss.close();
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
