import type { Bindings, ChildLoggerOptions, Logger } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * The logger Fastify gives a request: the server's logger with the request id bound, made only when the request
 * first writes a line at an enabled level. pino builds a child's JSON prefix when the child is made (through the
 * redaction stringifier too), which cost 1.2 % of the server's busy time on the webhook path at 800/s, for a
 * logger that almost no request writes to: request lines are at debug (request-log.ts), warnings and errors are
 * rare. Lines written are the child's, so they read exactly as before.
 */
class DeferredChild {
  private made: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly bound: Bindings,
  ) {}

  private get real(): Logger {
    return (this.made ??= this.parent.child(this.bound));
  }

  private write(level: Level, args: unknown[]): void {
    if (!this.made && !this.parent.isLevelEnabled(level)) return;
    const real = this.real;
    (real[level] as (...a: unknown[]) => void).apply(real, args);
  }

  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', args);
  }
  silent(): void {}

  isLevelEnabled(level: string): boolean {
    return (this.made ?? this.parent).isLevelEnabled(level);
  }
  get level(): string {
    return (this.made ?? this.parent).level;
  }
  /** A level of the request's own (Fastify's `logLevel` of a route comes as an option instead): a child now. */
  set level(level: string) {
    this.real.level = level;
  }
  child(bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.real.child(bindings, options);
  }
  bindings(): Bindings {
    return this.real.bindings();
  }
}

/**
 * Fastify's `childLoggerFactory`. A route with options of its own (`logLevel`, `logSerializers`) gets its child at
 * once, as does a logger that is not pino's (tests may pass another).
 */
export function deferredRequestLogger(logger: Logger, bindings: Bindings, options: ChildLoggerOptions): Logger {
  if (hasAny(options) || typeof logger.isLevelEnabled !== 'function') {
    return logger.child(bindings, options);
  }
  return new DeferredChild(logger, bindings) as unknown as Logger;
}

/** Without building an array of keys on every request. */
function hasAny(options: object): boolean {
  for (const key in options) if (Object.hasOwn(options, key)) return true;
  return false;
}
