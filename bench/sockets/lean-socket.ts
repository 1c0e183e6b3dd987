// The sockets benchmark's client: just enough WebSocket (RFC 6455) over `node:net` to hold thousands of sockets in
// one process cheaply, so that the fan-out time measures the server rather than the client library. With the `ws`
// client, reading 10,000 frames per event went through a Writable stream, an EventEmitter and a Buffer copy per
// socket, and cost the benchmark process more CPU than the server spent sending them. Here each socket reads into
// one buffer shared by every socket (`onread`, no stream machinery), frames are parsed in place, and the payload is
// handed over as a view of that buffer.
//
// Client side only: unmasked server frames in, masked control frames out (pong, close). No extensions (no
// `permessage-deflate` is offered), no subprotocols.
import { createHash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const MAX_PAYLOAD = 16 * 2 ** 20;

export class FrameError extends Error {}

export interface FrameHandlers {
  /** A whole text or binary message. `payload` is valid only during the call (it may view a shared buffer). */
  message(payload: Buffer, binary: boolean): void;
  ping(payload: Buffer): void;
  /** The peer's close frame: its code (1005 when it gave none) and reason. */
  close(code: number, reason: string): void;
}

/**
 * Parses the server-to-client frames of one socket from TCP chunks of any size: a frame split over chunks is
 * completed by the next ones, several frames in one chunk are handled in order. Bytes of an unfinished frame are
 * copied out, since the chunk itself may be a reused buffer.
 */
export class FrameReader {
  /** Copies of the bytes of an unfinished frame, and how many bytes the next step of parsing needs. */
  private parts: Buffer[] = [];
  private partsLength = 0;
  private need = 0;
  private fragments: Buffer[] = [];
  private fragmentBinary = false;

  constructor(private readonly handlers: FrameHandlers) {}

  /** Reads `chunk`'s first `length` bytes (all of it by default: a reused read buffer needs no view per read). */
  push(chunk: Buffer, length = chunk.length): void {
    let data = chunk;
    let end = length;
    if (this.partsLength > 0) {
      // Gathered without joining until the frame is complete, so a large frame in small chunks stays linear.
      this.parts.push(Buffer.from(chunk.subarray(0, length)));
      this.partsLength += length;
      if (this.partsLength < this.need) return;
      data = Buffer.concat(this.parts, this.partsLength);
      end = data.length;
      this.parts = [];
      this.partsLength = 0;
    }
    let at = 0;
    let need = 2;
    while (end - at >= need) {
      const b0 = data[at]!;
      const b1 = data[at + 1]!;
      if (b1 & 0x80) throw new FrameError('a server frame must not be masked');
      if (b0 & 0x70) throw new FrameError('reserved bits set without an extension');
      let length = b1 & 0x7f;
      let header = 2;
      if (length === 126) {
        header = 4;
        if (end - at < header) {
          need = header;
          break;
        }
        length = data.readUInt16BE(at + 2);
      } else if (length === 127) {
        header = 10;
        if (end - at < header) {
          need = header;
          break;
        }
        const long = data.readBigUInt64BE(at + 2);
        if (long > BigInt(MAX_PAYLOAD)) throw new FrameError(`frame of ${long} bytes is over the limit`);
        length = Number(long);
      }
      if (end - at < header + length) {
        need = header + length;
        break;
      }
      this.frame(b0, data.subarray(at + header, at + header + length));
      at += header + length;
      need = 2;
    }
    if (at < end) {
      this.parts = [Buffer.from(data.subarray(at, end))];
      this.partsLength = end - at;
      this.need = need;
    }
  }

  private frame(b0: number, payload: Buffer): void {
    const fin = (b0 & 0x80) !== 0;
    const opcode = b0 & 0x0f;
    if (opcode >= 0x8) {
      if (!fin || payload.length > 125) throw new FrameError('control frames must be whole and at most 125 bytes');
      if (opcode === 0x8) {
        if (payload.length === 1) throw new FrameError('a close payload of one byte');
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        this.handlers.close(code, payload.subarray(2).toString('utf8'));
      } else if (opcode === 0x9) this.handlers.ping(payload);
      else if (opcode !== 0xa) throw new FrameError(`unknown control opcode ${opcode}`);
      return;
    }
    if (opcode === 0x0) {
      if (this.fragments.length === 0) throw new FrameError('a continuation frame without a message');
      this.fragments.push(Buffer.from(payload));
      if (!fin) return;
      const whole = Buffer.concat(this.fragments);
      this.fragments = [];
      this.handlers.message(whole, this.fragmentBinary);
      return;
    }
    if (opcode !== 0x1 && opcode !== 0x2) throw new FrameError(`unknown data opcode ${opcode}`);
    if (this.fragments.length > 0) throw new FrameError('a new message inside a fragmented one');
    if (fin) return this.handlers.message(payload, opcode === 0x2);
    this.fragments.push(Buffer.from(payload));
    this.fragmentBinary = opcode === 0x2;
  }
}

/** A masked client frame (the WebSocket protocol masks every client frame). Control frames only, so ≤ 125 bytes. */
export function clientFrame(opcode: number, payload: Buffer): Buffer {
  if (payload.length > 125) throw new FrameError('control frames carry at most 125 bytes');
  const mask = randomBytes(4);
  const frame = Buffer.allocUnsafe(6 + payload.length);
  frame[0] = 0x80 | opcode;
  frame[1] = 0x80 | payload.length;
  mask.copy(frame, 2);
  for (let i = 0; i < payload.length; i++) frame[6 + i] = payload[i]! ^ mask[i & 3]!;
  return frame;
}

export interface LeanSocketEvents {
  message(payload: Buffer, binary: boolean): void;
  /** Once, when the connection is gone for any reason (1006 when no close frame came). */
  closed?(code: number): void;
}

// One read buffer for every socket of this thread: each read is handled to the end before the next one starts.
const readBuffer = Buffer.allocUnsafe(256 * 1024);

export class LeanSocket {
  private closeCode: number | null = null;
  private closeSent = false;
  private finished = false;

  private constructor(
    private readonly socket: Socket,
    private readonly events: LeanSocketEvents,
  ) {}

  /**
   * Opens `ws://host:port/path` with the extra request `headers` (a cookie, say); resolves once the server has
   * answered 101 with the right `Sec-WebSocket-Accept`.
   */
  static open(url: string, headers: Record<string, string>, events: LeanSocketEvents): Promise<LeanSocket> {
    const target = new URL(url);
    if (target.protocol !== 'ws:') throw new Error(`only ws:// URLs, got ${url}`);
    const key = randomBytes(16).toString('base64');
    const accept = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    return new Promise((resolve, reject) => {
      let lean: LeanSocket | null = null;
      let response: Buffer | null = Buffer.alloc(0);
      let reader: FrameReader | null = null;
      const fail = (error: Error) => {
        socket.destroy();
        if (!lean) reject(error);
      };
      const socket = connect({
        host: target.hostname,
        port: Number(target.port || 80),
        noDelay: true,
        onread: {
          buffer: readBuffer,
          callback: (n) => {
            try {
              if (!response) {
                reader!.push(readBuffer, n);
                return true;
              }
              response = Buffer.concat([response, readBuffer.subarray(0, n)]);
              const end = response.indexOf('\r\n\r\n');
              if (end < 0) {
                if (response.length > 16 * 1024) throw new FrameError('handshake response too long');
                return true;
              }
              checkHandshake(response.subarray(0, end).toString('latin1'), accept);
              const rest = response.subarray(end + 4);
              response = null;
              lean = new LeanSocket(socket, events);
              reader = lean.readerFor();
              resolve(lean);
              if (rest.length > 0) reader.push(rest);
            } catch (error) {
              fail(error as Error);
            }
            return true;
          },
        },
      });
      socket.on('connect', () => {
        const lines = [
          `GET ${target.pathname}${target.search} HTTP/1.1`,
          `Host: ${target.host}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${key}`,
          'Sec-WebSocket-Version: 13',
          ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
        ];
        socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      });
      socket.on('error', (error) => fail(error));
      socket.on('close', () => {
        if (!lean) return reject(new Error(`connection to ${url} closed during the handshake`));
        lean.finish(lean.closeCode ?? 1006);
      });
    });
  }

  /** Starts the closing handshake (the server answers, then ends the connection). */
  close(code = 1000): void {
    if (this.closeSent || this.socket.destroyed) return;
    this.closeSent = true;
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code);
    this.socket.write(clientFrame(0x8, payload));
  }

  /** Drops the connection without a closing handshake. */
  terminate(): void {
    this.socket.destroy();
  }

  private readerFor(): FrameReader {
    return new FrameReader({
      message: (payload, binary) => this.events.message(payload, binary),
      ping: (payload) => {
        if (!this.closeSent) this.socket.write(clientFrame(0xa, Buffer.from(payload)));
      },
      close: (code) => {
        this.closeCode = code;
        // Echo the close (without a code when none came, as the protocol asks), then end our side.
        if (!this.closeSent) {
          this.closeSent = true;
          const payload = Buffer.alloc(code === 1005 ? 0 : 2);
          if (code !== 1005) payload.writeUInt16BE(code);
          this.socket.write(clientFrame(0x8, payload));
        }
        this.socket.end();
      },
    });
  }

  private finish(code: number): void {
    if (this.finished) return;
    this.finished = true;
    this.events.closed?.(code);
  }
}

function checkHandshake(head: string, accept: string): void {
  const [status, ...lines] = head.split('\r\n');
  if (!/^HTTP\/1\.1 101 /.test(status ?? '')) throw new FrameError(`handshake refused: ${status}`);
  const fields = new Map(
    lines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as const;
    }),
  );
  if (fields.get('upgrade')?.toLowerCase() !== 'websocket') throw new FrameError('handshake without Upgrade');
  if (fields.get('sec-websocket-accept') !== accept) throw new FrameError('wrong Sec-WebSocket-Accept');
  if (fields.has('sec-websocket-extensions'))
    throw new FrameError('an extension was negotiated though none was offered');
}
