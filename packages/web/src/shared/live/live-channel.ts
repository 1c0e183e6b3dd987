import { checkLiveEvent, type LiveEvent } from '@switchboard/protocol';

/** The part of the browser's WebSocket the channel uses, so tests can hand in a fake. */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(): void;
}

export type LiveState = 'connecting' | 'open' | 'reconnecting' | 'stopped';

export interface LiveChannelOptions {
  /** Where to connect; `since` is the last sequence number seen, null before the first event. */
  url: (since: number | null) => string;
  createSocket: (url: string) => SocketLike;
  onEvent: (event: LiveEvent) => void;
  /**
   * Called when a connection opens again after a drop without any sequence number to resume from:
   * what happened meanwhile is unknown, so the caller refetches.
   */
  onGap?: () => void;
  onState?: (state: LiveState) => void;
  /** Told about each frame dropped as unknown or invalid; the console by default. */
  warn?: LiveWarn;
  /** Backoff: first wait and cap, in ms. */
  minDelay?: number;
  maxDelay?: number;
  /** 0..1; spreads reconnects so that every agent does not knock at the same instant after a restart. */
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Where dropped frames are reported; tests hand in a spy. */
export type LiveWarn = (message: string, detail: string) => void;
const consoleWarn: LiveWarn = (message, detail) => console.warn(message, detail);

/**
 * Validates at the edge against the live event union (packages/protocol/src/live-events.ts): what comes out
 * is narrowed by `type`. Anything else is dropped with a warning instead of reaching a handler: a frame that
 * is not JSON or breaks its type's schema, or a type this build does not know (a newer server's).
 */
export function parseLiveEvent(raw: unknown, warn: LiveWarn = consoleWarn): LiveEvent | null {
  if (typeof raw !== 'string') {
    warn('live channel: dropped a frame that is not text', typeof raw);
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    warn('live channel: dropped a frame that is not JSON', raw.slice(0, 200));
    return null;
  }
  const checked = checkLiveEvent(value);
  if (checked.ok) return checked.event;
  warn(
    checked.reason === 'unknown_type'
      ? 'live channel: ignored an event of a type this version does not know'
      : 'live channel: dropped an event that does not match its schema',
    checked.detail,
  );
  return null;
}

/**
 * One WebSocket to `/ws` that survives drops: it remembers the last `seq` and reconnects with
 * `?since=<seq>` after an exponential backoff, so the server can replay what was missed (or say
 * `resync`). Nothing is polled.
 */
export class LiveChannel {
  private socket: SocketLike | null = null;
  private timer: unknown = null;
  private attempt = 0;
  private lastSeq: number | null = null;
  private everOpened = false;
  private stopped = true;
  private readonly options: Required<Omit<LiveChannelOptions, 'onGap' | 'onState'>> &
    Pick<LiveChannelOptions, 'onGap' | 'onState'>;

  constructor(options: LiveChannelOptions) {
    this.options = {
      minDelay: 500,
      maxDelay: 30_000,
      random: Math.random,
      warn: consoleWarn,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      ...options,
    };
  }

  get seq(): number | null {
    return this.lastSeq;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.options.clearTimer(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.onerror = null;
      socket.onopen = null;
      socket.close();
    }
    this.options.onState?.('stopped');
  }

  private connect(): void {
    this.options.onState?.(this.everOpened ? 'reconnecting' : 'connecting');
    let socket: SocketLike;
    try {
      socket = this.options.createSocket(this.options.url(this.lastSeq));
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      const reopened = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      this.options.onState?.('open');
      if (reopened && this.lastSeq === null) this.options.onGap?.();
    };
    socket.onmessage = (message) => {
      const event = parseLiveEvent(message.data, this.options.warn);
      if (!event) return;
      // A replay may overlap what was already seen: each seq is handled once.
      if (this.lastSeq !== null && event.seq <= this.lastSeq && event.type !== 'resync') return;
      this.lastSeq = event.seq;
      this.options.onEvent(event);
    };
    // Browsers fire error then close; reconnecting on close alone avoids doing it twice.
    socket.onerror = () => {};
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.options.onState?.('reconnecting');
    const base = Math.min(this.options.maxDelay, this.options.minDelay * 2 ** this.attempt);
    this.attempt += 1;
    const delay = Math.round(base * (0.75 + 0.5 * this.options.random()));
    this.timer = this.options.setTimer(() => {
      this.timer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }
}

/** `/ws` on the page's own host, `wss:` when the page is served over https. */
export function liveUrl(location: { protocol: string; host: string }, since: number | null): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws${since === null ? '' : `?since=${since}`}`;
}
