import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('needs nothing: port 3000, SQLite under ./data, no Redis', () => {
    const c = loadConfig({}, '/srv/sb');
    expect(c).toMatchObject({
      port: 3000,
      dataDir: '/srv/sb/data',
      databaseUrl: null,
      redisUrl: null,
      adminUsername: 'admin',
      sessionHours: 12,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it.each([
    ['PORT', 'eighty', /PORT must be a whole number/],
    ['PORT', '70000', /PORT must be between 0 and 65535/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must start with postgres:\/\/ or postgresql:\/\//],
    ['DATABASE_URL', 'not a url', /DATABASE_URL is not a valid URL/],
    ['REDIS_URL', 'http://x', /REDIS_URL must start with redis:/],
    ['SWITCHBOARD_SECRET_KEY', 'c2hvcnQ=', /SWITCHBOARD_SECRET_KEY must be 32 bytes/],
    ['SWITCHBOARD_ADMIN_PASSWORD', 'short', /SWITCHBOARD_ADMIN_PASSWORD must have at least 8/],
    ['SWITCHBOARD_COOKIE_SECURE', 'maybe', /SWITCHBOARD_COOKIE_SECURE must be true or false/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
  ])('stops start-up naming %s when it is %s', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  const KEY = Buffer.alloc(32, 7).toString('base64');

  it('reads PostgreSQL and Redis URLs when given', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u@h/db',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SWITCHBOARD_SECRET_KEY: KEY,
    });
    expect(c.databaseUrl).toBe('postgres://u@h/db');
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('refuses several nodes on SQLite: REDIS_URL without DATABASE_URL names both', () => {
    const load = () => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', SWITCHBOARD_SECRET_KEY: KEY });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      /REDIS_URL is set, but the database is SQLite: several nodes need PostgreSQL: set DATABASE_URL/,
    );
  });

  it('refuses several nodes without a shared SWITCHBOARD_SECRET_KEY (a key file per node would not match)', () => {
    const load = () => loadConfig({ DATABASE_URL: 'postgres://u@h/db', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/SWITCHBOARD_SECRET_KEY must be set when REDIS_URL is set: every node needs the same key/);
    // One process on PostgreSQL keeps its key file as before.
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).secretKey).toBeNull();
  });

  it('names the node after the machine and the port unless SWITCHBOARD_NODE_ID is set', () => {
    expect(loadConfig({}, '/srv', () => 'app-host.lan').nodeId).toBe('app-host.lan-3000');
    expect(loadConfig({ PORT: '8081' }, '/srv', () => 'box').nodeId).toBe('box-8081');
    // Odd characters in a host name become '-', and the whole stays within 64 characters.
    const long = loadConfig({}, '/srv', () => `ä${'x'.repeat(80)}`).nodeId;
    expect(long).toMatch(/^-x+-3000$/);
    expect(long).toHaveLength(64);
    expect(loadConfig({ SWITCHBOARD_NODE_ID: 'node-2' }).nodeId).toBe('node-2');
    expect(loadConfig({ SWITCHBOARD_NODE_ID: 'a'.repeat(64) }).nodeId).toHaveLength(64);
  });

  it.each([['node 1'], ['a'.repeat(65)], ['node/1'], ['nódo']])('refuses SWITCHBOARD_NODE_ID "%s"', (value) => {
    const load = () => loadConfig({ SWITCHBOARD_NODE_ID: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/SWITCHBOARD_NODE_ID may hold 1–64 letters, digits and \. _ -/);
  });

  it('reads the allowed origins, the per-user socket cap and the proxy trust, refusing what it cannot use', () => {
    expect(loadConfig({})).toMatchObject({ allowedOrigins: [], wsPerUser: 10, trustProxy: false });
    const c = loadConfig({
      SWITCHBOARD_ALLOWED_ORIGINS: 'https://a.example, http://b.example:8080/',
      SWITCHBOARD_WS_PER_USER: '3',
      SWITCHBOARD_TRUST_PROXY: '10.0.0.0/8, 192.168.1.1,::1,loopback',
    });
    expect(c.allowedOrigins).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(c.wsPerUser).toBe(3);
    expect(c.trustProxy).toEqual(['10.0.0.0/8', '192.168.1.1', '::1', 'loopback']);
    expect(loadConfig({ SWITCHBOARD_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ SWITCHBOARD_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    for (const [name, value, message] of [
      [
        'SWITCHBOARD_ALLOWED_ORIGINS',
        'https://a.example/app',
        /SWITCHBOARD_ALLOWED_ORIGINS holds "https:\/\/a.example\/app"/,
      ],
      ['SWITCHBOARD_ALLOWED_ORIGINS', 'not an origin', /SWITCHBOARD_ALLOWED_ORIGINS holds "not an origin"/],
      ['SWITCHBOARD_ALLOWED_ORIGINS', 'ftp://a.example', /SWITCHBOARD_ALLOWED_ORIGINS holds "ftp:\/\/a.example"/],
      ['SWITCHBOARD_WS_PER_USER', '0', /SWITCHBOARD_WS_PER_USER must be between 1 and 1000/],
      ['SWITCHBOARD_TRUST_PROXY', '10.0.0.0/33', /SWITCHBOARD_TRUST_PROXY must be false, true, a hop count/],
      ['SWITCHBOARD_TRUST_PROXY', 'proxy.local', /"proxy.local" is none of them/],
    ] as const) {
      expect(() => loadConfig({ [name]: value }), `${name}=${value}`).toThrow(ConfigError);
      expect(() => loadConfig({ [name]: value }), `${name}=${value}`).toThrow(message);
    }
  });

  it('reads LOG_FORMAT as json (default) or pretty and refuses anything else', () => {
    expect(loadConfig({}).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(ConfigError);
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be one of json, pretty, got "xml"/);
  });

  it('reads the metrics token and port, refusing a short token and a port without a token or equal to PORT', () => {
    const token = 'a'.repeat(24);
    expect(loadConfig({})).toMatchObject({ metricsToken: null, metricsPort: null });
    expect(loadConfig({ SWITCHBOARD_METRICS_TOKEN: token, SWITCHBOARD_METRICS_PORT: '9464' })).toMatchObject({
      metricsToken: token,
      metricsPort: 9464,
    });
    for (const [env, message] of [
      [{ SWITCHBOARD_METRICS_TOKEN: 'short' }, /SWITCHBOARD_METRICS_TOKEN must be at least 16 characters/],
      [{ SWITCHBOARD_METRICS_PORT: '9464' }, /SWITCHBOARD_METRICS_PORT needs SWITCHBOARD_METRICS_TOKEN/],
      [{ SWITCHBOARD_METRICS_TOKEN: token, SWITCHBOARD_METRICS_PORT: '3000' }, /must differ from PORT/],
      [{ SWITCHBOARD_METRICS_TOKEN: token, SWITCHBOARD_METRICS_PORT: 'x' }, /SWITCHBOARD_METRICS_PORT must be a whole/],
    ] as const) {
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(message);
    }
  });

  it('is documented variable by variable in the README', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    for (const v of CONFIG_VARIABLES) expect(readme, v).toContain(`\`${v}\``);
  });
});
