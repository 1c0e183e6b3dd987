// Starts several Switchboard nodes on one PostgreSQL database and one Redis, behind HAProxy on one port:
// the engine of `npm run cluster`, also used by the tests that need several real nodes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadOrCreateKeyFile } from '../../packages/server/src/security/secret-box';
import { haproxyConfig } from './haproxy';
import type { ClusterOptions } from './options';
import { ensureDatabase, redisAnswers } from './services';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface ClusterNode {
  id: string;
  /** http://127.0.0.1:<port>, the node itself (not through HAProxy). */
  url: string;
  child: ChildProcess;
}

export interface RunningCluster {
  /** The one URL people open: HAProxy. */
  url: string;
  nodes: ClusterNode[];
  haproxy: ChildProcess;
  /** Stops HAProxy and every node (SIGTERM, then SIGKILL after a grace period); safe to call twice. */
  stop(): Promise<void>;
}

export interface ClusterOutput {
  /** One line of the cluster's own output or of a child's, already prefixed with who wrote it. */
  line(text: string): void;
}

/** Debian's haproxy, or the first on PATH; null when there is none. */
export function findHaproxy(): string | null {
  const candidates = ['/usr/sbin/haproxy', ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'haproxy'))];
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not there; try the next one
    }
  }
  return null;
}

function exitedAlready(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function exited(child: ChildProcess): Promise<void> {
  if (exitedAlready(child)) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

/** Ends a child: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
async function end(child: ChildProcess, graceMs: number): Promise<void> {
  if (exitedAlready(child)) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}

/** Each line of the child's output through `out`, prefixed with `name`. */
function prefixOutput(child: ChildProcess, name: string, out: ClusterOutput): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => out.line(`[${name}] ${line}`));
  }
}

/** Resolves once a line containing `text` comes out of the child; fails if it exits or `ms` pass first. */
function lineFrom(child: ChildProcess, name: string, text: string, ms: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => finish(new Error(`${name} did not start within ${ms / 1000} s`)), ms);
    const lines = createInterface({ input: child.stdout! });
    const onExit = (code: number | null) => finish(new Error(`${name} stopped during start-up (exit code ${code})`));
    function finish(error?: Error) {
      clearTimeout(timer);
      lines.close();
      child.off('exit', onExit);
      if (error) reject(error);
      else resolvePromise();
    }
    lines.on('line', (line) => {
      if (line.includes(text)) finish();
    });
    child.once('exit', onExit);
  });
}

/** Polls `url` until it answers 200, or fails after `ms`. */
export async function until200(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (res.status === 200) return;
      last = `status ${res.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer 200 within ${ms / 1000} s (last: ${last})`);
}

/** The environment of node `index` (1-based): what it shares with the others, and what is its own. */
function nodeEnv(options: ClusterOptions, index: number, secretKey: string, publicUrl: string): NodeJS.ProcessEnv {
  const id = `node-${index}`;
  const demo = options.demo && index === 1;
  return {
    ...process.env,
    PORT: String(options.port + index),
    HOST: '127.0.0.1',
    SWITCHBOARD_NODE_ID: id,
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    SWITCHBOARD_SECRET_KEY: secretKey,
    SWITCHBOARD_DATA_DIR: join(options.dataDir, id),
    // Browsers reach every node under HAProxy's address: that is the origin writes come from.
    SWITCHBOARD_PUBLIC_URL: publicUrl,
    // The sign-in limit should see the browser's address, which HAProxy passes in X-Forwarded-For.
    SWITCHBOARD_TRUST_PROXY: 'loopback',
    // The demo's mock HeyNow listens on loopback, and any node's outbox may send to it.
    SWITCHBOARD_OUTBOUND_ALLOWLIST: '127.0.0.1',
    // Only node 1 seeds the demo data and runs the mock (on a free port, so nothing collides with the nodes).
    SWITCHBOARD_DEMO: demo ? 'true' : 'false',
    SWITCHBOARD_MOCK_HEYNOW_PORT: '0',
    LOG_FORMAT: process.env.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
  };
}

export async function startCluster(options: ClusterOptions, out: ClusterOutput): Promise<RunningCluster> {
  const haproxyBin = findHaproxy();
  if (!haproxyBin) throw new Error('HAProxy is not installed (Debian: apt-get install haproxy)');
  if (await ensureDatabase(options.databaseUrl)) out.line(`[cluster] created the database ${options.databaseUrl}`);
  if (!(await redisAnswers(options.redisUrl))) {
    throw new Error(`Redis does not answer at ${options.redisUrl}; start it or pass --redis-url`);
  }
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  // Generated once and kept: every node needs the same key, and so does every later start.
  const secretKey = loadOrCreateKeyFile(join(options.dataDir, 'secret.key')).toString('base64');
  if (options.web) {
    const built = spawnSync(process.execPath, ['scripts/build-web.mjs'], { cwd: repoRoot, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('building the web app failed');
  }
  const publicUrl = `http://${options.host === '127.0.0.1' ? 'localhost' : options.host}:${options.port}`;
  const nodes: ClusterNode[] = [];
  let haproxy: ChildProcess | null = null;
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.all([...(haproxy ? [end(haproxy, 5000)] : []), ...nodes.map((n) => end(n.child, 15_000))]);
    })());

  const startNode = async (index: number) => {
    const id = `node-${index}`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
      cwd: repoRoot,
      env: nodeEnv(options, index, secretKey, publicUrl),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const node = { id, url: `http://127.0.0.1:${options.port + index}`, child };
    nodes.push(node);
    prefixOutput(child, id, out);
    child.once('exit', (code, signal) => {
      if (!stopping) out.line(`[cluster] ${id} stopped (${signal ?? `exit code ${code}`})`);
    });
    // Logged after the demo has started, so the next node finds the demo data in place.
    await lineFrom(child, id, 'Switchboard is listening', 90_000);
    await until200(`${node.url}/readyz`, 60_000);
  };

  try {
    // The first node alone: it migrates the database, creates the first administrator and seeds the demo.
    await startNode(1);
    await Promise.all(Array.from({ length: options.nodes - 1 }, (_, i) => startNode(i + 2)));
    const configPath = join(options.dataDir, 'haproxy.cfg');
    const backends = nodes.map((n) => ({ id: n.id, port: Number(new URL(n.url).port) }));
    writeFileSync(configPath, haproxyConfig({ host: options.host, port: options.port, nodes: backends }));
    const check = spawnSync(haproxyBin, ['-c', '-q', '-f', configPath], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`HAProxy refused ${configPath}: ${check.stderr || check.stdout}`);
    haproxy = spawn(haproxyBin, ['-db', '-f', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    prefixOutput(haproxy, 'haproxy', out);
    const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
    await Promise.race([
      until200(`${url}/readyz`, 30_000),
      exited(haproxy).then(() => {
        throw new Error(`HAProxy stopped at start (is port ${options.port} free?)`);
      }),
    ]);
    return { url: publicUrl, nodes, haproxy, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
