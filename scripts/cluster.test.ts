import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresReachable, REQUIRE_SERVICES } from '../packages/server/src/storage/test-databases';
import { findHaproxy } from './cluster/cluster';
import { haproxyConfig } from './cluster/haproxy';
import { parseClusterArgs, UsageError } from './cluster/options';
import { redisAnswers } from './cluster/services';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** What the cluster test needs and lacks on this machine (empty: everything is there). */
async function missing(): Promise<string[]> {
  const absent: string[] = [];
  if (!findHaproxy()) absent.push('haproxy (apt-get install haproxy)');
  if (!(await postgresReachable())) absent.push(`PostgreSQL at ${POSTGRES_URL}`);
  if (!(await redisAnswers(REDIS_URL))) absent.push(`Redis at ${REDIS_URL}`);
  if (absent.length > 0 && REQUIRE_SERVICES) {
    throw new Error(`The cluster test needs ${absent.join(', ')} (SWITCHBOARD_REQUIRE_SERVICES=1)`);
  }
  if (absent.length > 0) console.warn(`SKIP: npm run cluster test skipped — missing ${absent.join(', ')}`);
  return absent;
}
const absent = await missing();

/** A port nothing listens on now (HAProxy's; the nodes take the next ones). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

async function answers(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  );
}

describe('the cluster options', () => {
  it('default to 3 nodes behind port 8080 on the local PostgreSQL and Redis, with the web app and the demo', () => {
    expect(parseClusterArgs([], '/repo')).toEqual({
      nodes: 3,
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/switchboard_cluster',
      redisUrl: 'redis://127.0.0.1:6379',
      dataDir: '/repo/data/cluster',
      web: true,
      demo: true,
    });
    expect(parseClusterArgs(['--nodes', '2', '--port', '9000', '--no-web'], '/repo')).toMatchObject({
      nodes: 2,
      port: 9000,
      web: false,
    });
  });

  it.each([
    [['--nodes', '0'], /--nodes must be a whole number from 1 to 16/],
    [['--nodes', 'three'], /--nodes must be a whole number/],
    [['--port', '65535'], /--port must be a whole number from 1 to 65532/],
    [['--database-url', 'mysql://x/db'], /--database-url must start with postgres:\/\//],
    [['--database-url', 'postgres://h/my-db'], /--database-url must name a database made of letters/],
    [['--redis-url', 'nope'], /--redis-url is not a URL/],
    [['--nodes'], /--nodes/],
    [['--sticky'], /--sticky/],
  ])('refuses %j naming the problem', (argv, message) => {
    expect(() => parseClusterArgs(argv)).toThrow(UsageError);
    expect(() => parseClusterArgs(argv)).toThrow(message);
  });
});

describe('the HAProxy configuration', () => {
  const config = haproxyConfig({
    host: '127.0.0.1',
    port: 8080,
    nodes: [
      { id: 'node-1', port: 8081 },
      { id: 'node-2', port: 8082 },
    ],
  });

  it('balances round robin over every node, without sticky sessions, checking /readyz', () => {
    expect(config).toContain('bind 127.0.0.1:8080');
    expect(config).toContain('balance roundrobin');
    expect(config).toContain('http-check send meth GET uri /readyz');
    expect(config).toContain('server node-1 127.0.0.1:8081 check');
    expect(config).toContain('server node-2 127.0.0.1:8082 check');
    expect(config).not.toMatch(/cookie|stick/);
  });

  it('keeps WebSockets open through long silences', () => {
    expect(config).toContain('timeout tunnel 1h');
  });
});

describe.skipIf(absent.length > 0)('npm run cluster -- --nodes 2', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-cluster-'));
  const dbName = `sb_cluster_test_${randomBytes(4).toString('hex')}`;
  const databaseUrl = Object.assign(new URL(POSTGRES_URL), { pathname: `/${dbName}` }).toString();
  let child: ChildProcess | undefined;

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      await new Promise((r) => child!.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop database if exists ${dbName} with (force)`);
    await client.end();
  });

  it('serves /healthz from both nodes through HAProxy, seeds the demo once, and stops everything on Ctrl-C', async () => {
    const port = await freePort();
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/cluster.ts',
        '--nodes',
        '2',
        '--port',
        String(port),
        '--no-web',
        '--data-dir',
        dataDir,
        '--database-url',
        databaseUrl,
        '--redis-url',
        REDIS_URL,
      ],
      { cwd: repoRoot, env: { ...process.env, LOG_FORMAT: 'json' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    const running = child;
    await new Promise<void>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`no cluster within 150 s:\n${output}`)), 150_000);
      const check = () => {
        if (!output.includes('Switchboard cluster ready')) return;
        clearTimeout(timer);
        resolvePromise();
      };
      running.stdout!.on('data', check);
      running.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the cluster command stopped (${code}):\n${output}`));
      });
    });
    expect(output).toContain(`Switchboard cluster ready: http://localhost:${port}`);

    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { status: string; node: string; router: string; epoch: number };
      expect(body).toMatchObject({ status: 'ok', router: expect.stringMatching(/^(leader|standby)$/) });
      seen.add(body.node);
    }
    expect([...seen].sort()).toEqual(['node-1', 'node-2']);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    // Node 1 alone runs the demo: one mock, one seeding. The shared key was generated once, for both.
    const logged = (node: string, text: string) =>
      output.split('\n').filter((l) => l.startsWith(`[${node}]`) && l.includes(text)).length;
    expect(logged('node-1', 'demo: mock HeyNow started')).toBe(1);
    expect(logged('node-2', 'demo: mock HeyNow started')).toBe(0);
    expect(output.match(/Demo data created/g)).toHaveLength(1);
    expect(readFileSync(join(dataDir, 'secret.key'), 'utf8').trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(existsSync(join(dataDir, 'haproxy.cfg'))).toBe(true);

    const exit = new Promise<number | null>((r) => running.once('exit', (code) => r(code)));
    running.kill('SIGINT');
    expect(await exit).toBe(0);
    for (const p of [port, port + 1, port + 2]) expect(await answers(`http://127.0.0.1:${p}/healthz`)).toBe(false);
  }, 240_000);
});
