// Test support: several Switchboard nodes on one fresh PostgreSQL database and a Redis, in this process
// (startTestServer) or as child processes (for SIGKILL and SIGSTOP). PostgreSQL and Redis must answer; the
// suites skip with a visible line where they do not, and fail under SWITCHBOARD_REQUIRE_SERVICES=1.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { POSTGRES_URL, postgresReachable } from '../storage/test-databases';
import { heynowWebhook } from './started-server';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let redisUp: Promise<boolean> | undefined;

export function redisReachable(url = REDIS_URL): Promise<boolean> {
  const probe = async () => {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      return (await redis.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      redis.disconnect();
    }
  };
  if (url !== REDIS_URL) return probe();
  redisUp ??= probe();
  return redisUp;
}

/** Both services of a cluster answer here. */
export async function clusterServicesReachable(): Promise<boolean> {
  const [pgUp, redis] = await Promise.all([postgresReachable(), redisReachable()]);
  return pgUp && redis;
}

export interface ClusterDatabase {
  /** postgres://…/<fresh database> */
  url: string;
  drop(): Promise<void>;
}

/** A fresh PostgreSQL database for one cluster (the nodes migrate it as they start). */
export async function createClusterDatabase(): Promise<ClusterDatabase> {
  const name = `sb_cluster_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** The environment every node of one cluster shares. */
export function clusterEnv(databaseUrl: string, redisUrl = REDIS_URL): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    SWITCHBOARD_SECRET_KEY: randomBytes(32).toString('base64'),
  };
}

export interface NodeProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  url: string;
  nodeId: string;
  /** Every JSON line the node has logged so far. */
  logs: Record<string, unknown>[];
  /** The end of what it wrote to stderr (a crash's stack). */
  stderr(): string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

/**
 * A node as a child process (main.ts), so a test can SIGKILL or SIGSTOP it; resolves once it listens. Its output
 * goes to a file, not a pipe: a test process too busy to drain a pipe would otherwise stall the node on a
 * blocking log write, which looks exactly like the stuck leader the tests are about.
 */
export function startNodeProcess(env: Record<string, string>): Promise<NodeProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-node-'));
  const outPath = join(dir, 'stdout.log');
  const errPath = join(dir, 'stderr.log');
  const out = openSync(outPath, 'a');
  const err = openSync(errPath, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      SWITCHBOARD_DEMO: 'false',
      SWITCHBOARD_OUTBOUND_ALLOWLIST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', out, err],
  });
  closeSync(out);
  closeSync(err);
  const logs: Record<string, unknown>[] = [];
  const stderr = () => {
    try {
      return readFileSync(errPath, 'utf8').slice(-4000);
    } catch {
      return '';
    }
  };
  let offset = 0;
  let partial = '';
  /** Reads what the node wrote since the last look. */
  const follow = () => {
    let text: string;
    try {
      const all = readFileSync(outPath);
      text = all.subarray(offset).toString();
      offset = all.length;
    } catch {
      return;
    }
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log line
      }
    }
  };
  const poll = setInterval(follow, 50);
  poll.unref();
  child.once('exit', () => {
    follow();
    clearInterval(poll);
  });
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    const check = setInterval(() => {
      follow();
      const listening = logs.find((l) => l.msg === 'Switchboard is listening');
      if (listening) {
        clearInterval(check);
        const url = `http://127.0.0.1:${new URL(String(listening.url)).port}`;
        resolvePromise({
          child,
          url,
          nodeId: String(listening.node),
          logs,
          stderr,
          call: (method, path, body, headers = {}) =>
            fetch(`${url}${path}`, {
              method,
              headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
              ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
            }),
        });
      } else if (child.exitCode !== null || Date.now() - started > 60_000) {
        clearInterval(check);
        child.kill('SIGKILL');
        reject(new Error(`node did not start (exit ${child.exitCode}): ${stderr()} ${JSON.stringify(logs.slice(-5))}`));
      }
    }, 50);
  });
}

/** The node that leads now and its epoch, from the database (null between a leader's death and the next). */
export async function currentLeader(databaseUrl: string): Promise<{ node: string; epoch: number } | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ leader_node: string | null; epoch: string; held: boolean }>(
      `select leader_node, epoch,
              exists (select 1 from pg_locks where locktype = 'advisory' and granted
                        and database = (select oid from pg_database where datname = current_database())) as held
         from router_leadership where id = 1`,
    );
    const row = rows[0];
    return row?.held && row.leader_node ? { node: row.leader_node, epoch: Number(row.epoch) } : null;
  } finally {
    await client.end();
  }
}

/** Signs in on `node`; the session cookie is valid on every node of the cluster. */
export async function loginTo(node: Pick<NodeProcess, 'call'>, username: string, password: string): Promise<string> {
  const res = await node.call('POST', '/api/auth/login', { username, password });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

const REPORTS = join(tmpdir(), 'sb-node-reports');

/** NODE_OPTIONS for nodes a test may need to diagnose: SIGUSR2 writes a report with the JavaScript stack. */
export const DIAGNOSABLE = `--report-on-signal --report-signal=SIGUSR2 --report-directory=${REPORTS}`;

/**
 * A failing cluster test's evidence: where `stuck` is in its JavaScript (and whether it is burning CPU), the
 * database sessions of every node, and each node's exit state and last log lines.
 */
export async function diagnose(stuck: NodeProcess, nodes: NodeProcess[], databaseUrl: string): Promise<string> {
  const out: string[] = [];
  const pid = stuck.child.pid!;
  const ticks = () => {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(f[11]) + Number(f[12]);
  };
  try {
    mkdirSync(REPORTS, { recursive: true });
    const before = ticks();
    stuck.child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 1500));
    out.push(`${stuck.nodeId}: ${ticks() - before} CPU ticks in 1.5 s`);
    const report = readdirSync(REPORTS).find((f) => f.includes(`.${pid}.`));
    if (report) {
      const parsed = JSON.parse(readFileSync(join(REPORTS, report), 'utf8')) as { javascriptStack?: unknown };
      out.push(`stack: ${JSON.stringify(parsed.javascriptStack)}`);
    }
  } catch (error) {
    out.push(`no report: ${String(error)}`);
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select application_name, state, wait_event, pg_blocking_pids(pid) as blockers, left(query, 120) as query
         from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    );
    out.push(`sessions: ${JSON.stringify(rows)}`);
  } finally {
    await client.end();
  }
  for (const n of nodes) {
    const last = n.logs
      .filter((l) => l.msg !== 'routing command failed')
      .slice(-8)
      .map((l) => `${String(l.time)} ${String(l.msg)} ${l.epoch === undefined ? '' : String(l.epoch)}`);
    out.push(
      `${n.nodeId} (exit ${n.child.exitCode ?? n.child.signalCode}): ${n.stderr().slice(-500)} ${last.join(' | ')}`,
    );
  }
  return out.join('\n');
}

export interface HandoffLoad {
  /** Conversation ids whose hand-off a node answered 200. */
  acknowledged: Set<string>;
  /** Hand-offs sent so far. */
  sent(): number;
  /** Stops sending and waits for what is in flight. */
  stop(): Promise<void>;
}

/**
 * Hand-offs at a steady rate (open loop) to whichever nodes are alive, round robin. Each is followed by a
 * customer message at another node, and the customer leaves when `leaves(n)` says so, which frees agents'
 * capacity so routing keeps going. Conversations are named `<prefix>-<n>`.
 */
export function handoffLoad(options: {
  nodes: NodeProcess[];
  provider: { providerId: string; partnerToken: string };
  perSecond: number;
  prefix: string;
  leaves: (n: number) => boolean;
}): HandoffLoad {
  const { nodes, provider, perSecond, prefix, leaves } = options;
  const acknowledged = new Set<string>();
  let sent = 0;
  let running = true;
  const live = () => nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);
  const post = (node: NodeProcess, body: Record<string, unknown>) =>
    heynowWebhook(node, provider.providerId, provider.partnerToken, body).catch(() => null);
  const conversation = async (n: number, a: NodeProcess, b: NodeProcess) => {
    const c = `${prefix}-${n}`;
    const handoff = await post(a, {
      event: 'handoff',
      conversationId: c,
      contact: { phone: `+5989${String(n).padStart(7, '0')}` },
      skill: 'ventas',
      messageId: `${c}-m0`,
      text: 'hola',
    });
    if (handoff?.status !== 200) return;
    acknowledged.add(c);
    await post(b, { event: 'message', conversationId: c, messageId: `${c}-m1`, text: 'sigo' });
    if (leaves(n)) await post(a, { event: 'customer_left', conversationId: c, timestamp: new Date().toISOString() });
  };
  const loop = (async () => {
    const started = Date.now();
    while (running) {
      const due = Math.floor(((Date.now() - started) / 1000) * perSecond);
      const batch: Promise<void>[] = [];
      for (; sent < due; sent++) {
        const targets = live();
        if (targets.length === 0) break;
        batch.push(conversation(sent, targets[sent % targets.length]!, targets[(sent + 1) % targets.length]!));
      }
      await Promise.all(batch);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    acknowledged,
    sent: () => sent,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}
