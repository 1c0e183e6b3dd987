import { Writable } from 'node:stream';
import Fastify, { LogController } from 'fastify';
import type { Logger } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { deferredRequestLogger } from './deferred-request-logger';
import { createLogger } from './logger';

function capture(level: 'info' | 'debug') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n'))
        if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger(level, stream);
  // Counts the children made of the server's logger (Fastify's own logger is one of them, and inherits this):
  // one per request that wrote a line.
  let children = 0;
  const child = logger.child.bind(logger);
  logger.child = ((...args: Parameters<Logger['child']>) => {
    children++;
    return child(...args);
  }) as Logger['child'];
  return { logger, lines, children: () => children };
}

const apps: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  while (apps.length > 0) await apps.pop()!.close();
});

async function appWith(logger: Logger) {
  // As the server runs it: Fastify's own request lines off (request-log.ts writes one at debug).
  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: deferredRequestLogger,
  } as never);
  apps.push(app);
  app.get('/quiet', async (request) => {
    request.log.debug('not at info');
    return { ok: true };
  });
  app.get('/loud', async (request) => {
    request.log.warn({ secret: 's3cret' }, 'something to see');
    request.log.info('and more');
    return { ok: true };
  });
  app.get('/own-level', { logLevel: 'debug' }, async (request) => {
    request.log.debug('at the route level');
    return { ok: true };
  });
  await app.ready();
  return app;
}

describe('deferredRequestLogger', () => {
  it("writes a request's lines with its request id, through the same redaction", async () => {
    const { logger, lines } = capture('info');
    const app = await appWith(logger);
    await app.inject({ method: 'GET', url: '/loud' });
    const written = lines.filter((l) => l.msg === 'something to see' || l.msg === 'and more');
    expect(written).toHaveLength(2);
    expect(written[0]!.reqId).toBeDefined();
    expect(written[1]!.reqId).toBe(written[0]!.reqId);
    expect(written[0]!.secret).toBe('[redacted]');
  });

  it('makes no child logger for a request that writes nothing at an enabled level', async () => {
    const { logger, lines, children } = capture('info');
    const app = await appWith(logger);
    const before = children();
    await app.inject({ method: 'GET', url: '/quiet' });
    expect(children()).toBe(before);
    expect(lines.some((l) => l.msg === 'not at info')).toBe(false);
    await app.inject({ method: 'GET', url: '/loud' });
    expect(children()).toBe(before + 1);
  });

  it("honours a route's own log level, and the server's level when it is debug", async () => {
    const quiet = capture('info');
    await (await appWith(quiet.logger)).inject({ method: 'GET', url: '/own-level' });
    expect(quiet.lines.some((l) => l.msg === 'at the route level')).toBe(true);

    const verbose = capture('debug');
    await (await appWith(verbose.logger)).inject({ method: 'GET', url: '/quiet' });
    expect(verbose.lines.find((l) => l.msg === 'not at info')?.reqId).toBeDefined();
  });
});
