import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { parseAllowList, splitAllowList } from '../providers/outbound-guard';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type LogFormat = 'json' | 'pretty';

/** Everything the server reads from its environment, validated once at start-up and then frozen. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** postgres://… when set; otherwise SQLite at `${dataDir}/switchboard.sqlite`. */
  readonly databaseUrl: string | null;
  /** Set when several nodes share the database; needs PostgreSQL and a shared SWITCHBOARD_SECRET_KEY. */
  readonly redisUrl: string | null;
  /** This process's name among several nodes (health answers, logs); `<host name>-<port>` unless set. */
  readonly nodeId: string;
  /** 32-byte key for AES-256-GCM; null means "use or create `${dataDir}/secret.key`". */
  readonly secretKey: Buffer | null;
  readonly adminUsername: string;
  readonly adminPassword: string | null;
  readonly sessionHours: number;
  readonly loginAttemptsPerMinute: number;
  readonly cookieSecure: boolean;
  readonly logLevel: LogLevel;
  /** Start the mock HeyNow with demo data beside the server (the README's first command). */
  readonly demo: boolean;
  readonly mockHeyNowPort: number;
  /** The address providers use to fetch our attachments; null means the listening address. */
  readonly publicUrl: string | null;
  /** Host names, addresses or CIDR ranges provider calls may reach although they are internal. */
  readonly outboundAllowlist: readonly string[];
  /** Megabytes one user may upload per rolling hour (429 above). */
  readonly uploadQuotaMbPerHour: number;
  /** Days a provider-facing media link (/media/:id/:token) stays valid; the expiry is signed into the link. */
  readonly mediaLinkDays: number;
  /** Origins besides our own that may call the API and open the live channel (e.g. a second host name). */
  readonly allowedOrigins: readonly string[];
  /** Live-channel sockets one user may hold open at once; the next handshake is refused. */
  readonly wsPerUser: number;
  /** Fastify's `trustProxy`: which X-Forwarded-For hops to believe for the client address. */
  readonly trustProxy: boolean | number | readonly string[];
  /** Bearer token Prometheus sends to GET /metrics; null: no metrics endpoint (404). */
  readonly metricsToken: string | null;
  /** Serve /metrics on this port only (not on the main one); null: on the main port. */
  readonly metricsPort: number | null;
  /** json (one object per line, for log shippers) or pretty (for people at a terminal). */
  readonly logFormat: LogFormat;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Configuration error: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = text(env, name);
  if (raw === undefined) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

function allowList(env: Env, name: string): readonly string[] {
  const entries = splitAllowList(text(env, name) ?? '');
  try {
    parseAllowList(entries);
  } catch (error) {
    throw new ConfigError(name, error instanceof Error ? error.message : String(error));
  }
  return Object.freeze(entries);
}

/** Comma-separated origins (scheme://host[:port]), each normalised as browsers send it in `Origin`. */
function origins(env: Env, name: string): string[] {
  const raw = text(env, name);
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      let parsed: URL;
      try {
        parsed = new URL(part);
      } catch {
        throw new ConfigError(name, `holds "${part}", which is not an origin like https://switchboard.example.com`);
      }
      if (!['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== part.replace(/\/+$/, '')) {
        throw new ConfigError(name, `holds "${part}"; give only scheme, host and port, like https://host:8443`);
      }
      return parsed.origin;
    });
}

function isAddressOrCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

function trustProxy(env: Env, name: string): boolean | number | readonly string[] {
  const raw = text(env, name);
  if (raw === undefined || /^(0|false|no|off)$/i.test(raw)) return false;
  if (/^(true|yes|on)$/i.test(raw)) return true;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 100) throw new ConfigError(name, `hop count must be at most 100, got ${hops}`);
    return hops;
  }
  const list = raw.split(',').map((part) => part.trim());
  // Fastify also knows these names for the usual private ranges (e.g. a proxy in the same Docker network).
  const named = ['loopback', 'linklocal', 'uniquelocal'];
  const bad = list.find((part) => !isAddressOrCidr(part) && !named.includes(part));
  if (bad !== undefined) {
    throw new ConfigError(
      name,
      `must be false, true, a hop count or comma-separated addresses, CIDR ranges or loopback/linklocal/uniquelocal; "${bad}" is none of them`,
    );
  }
  return Object.freeze(list);
}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const LOG_FORMATS: LogFormat[] = ['json', 'pretty'];

function metricsToken(env: Env, name: string): string | null {
  const raw = text(env, name);
  if (raw === undefined) return null;
  // Guessable tokens would expose the server's figures (campaign names, load) to anyone who can reach it.
  if (raw.length < 16 || /\s/.test(raw)) {
    throw new ConfigError(name, 'must be at least 16 characters without spaces (e.g. `openssl rand -hex 24`)');
  }
  return raw;
}

function metricsPort(env: Env, token: string | null, port: number): number | null {
  if (text(env, 'SWITCHBOARD_METRICS_PORT') === undefined) return null;
  const value = integer(env, 'SWITCHBOARD_METRICS_PORT', 0, 0, 65535);
  if (token === null) throw new ConfigError('SWITCHBOARD_METRICS_PORT', 'needs SWITCHBOARD_METRICS_TOKEN to be set');
  if (value !== 0 && value === port)
    throw new ConfigError('SWITCHBOARD_METRICS_PORT', `must differ from PORT (${port})`);
  return value;
}

const NODE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** SWITCHBOARD_NODE_ID, or one made from the machine's name and the port (unique per machine). */
function nodeId(env: Env, port: number, host: () => string): string {
  const raw = text(env, 'SWITCHBOARD_NODE_ID');
  if (raw !== undefined) {
    if (!NODE_ID.test(raw)) {
      throw new ConfigError('SWITCHBOARD_NODE_ID', `may hold 1–64 letters, digits and . _ -, got "${raw}"`);
    }
    return raw;
  }
  // Port 0 (any free port: tests, tools) names nothing: several such nodes on one machine must still differ.
  const suffix = port === 0 ? `-${randomBytes(4).toString('hex')}` : `-${port}`;
  // Host names are letters, digits, dots and hyphens already; anything odd (a container's name) becomes '-'.
  const name =
    host()
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .slice(0, 64 - suffix.length) || 'node';
  return `${name}${suffix}`;
}

/**
 * Several nodes (REDIS_URL set) share one database and one key: an SQLite file belongs to one process, and a
 * key file generated on each node would make every other node's sessions and sealed secrets unreadable.
 */
function checkSeveralNodes(databaseUrl: string | null, redisUrl: string | null, keyFromEnv: boolean): void {
  if (redisUrl === null) return;
  if (databaseUrl === null) {
    throw new ConfigError(
      'REDIS_URL',
      'is set, but the database is SQLite: several nodes need PostgreSQL: set DATABASE_URL to a postgres:// URL ' +
        'every node shares (or unset REDIS_URL to run one process on SQLite)',
    );
  }
  if (!keyFromEnv) {
    throw new ConfigError(
      'SWITCHBOARD_SECRET_KEY',
      'must be set when REDIS_URL is set: every node needs the same key (not a key file of its own); ' +
        'generate one with `openssl rand -base64 32` and give it to each node',
    );
  }
}

export function loadConfig(
  env: Env = process.env,
  cwd: string = process.cwd(),
  machineName: () => string = hostname,
): Config {
  const dataDirRaw = text(env, 'SWITCHBOARD_DATA_DIR') ?? 'data';
  const keyRaw = text(env, 'SWITCHBOARD_SECRET_KEY');
  let secretKey: Buffer | null = null;
  if (keyRaw !== undefined) {
    secretKey = Buffer.from(keyRaw, 'base64');
    if (secretKey.length !== 32 || !/^[A-Za-z0-9+/=_-]+$/.test(keyRaw)) {
      throw new ConfigError(
        'SWITCHBOARD_SECRET_KEY',
        'must be 32 bytes encoded in base64 (e.g. `openssl rand -base64 32`)',
      );
    }
  }
  const logLevel = (text(env, 'LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const adminPassword = text(env, 'SWITCHBOARD_ADMIN_PASSWORD') ?? null;
  if (adminPassword !== null && adminPassword.length < 8) {
    throw new ConfigError('SWITCHBOARD_ADMIN_PASSWORD', 'must have at least 8 characters');
  }
  const adminUsername = text(env, 'SWITCHBOARD_ADMIN_USERNAME') ?? 'admin';
  if (!/^[A-Za-z0-9._@-]{2,64}$/.test(adminUsername)) {
    throw new ConfigError('SWITCHBOARD_ADMIN_USERNAME', 'may hold 2–64 letters, digits and . _ @ -');
  }
  const host = text(env, 'HOST') ?? 'localhost';
  const logFormat = (text(env, 'LOG_FORMAT') ?? 'json') as LogFormat;
  if (!LOG_FORMATS.includes(logFormat)) {
    throw new ConfigError('LOG_FORMAT', `must be one of ${LOG_FORMATS.join(', ')}, got "${logFormat}"`);
  }
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const token = metricsToken(env, 'SWITCHBOARD_METRICS_TOKEN');
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:']);
  checkSeveralNodes(databaseUrl, redisUrl, secretKey !== null);
  return Object.freeze({
    port,
    host,
    dataDir: isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw),
    databaseUrl,
    redisUrl,
    nodeId: nodeId(env, port, machineName),
    secretKey,
    adminUsername,
    adminPassword,
    sessionHours: integer(env, 'SWITCHBOARD_SESSION_HOURS', 12, 1, 24 * 30),
    loginAttemptsPerMinute: integer(env, 'SWITCHBOARD_LOGIN_LIMIT', 10, 1, 10_000),
    cookieSecure: boolean(env, 'SWITCHBOARD_COOKIE_SECURE', false),
    logLevel,
    demo: boolean(env, 'SWITCHBOARD_DEMO', true),
    mockHeyNowPort: integer(env, 'SWITCHBOARD_MOCK_HEYNOW_PORT', 3001, 0, 65535),
    publicUrl: url(env, 'SWITCHBOARD_PUBLIC_URL', ['http:', 'https:'])?.replace(/\/+$/, '') ?? null,
    outboundAllowlist: allowList(env, 'SWITCHBOARD_OUTBOUND_ALLOWLIST'),
    uploadQuotaMbPerHour: integer(env, 'SWITCHBOARD_UPLOAD_QUOTA_MB_PER_HOUR', 200, 1, 1_000_000),
    mediaLinkDays: integer(env, 'SWITCHBOARD_MEDIA_LINK_DAYS', 7, 1, 365),
    allowedOrigins: Object.freeze(origins(env, 'SWITCHBOARD_ALLOWED_ORIGINS')),
    wsPerUser: integer(env, 'SWITCHBOARD_WS_PER_USER', 10, 1, 1000),
    trustProxy: trustProxy(env, 'SWITCHBOARD_TRUST_PROXY'),
    metricsToken: token,
    metricsPort: metricsPort(env, token, port),
    logFormat,
  });
}

/** The table the README shows; kept here so docs and code cannot drift (a test compares them). */
export const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'REDIS_URL',
  'SWITCHBOARD_NODE_ID',
  'SWITCHBOARD_DATA_DIR',
  'SWITCHBOARD_SECRET_KEY',
  'SWITCHBOARD_ADMIN_USERNAME',
  'SWITCHBOARD_ADMIN_PASSWORD',
  'SWITCHBOARD_SESSION_HOURS',
  'SWITCHBOARD_LOGIN_LIMIT',
  'SWITCHBOARD_COOKIE_SECURE',
  'SWITCHBOARD_DEMO',
  'SWITCHBOARD_MOCK_HEYNOW_PORT',
  'SWITCHBOARD_PUBLIC_URL',
  'LOG_LEVEL',
  'SWITCHBOARD_OUTBOUND_ALLOWLIST',
  'SWITCHBOARD_UPLOAD_QUOTA_MB_PER_HOUR',
  'SWITCHBOARD_MEDIA_LINK_DAYS',
  'SWITCHBOARD_ALLOWED_ORIGINS',
  'SWITCHBOARD_WS_PER_USER',
  'SWITCHBOARD_TRUST_PROXY',
  'SWITCHBOARD_METRICS_TOKEN',
  'SWITCHBOARD_METRICS_PORT',
  'LOG_FORMAT',
] as const;
