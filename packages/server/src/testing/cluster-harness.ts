// Test support: several Switchboard nodes on one fresh PostgreSQL database and a Redis, in this process
// (startTestServer) or as child processes (for SIGKILL and SIGSTOP). PostgreSQL and Redis must answer; the
// suites skip with a visible line where they do not, and fail under SWITCHBOARD_REQUIRE_SERVICES=1.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { POSTGRES_URL, postgresReachable } from '../storage/test-databases';

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
