import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Appends one entry to a stream under an id that is the Redis server's clock in microseconds (or one more than
 * the last id when the clock has not moved on). The id doubles as a global sequence number that keeps growing
 * across a Redis restart, which empties the stream: nodes read on from their last id and browsers resume
 * from theirs, with nothing to reset. Microseconds since 1970 stay below 2^53, so a JavaScript number holds
 * them exactly.
 */
const APPEND_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
if now <= last then now = last + 1 end
local id = string.format('%.0f', now)
redis.call('SET', KEYS[2], id)
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], id .. '-0', 'd', ARGV[1])
return id
`;

type Appender = Redis & {
  sbAppend(stream: string, counter: string, data: string, maxLength: number): Promise<string>;
};

/** A connection for commands that do not block (appends, small reads); queued while Redis is away. */
export function commandConnection(url: string, name: string, options: RedisOptions = {}): Appender {
  const redis = new Redis(url, {
    connectionName: name,
    // Appends wait for Redis to come back instead of failing after a few reconnects: an event is not dropped
    // because Redis restarted.
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(50 * times, 1000),
    lazyConnect: false,
    ...options,
  }) as Appender;
  redis.defineCommand('sbAppend', { numberOfKeys: 2, lua: APPEND_SCRIPT });
  return redis;
}

/** What every stream-backed part of a node is built from. */
export interface StreamDeps {
  nodeId: string;
  /** Keys of this cluster in Redis (several clusters may share one Redis). */
  prefix: string;
  redisUrl: string;
  publisher: Appender;
  logger: Logger;
}

/** Appends `data`; resolves with the entry's sequence number. */
export async function appendEntry(redis: Appender, stream: string, data: string, maxLength = 100_000): Promise<number> {
  return Number(await redis.sbAppend(stream, `${stream}:seq`, data, maxLength));
}

export type StreamEntryHandler = (seq: number, data: string) => void;

export interface StreamReaderOptions {
  url: string;
  stream: string;
  name: string;
  /** Read entries after this id ('$' = only new ones, '0' = everything kept). */
  from: string;
  handle: StreamEntryHandler;
  /** Called after the connection came back from a drop: entries may have been lost with a Redis restart. */
  reconnected?: () => void;
  onError?: (error: unknown) => void;
}

/**
 * Follows one stream on its own connection (XREAD BLOCK holds the connection), in order, from `from`. A
 * dropped connection is retried for ever; the reader then goes on from the last id it handled.
 */
export class StreamReader {
  private readonly redis: Redis;
  private lastId: string;
  private stopped = false;
  private dropped = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(private readonly options: StreamReaderOptions) {
    this.lastId = options.from;
    this.redis = new Redis(options.url, {
      connectionName: options.name,
      maxRetriesPerRequest: null,
      retryStrategy: (times) => Math.min(50 * times, 1000),
    });
    this.redis.on('error', (error) => options.onError?.(error));
    this.redis.on('close', () => {
      if (!this.stopped) this.dropped = true;
    });
    this.redis.on('ready', () => {
      if (!this.dropped) return;
      this.dropped = false;
      options.reconnected?.();
    });
  }

  /** Resolves once the reader knows where it starts ('$' resolved to the stream's current last id). */
  async start(): Promise<void> {
    if (this.lastId === '$') {
      const info = (await this.redis.xrevrange(this.options.stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
      this.lastId = info[0]?.[0] ?? '0';
    }
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let result: [string, [string, string[]][]][] | null;
      try {
        result = (await this.redis.xread('COUNT', 1000, 'BLOCK', 1000, 'STREAMS', this.options.stream, this.lastId)) as
          [string, [string, string[]][]][] | null;
      } catch (error) {
        if (this.stopped) return;
        this.options.onError?.(error);
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      for (const [, entries] of result ?? []) {
        for (const [id, fields] of entries) {
          this.lastId = id;
          const data = fieldValue(fields, 'd');
          if (data === undefined) continue;
          try {
            this.options.handle(Number(id.split('-')[0]), data);
          } catch (error) {
            this.options.onError?.(error);
          }
        }
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.redis.disconnect();
    await this.loop.catch(() => undefined);
  }
}

function fieldValue(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
