// The open-loop load generator and the delivery tracker of the webhook-to-agent benchmark. Messages leave on
// a fixed schedule (message i at t0 + i/rate) whatever the server answers, so a slow server cannot slow the
// offered load down (no coordinated omission); each one is timed from the moment its request is written to
// the moment the owning agent's socket receives the matching `message` event.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { percentile, round, sortedCopy } from '../stats';

/** One conversation of the measured load: its id on the provider side, and what the socket event names. */
export interface Conversation {
  externalId: string;
  /** the `data.interactionId` of the `message` LiveEvent the owning socket receives */
  key: string;
}

export interface Target {
  name: string;
  /** http://127.0.0.1:port/path of the webhook */
  webhook: URL;
  headers: Record<string, string>;
  conversations: Conversation[];
  fleet: Fleet;
  /** pid of the server process, for its CPU use during a run */
  pid: number;
}

/** The agents' sockets of one target. Every `message` event reaches the current run through `onMessage`. */
export class Fleet {
  onMessage: ((key: string, at: number) => void) | null = null;
  readonly sockets: WebSocket[] = [];

  /** Opens one socket and resolves on its first event (both servers greet a fresh client with `resync`). */
  connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers, perMessageDeflate: false });
      let greeted = false;
      const timer = setTimeout(() => reject(new Error(`no greeting from ${url} within 10 s`)), 10_000);
      socket.on('message', (raw) => {
        const at = performance.now();
        if (!greeted) {
          greeted = true;
          clearTimeout(timer);
          resolve(socket);
        }
        const event = JSON.parse(String(raw)) as {
          type?: string;
          data?: { interactionId?: unknown; direction?: unknown };
        };
        // Only customer messages: the welcome text an agent's own conversation gets is `direction: 'out'`.
        if (event.type !== 'message' || typeof event.data?.interactionId !== 'string') return;
        if (event.data.direction !== undefined && event.data.direction !== 'in') return;
        this.onMessage?.(event.data.interactionId, at);
      });
      socket.on('error', (error) => {
        clearTimeout(timer);
        if (!greeted) reject(error);
      });
      this.sockets.push(socket);
    });
  }

  async close(): Promise<void> {
    await Promise.all(
      this.sockets.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.readyState === s.CLOSED) return resolve();
            s.once('close', () => resolve());
            s.close();
            setTimeout(() => {
              s.terminate();
              resolve();
            }, 2000).unref();
          }),
      ),
    );
  }
}

export interface RunOptions {
  rate: number;
  seconds: number;
  /** a message not delivered within this many ms of its send is a miss */
  missMs: number;
  /** distinguishes the message ids of every run (they must never repeat: ingest is idempotent on them) */
  runId: string;
}

export interface RunResult {
  rate: number;
  /** messages pushed to their agent per second (late ones too), from the first send to the last delivery seen */
  achieved: number;
  /** latency percentiles over every delivery seen, late ones included */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  sent: number;
  /** delivered within missMs */
  delivered: number;
  /** scheduled but not delivered within missMs (late, refused, never pushed, or never sent by a lagging generator) */
  missed: number;
  /** of the missed: delivered, but after missMs */
  late: number;
  /** of the missed: answered with something else than 200, or a network error */
  httpErrors: number;
  /** p99 of (actual send − scheduled send): the generator's own lag; high values mean the bench is the limit */
  sendLagP99Ms: number;
  /** the server process's CPU time over the run's wall time (1 = one full core) */
  serverCpu: number;
  /** server CPU time per message pushed during the run (ms): the figure least disturbed by other load */
  cpuMsPerMessage: number;
  /** the machine's 1-minute load average when the run started (2 cores: above 2 means CPU contention) */
  loadAvg: number;
}

interface Pending {
  sentAt: number;
  failed: boolean;
  done: boolean;
}

/**
 * Waits until none of the processes burns more than `threshold` of a core over a 500 ms window (at most
 * `maxMs`): an overloaded run leaves a backlog the server keeps working through, and the next run (of the
 * other side, too: same machine) must not pay for it.
 */
export async function quiesce(pids: number[], threshold = 0.05, maxMs = 60_000): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < maxMs) {
    const before = pids.map(cpuSeconds);
    await new Promise((r) => setTimeout(r, 500));
    const busiest = Math.max(...pids.map((p, i) => (cpuSeconds(p) - before[i]!) / 0.5));
    if (!(busiest > threshold)) break;
  }
  return performance.now() - start;
}

/** CPU seconds (user + system) a process has used so far, at the kernel's 10 ms tick. */
export function cpuSeconds(pid: number): number {
  try {
    // /proc/<pid>/stat: fields 14 and 15 are utime and stime in clock ticks (100 per second on Linux).
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Sends `rate × seconds` customer messages round-robin over the target's conversations and times each one. */
export async function runLoad(target: Target, options: RunOptions): Promise<RunResult> {
  const { rate, seconds, missMs, runId } = options;
  // A fresh keep-alive pool per run: sockets left idle between runs would be closed by the server's
  // keep-alive timeout and could fail the first requests of the next run (ECONNRESET).
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const pending = new Map<string, Pending[]>();
  for (const c of target.conversations) pending.set(c.key, []);
  const latencies: number[] = [];
  const lags: number[] = [];
  let delivered = 0;
  let late = 0;
  let outstanding = 0;
  let httpErrors = 0;
  let firstSend = Number.NaN;
  let lastSend = Number.NaN;
  let lastDelivery = Number.NaN;

  target.fleet.onMessage = (key, at) => {
    const queue = pending.get(key);
    if (!queue) return;
    // Messages of one conversation are stored and pushed in arrival order: the oldest one still pending is
    // the one this event announces. A refused request never produces an event: skip it.
    let entry = queue.shift();
    while (entry && entry.failed) entry = queue.shift();
    if (!entry) return;
    entry.done = true;
    outstanding--;
    const latency = at - entry.sentAt;
    latencies.push(latency);
    lastDelivery = at;
    if (latency > missMs) late++;
    else delivered++;
  };

  const send = (i: number, scheduled: number) => {
    const conversation = target.conversations[i % target.conversations.length]!;
    const body = JSON.stringify({
      event: 'message',
      conversationId: conversation.externalId,
      messageId: `bench-${runId}-${i}`,
      text: `message ${i} of run ${runId}`,
      timestamp: Date.now(),
    });
    const entry: Pending = { sentAt: 0, failed: false, done: false };
    pending.get(conversation.key)!.push(entry);
    outstanding++;
    const fail = () => {
      if (entry.failed || entry.done) return;
      entry.failed = true;
      httpErrors++;
      outstanding--;
    };
    const req = request(
      {
        host: target.webhook.hostname,
        port: target.webhook.port,
        path: target.webhook.pathname,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...target.headers },
      },
      (res) => {
        if (res.statusCode !== 200) fail();
        res.resume();
      },
    );
    req.on('error', fail);
    // Generous: a slow answer is not a failure (its event is still matched); the run's end destroys the pool.
    req.setTimeout(missMs * 4, () => req.destroy(new Error('timeout')));
    entry.sentAt = performance.now();
    req.end(body);
    lags.push(entry.sentAt - scheduled);
    if (Number.isNaN(firstSend)) firstSend = entry.sentAt;
    lastSend = entry.sentAt;
  };

  const load = loadavg()[0]!;
  const cpuBefore = cpuSeconds(target.pid);
  const wallBefore = performance.now();
  const t0 = performance.now() + 5;
  // Bounded in time as well as in count: a generator that falls 2 s behind stops sending.
  const sendDeadline = t0 + seconds * 1000 + 2000;
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (i < total && t0 + i * interval <= now) {
        send(i, t0 + i * interval);
        i++;
      }
      if (i >= total || now > sendDeadline) return resolve();
      setTimeout(tick, Math.max(0, t0 + i * interval - performance.now()));
    };
    setTimeout(tick, 5);
  });
  const sent = i;
  // Drain: until every message is delivered (or refused), or the miss window of the last one has passed.
  while (outstanding > 0 && performance.now() < lastSend + missMs) await new Promise((r) => setTimeout(r, 10));
  target.fleet.onMessage = null;
  agent.destroy();
  const cpuUsed = cpuSeconds(target.pid) - cpuBefore;
  const cpu = cpuUsed / ((performance.now() - wallBefore) / 1000);

  const sorted = sortedCopy(latencies);
  const span = (lastDelivery - firstSend) / 1000;
  return {
    rate,
    achieved: latencies.length > 0 && span > 0 ? Math.round(latencies.length / span) : 0,
    p50Ms: round(percentile(sorted, 50), 2),
    p99Ms: round(percentile(sorted, 99), 2),
    maxMs: round(sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN, 2),
    sent,
    delivered,
    // A message the generator gave up on (2 s behind its schedule) was never offered: the rate was not held.
    missed: total - delivered,
    late,
    httpErrors,
    sendLagP99Ms: round(percentile(sortedCopy(lags), 99), 2),
    serverCpu: round(cpu, 2),
    cpuMsPerMessage: round((cpuUsed * 1000) / Math.max(1, latencies.length), 3),
    loadAvg: round(load, 2),
  };
}
