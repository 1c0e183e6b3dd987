import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger';
import { installErrorHandler } from './error-handler';

describe('error handler, last line of defence', () => {
  it.each([
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
    ['22003', 'value "1e+300" is out of range for type bigint'],
    ['22P02', 'invalid input syntax for type bigint'],
    ['22001', 'value too long for type character varying(64)'],
  ])('answers 400, not 500, when the database refuses a value (%s) and logs it', async (code, message) => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = Fastify({ loggerInstance: createLogger('warn', sink) } as never);
    installErrorHandler(app as never);
    app.get('/x', async () => {
      throw Object.assign(new Error(message), { code, severity: 'ERROR' });
    });
    const res = await app.inject({ method: 'GET', url: '/x' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'validation_failed', field: 'body' });
    expect(lines.some((l) => l.includes('database refused a value') && l.includes(code))).toBe(true);
    await app.close();
  });

  it('still answers 500 to an error that is not about a value', async () => {
    const app = Fastify();
    installErrorHandler(app);
    app.get('/x', async () => {
      throw Object.assign(new Error('connection terminated'), { code: '57P01' });
    });
    expect((await app.inject({ method: 'GET', url: '/x' })).statusCode).toBe(500);
    await app.close();
  });
});
