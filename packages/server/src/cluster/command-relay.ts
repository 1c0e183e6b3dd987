import { randomUUID } from 'node:crypto';
import type { Decision } from '@switchboard/core';
import { DomainError, ERROR_CODES, type ErrorCode } from '../errors';
import type { CommandOptions, RemoteRouter, RouterCommand } from '../routing/router-service';
import { appendEntry, StreamReader, type StreamDeps } from './redis-streams';

interface Request {
  id: string;
  node: string;
  /** Epoch milliseconds after which the caller has given up: the leader must not start it then. */
  deadline: number;
  cmd: RouterCommand;
  options: CommandOptions;
}

type Reply =
  { id: string; ok: true; decisions: Decision[] } | { id: string; ok: false; code: ErrorCode | null; message: string };

/** What a request may still need before the caller's deadline, so a reply is not written for nobody. */
const START_MARGIN_MS = 250;

/**
 * Commands from any node to the leader's router, request and reply on Redis Streams (a stream of requests the
 * leader reads, one stream of replies per node). A caller waits until its deadline, then gets
 * `router_unavailable` (503 with Retry-After); the leader does not start a request whose caller has given up,
 * and a routing command commits whole or not at all, so nothing is left half done. A new leader reads back
 * over the last deadline's worth of requests, so a command sent during a failover is still answered.
 */
export class CommandRelay implements RemoteRouter {
  private readonly pending = new Map<
    string,
    { resolve: (d: Decision[]) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }
  >();
  private readonly replies: StreamReader;
  private server: StreamReader | null = null;

  constructor(
    private readonly deps: StreamDeps & {
      /** How long a caller waits for the leader (default 5 s: a failover fits inside). */
      timeoutMs?: number;
      now?: () => number;
    },
  ) {
    this.replies = new StreamReader({
      url: deps.redisUrl,
      stream: `${deps.prefix}:replies:${deps.nodeId}`,
      name: `switchboard-replies-${deps.nodeId}`,
      from: '$',
      handle: (_seq, data) => this.answered(JSON.parse(data) as Reply),
      onError: (error) => deps.logger.warn({ err: error }, 'reading router replies failed; retrying'),
    });
  }

  private get now(): number {
    return (this.deps.now ?? Date.now)();
  }

  start(): Promise<void> {
    return this.replies.start();
  }

  async stop(): Promise<void> {
    await this.stopServing();
    await this.replies.stop();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(unavailable());
    }
    this.pending.clear();
  }

  /** A follower's command: to the leader, whose decisions come back (or 503 once the deadline passes). */
  command(cmd: RouterCommand, options: CommandOptions): Promise<Decision[]> {
    const timeout = this.deps.timeoutMs ?? 5000;
    const request: Request = { id: randomUUID(), node: this.deps.nodeId, deadline: this.now + timeout, cmd, options };
    return new Promise<Decision[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(request.id);
        reject(unavailable());
      }, timeout);
      this.pending.set(request.id, { resolve, reject, timer });
      appendEntry(this.deps.publisher, `${this.deps.prefix}:commands`, JSON.stringify(request), 10_000).catch(
        () => undefined,
      );
    });
  }

  /** The leader: executes every request that still has time, in the order they were sent. */
  async serve(execute: (cmd: RouterCommand, options: CommandOptions) => Promise<Decision[]>): Promise<void> {
    await this.stopServing();
    const lookBack = (this.now - (this.deps.timeoutMs ?? 5000)) * 1000;
    this.server = new StreamReader({
      url: this.deps.redisUrl,
      stream: `${this.deps.prefix}:commands`,
      name: `switchboard-commands-${this.deps.nodeId}`,
      from: `${Math.max(0, lookBack)}-0`,
      handle: (_seq, data) => void this.execute(JSON.parse(data) as Request, execute),
      onError: (error) => this.deps.logger.warn({ err: error }, 'reading router commands failed; retrying'),
    });
    await this.server.start();
  }

  async stopServing(): Promise<void> {
    const server = this.server;
    this.server = null;
    await server?.stop();
  }

  private async execute(
    request: Request,
    execute: (cmd: RouterCommand, options: CommandOptions) => Promise<Decision[]>,
  ): Promise<void> {
    if (this.now > request.deadline - START_MARGIN_MS) return;
    let reply: Reply;
    try {
      reply = { id: request.id, ok: true, decisions: await execute(request.cmd, request.options) };
    } catch (error) {
      const code = error instanceof DomainError ? error.code : null;
      // Only a domain error's own words travel back; anything else is logged here and named generically.
      if (!code) this.deps.logger.error({ err: error, command: request.cmd.type }, 'a relayed routing command failed');
      reply = {
        id: request.id,
        ok: false,
        code,
        message: code ? (error as Error).message : 'The routing command failed',
      };
    }
    await appendEntry(
      this.deps.publisher,
      `${this.deps.prefix}:replies:${request.node}`,
      JSON.stringify(reply),
      1000,
    ).catch((error: unknown) => this.deps.logger.warn({ err: error }, 'a routing reply could not be sent'));
  }

  private answered(reply: Reply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    clearTimeout(waiting.timer);
    if (reply.ok) waiting.resolve(reply.decisions);
    else if (reply.code && (ERROR_CODES as readonly string[]).includes(reply.code))
      waiting.reject(new DomainError(reply.code, reply.message));
    else waiting.reject(new Error(reply.message));
  }
}

function unavailable(): DomainError {
  return new DomainError('router_unavailable', 'No routing leader answered in time; try again in a moment');
}
