import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import PinoPretty from 'pino-pretty';
import type { LogFormat, LogLevel } from '../config/config';

/**
 * Paths pino must never print. Secrets are write-only; request bodies of the routes that carry them are
 * not logged at all, and these paths catch them anywhere else they might travel.
 */
export const REDACTED_PATHS = [
  'password',
  'partnerToken',
  'secret',
  'appSecret',
  '*.password',
  '*.partnerToken',
  '*.secret',
  '*.appSecret',
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-heynow-partner-token"]',
  'res.headers["set-cookie"]',
];

/**
 * The server's logger. `json` (default): one JSON object per line, for log shippers. `pretty`: pino-pretty's
 * readable lines for people at a terminal (`colorize` when that terminal shows colours). Redaction applies to
 * both: it runs before formatting.
 */
export function createLogger(
  level: LogLevel,
  destination?: NodeJS.WritableStream,
  format: LogFormat = 'json',
  colorize = false,
): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (format === 'pretty') {
    const pretty = PinoPretty({
      colorize,
      translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
      ignore: 'pid,hostname',
      destination: (destination ?? 1) as never,
    });
    return pino(options, pretty);
  }
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}

/**
 * Holds what is written until `release()`, then passes everything through in order. On a terminal the
 * first start's credentials block must come before the start-up log lines, which are written before the URL
 * (and so the block) is known.
 */
export class HeldOutput extends Writable {
  private held: Buffer[] | null = [];

  constructor(private readonly target: NodeJS.WritableStream) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.held) this.held.push(chunk);
    else this.target.write(chunk);
    done();
  }

  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const chunk of held) this.target.write(chunk);
  }
}
