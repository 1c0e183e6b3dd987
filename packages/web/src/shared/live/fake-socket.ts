import type { LiveEvent } from '@switchboard/protocol';

/** A WebSocket double for component tests: records every instance; tests open, feed and drop them by hand. */
export class FakeWebSocket {
  static all: FakeWebSocket[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeWebSocket.all.push(this);
  }
  static last(): FakeWebSocket {
    const socket = FakeWebSocket.all.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }
  open() {
    this.onopen?.({});
  }
  /** The server pushing `event`. */
  send(event: LiveEvent) {
    this.sendRaw(JSON.stringify(event));
  }
  sendRaw(data: unknown) {
    this.onmessage?.({ data });
  }
  /** A dropped connection, the way browsers report it: error, then close. */
  drop() {
    this.onerror?.({});
    this.onclose?.({});
  }
  close() {
    this.closed = true;
  }
}
