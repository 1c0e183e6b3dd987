// The client half of the sockets benchmark: N lean sockets that count, per event, how many of them have received
// it. Both sides (Switchboard and the bare baseline) are read by this same code, so neither pays for the client
// more than the other.
import { performance } from 'node:perf_hooks';
import { LeanSocket } from './lean-socket';

const INBOX_CHANGED = Buffer.from('"type":"inbox.changed"');
const WAITING = Buffer.from('"status":"waiting"');
const INTERACTION_ID = Buffer.from('"interactionId":"');
const QUOTE = 0x22;

/**
 * The interaction id of an `inbox.changed` event with status `waiting`, found by searching the frame's bytes: every
 * socket reads every frame, so a `JSON.parse` per frame would be the client's largest cost. Both servers write the
 * event with `JSON.stringify` (no spaces), and ids need no escaping.
 */
export function waitingInteraction(frame: Buffer): string | null {
  if (frame.indexOf(INBOX_CHANGED) < 0 || frame.indexOf(WAITING) < 0) return null;
  const at = frame.indexOf(INTERACTION_ID);
  if (at < 0) return null;
  const start = at + INTERACTION_ID.length;
  const end = frame.indexOf(QUOTE, start);
  return end < 0 ? null : frame.toString('latin1', start, end);
}

interface Member {
  socket: LeanSocket | null;
  greeted: boolean;
  /** The last event this socket counted, so that a repeat of it is not counted twice. */
  counted: string | null;
}

export class Fanout {
  private readonly members: Member[] = [];
  private expected: { received: number; last: number; all: () => void } | null = null;
  /** Bytes of the last frame counted (what the server sent each socket). */
  messageBytes = 0;

  get size(): number {
    return this.members.length;
  }

  /** Opens one socket; resolves on its first message (both servers greet a new socket with `resync`). */
  open(url: string, headers: Record<string, string>): Promise<void> {
    const member: Member = { socket: null, greeted: false, counted: null };
    this.members.push(member);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no greeting from ${url} within 20 s`)), 20_000);
      LeanSocket.open(url, headers, {
        message: (frame) => {
          if (!member.greeted) {
            member.greeted = true;
            clearTimeout(timer);
            return resolve();
          }
          const e = this.expected;
          if (!e) return;
          const key = waitingInteraction(frame);
          if (key === null || member.counted === key) return;
          member.counted = key;
          this.messageBytes = frame.length;
          // performance.now() only for the last one: it is the only time reported.
          if (++e.received === this.members.length) {
            e.last = performance.now();
            e.all();
          }
        },
        closed: (code) => {
          clearTimeout(timer);
          if (!member.greeted) reject(new Error(`socket closed before its greeting (${code})`));
        },
      }).then(
        (socket) => (member.socket = socket),
        (error: unknown) => {
          clearTimeout(timer);
          reject(error as Error);
        },
      );
    });
  }

  /**
   * Runs `trigger` and resolves with the ms from just before it until every socket counted one new event (or the
   * deadline passed: then `received` < N).
   */
  async measure(trigger: () => Promise<void>, deadlineMs = 30_000): Promise<{ ms: number; received: number }> {
    let all = () => {};
    const done = new Promise<void>((resolve) => (all = resolve));
    const e = { received: 0, last: Number.NaN, all };
    this.expected = e;
    const start = performance.now();
    await trigger();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Waits for the last socket without polling (the client shares the machine's two cores with the server).
    await Promise.race([done, new Promise((r) => (timer = setTimeout(r, deadlineMs)))]);
    clearTimeout(timer);
    this.expected = null;
    return { ms: e.last - start, received: e.received };
  }

  close(): void {
    for (const m of this.members) m.socket?.terminate();
  }
}
