import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect, createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { FrameReader, LeanSocket } from './lean-socket';

const small = 'hello';
const medium = 'm'.repeat(300); // 16-bit length
const large = 'L'.repeat(70_000); // 64-bit length

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** A real `ws` server on 127.0.0.1; `onSocket` runs for each connection with its upgrade request's headers. */
async function wsServer(onSocket: (socket: WebSocket, headers: Record<string, unknown>) => void) {
  const http: Server = createHttpServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  wss.on('connection', (socket, request) => onSocket(socket, request.headers));
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  closers.push(async () => {
    for (const s of wss.clients) s.terminate();
    wss.close();
    http.close();
    await once(http, 'close');
  });
  return `ws://127.0.0.1:${(http.address() as AddressInfo).port}/ws`;
}

/** What the server sends in the recorded stream, in order. */
function sendAll(socket: WebSocket) {
  socket.send(small);
  socket.send(medium);
  socket.send(large);
  socket.send(Buffer.from([1, 2, 3]), { binary: true });
  socket.send('frag-', { fin: false });
  socket.ping('p1');
  socket.send('mented', { fin: true });
  socket.close(4001, 'bye');
}

/** The bytes a real `ws` server writes after the handshake, read by a bare TCP client until the server ends. */
async function recordServerBytes(): Promise<Buffer> {
  const url = new URL(await wsServer(sendAll));
  const socket = connect(Number(url.port), url.hostname);
  await once(socket, 'connect');
  socket.write(
    `GET /ws HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  // The stream ends with the server's close frame: FIN + close, 5 bytes, code 4001, "bye".
  const closeFrame = Buffer.from([0x88, 5, 0x0f, 0xa1, ...Buffer.from('bye')]);
  let all = Buffer.alloc(0);
  await new Promise<void>((resolve) =>
    socket.on('data', (c: Buffer) => {
      all = Buffer.concat([all, c]);
      if (all.subarray(-closeFrame.length).equals(closeFrame)) resolve();
    }),
  );
  socket.destroy();
  return all.subarray(all.indexOf('\r\n\r\n') + 4);
}

function reading() {
  const seen: string[] = [];
  const reader = new FrameReader({
    message: (payload, binary) =>
      seen.push(
        binary ? `binary ${payload.toString('hex')}` : `text ${payload.length} ${payload.toString().slice(0, 8)}`,
      ),
    ping: (payload) => seen.push(`ping ${payload.toString()}`),
    close: (code, reason) => seen.push(`close ${code} ${reason}`),
  });
  return { seen, reader };
}

const expected = [
  'text 5 hello',
  'text 300 mmmmmmmm',
  'text 70000 LLLLLLLL',
  'binary 010203',
  'ping p1',
  'text 11 frag-men',
  'close 4001 bye',
];

describe('FrameReader on the frames a real ws server writes', () => {
  it('reads every frame when they all come in one chunk', async () => {
    const bytes = await recordServerBytes();
    const { seen, reader } = reading();
    reader.push(bytes);
    expect(seen).toEqual(expected);
  });

  it('reads frames split at every byte', async () => {
    const bytes = await recordServerBytes();
    const { seen, reader } = reading();
    for (let i = 0; i < bytes.length; i++) reader.push(bytes.subarray(i, i + 1));
    expect(seen).toEqual(expected);
  });

  it('reads frames split anywhere, from a chunk buffer that is reused for the next read', async () => {
    const bytes = await recordServerBytes();
    for (let round = 0; round < 50; round++) {
      const { seen, reader } = reading();
      const shared = Buffer.alloc(bytes.length);
      for (let at = 0; at < bytes.length;) {
        const n = Math.min(bytes.length - at, 1 + Math.floor(Math.random() * (round % 2 ? 40 : 9000)));
        bytes.copy(shared, 0, at, at + n);
        // Only the first n bytes are this read's: the rest is left over from earlier ones.
        reader.push(shared, n);
        shared.fill(0xee);
        at += n;
      }
      expect(seen).toEqual(expected);
    }
  });

  it('refuses a masked frame from the server', () => {
    const { reader } = reading();
    expect(() => reader.push(Buffer.from([0x81, 0x81, 1, 2, 3, 4, 0x61]))).toThrow(/masked/);
  });
});

describe('LeanSocket against a real ws server', () => {
  it('sends its headers, receives every message size, answers ping with pong and echoes the close', async () => {
    const pongs: string[] = [];
    let serverClose: Promise<unknown[]> | null = null;
    let cookie: unknown;
    const url = await wsServer((socket, headers) => {
      cookie = headers.cookie;
      socket.on('pong', (p: Buffer) => pongs.push(p.toString()));
      serverClose = once(socket, 'close');
      sendAll(socket);
    });
    const seen: string[] = [];
    let closed!: (code: number) => void;
    const closedCode = new Promise<number>((r) => (closed = r));
    await LeanSocket.open(
      url,
      { cookie: 'sb_session=abc' },
      {
        message: (p, binary) =>
          seen.push(binary ? `binary ${p.toString('hex')}` : `text ${p.length} ${p.toString().slice(0, 8)}`),
        closed,
      },
    );
    expect(await closedCode).toBe(4001);
    expect(cookie).toBe('sb_session=abc');
    expect(seen).toEqual(expected.filter((e) => !e.startsWith('ping') && !e.startsWith('close')));
    expect(pongs).toEqual(['p1']);
    // The server saw our close frame echo its code (1006 would mean the connection just dropped).
    const [code] = (await serverClose!) as [number];
    expect(code).toBe(4001);
  });

  it('closes cleanly when the client starts the closing handshake', async () => {
    let serverClose: Promise<unknown[]> | null = null;
    const url = await wsServer((socket) => {
      serverClose = once(socket, 'close');
      socket.send(small);
    });
    let closed!: (code: number) => void;
    const closedCode = new Promise<number>((r) => (closed = r));
    let greeted!: () => void;
    const greeting = new Promise<void>((r) => (greeted = r));
    const socket = await LeanSocket.open(url, {}, { message: () => greeted(), closed });
    await greeting;
    socket.close(1000);
    expect(await closedCode).toBe(1000);
    expect(((await serverClose!) as [number])[0]).toBe(1000);
  });

  it('refuses a server whose Sec-WebSocket-Accept does not answer its key', async () => {
    const server = createServer((s) =>
      s.once('data', () =>
        s.end(
          'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
            `Sec-WebSocket-Accept: ${createHash('sha1').update('not the key').digest('base64')}\r\n\r\n`,
        ),
      ),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    closers.push(() => void server.close());
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
    await expect(LeanSocket.open(url, {}, { message: () => {} })).rejects.toThrow(/Sec-WebSocket-Accept/);
  });
});
