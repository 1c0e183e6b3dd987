import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/config';

/**
 * Paths pino must never print. Secrets are write-only (D1); request bodies of the routes that carry them are
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

export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
