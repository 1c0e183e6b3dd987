// `npm run cluster -- …`: what the command line may say, checked before anything starts.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';

export interface ClusterOptions {
  /** How many Switchboard processes. */
  nodes: number;
  /** HAProxy's port, the one URL people open; node i listens on port + i. */
  port: number;
  /** Where HAProxy listens (the nodes always listen on 127.0.0.1). */
  host: string;
  databaseUrl: string;
  redisUrl: string;
  /** The secret key, the HAProxy configuration and each node's data directory. */
  dataDir: string;
  /** Build the web app first (when its sources changed); tests skip it. */
  web: boolean;
  /** Start the demo (mock HeyNow, demo data) on node 1. */
  demo: boolean;
}

export const CLUSTER_USAGE = `Usage: npm run cluster -- [--nodes 3] [--port 8080] [--host 127.0.0.1]
       [--database-url postgres://postgres@127.0.0.1:5432/switchboard_cluster]
       [--redis-url redis://127.0.0.1:6379] [--data-dir data/cluster] [--no-web] [--no-demo]`;

export class UsageError extends Error {}

function whole(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function urlOf(name: string, raw: string, protocols: string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new UsageError(`--${name} is not a URL: "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new UsageError(`--${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

export function parseClusterArgs(argv: string[], cwd: string = process.cwd()): ClusterOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        nodes: { type: 'string', default: '3' },
        port: { type: 'string', default: '8080' },
        host: { type: 'string', default: '127.0.0.1' },
        'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/switchboard_cluster' },
        'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
        'data-dir': { type: 'string', default: 'data/cluster' },
        'no-web': { type: 'boolean', default: false },
        'no-demo': { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const nodes = whole('nodes', values.nodes, 1, 16);
  const port = whole('port', values.port, 1, 65535 - nodes);
  const databaseUrl = urlOf('database-url', values['database-url'], ['postgres:', 'postgresql:']);
  if (!/^\/[A-Za-z0-9_]+$/.test(new URL(databaseUrl).pathname)) {
    throw new UsageError(
      '--database-url must name a database made of letters, digits and _ (e.g. …/switchboard_cluster)',
    );
  }
  return {
    nodes,
    port,
    host: values.host,
    databaseUrl,
    redisUrl: urlOf('redis-url', values['redis-url'], ['redis:', 'rediss:']),
    dataDir: resolve(cwd, values['data-dir']),
    web: !values['no-web'],
    demo: !values['no-demo'],
  };
}
