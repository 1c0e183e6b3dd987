// What the nodes share, made ready before any node starts: the PostgreSQL database and a reachable Redis.
import { Redis } from 'ioredis';
import pg from 'pg';

/** The database of `databaseUrl`, created on its server when missing; true when it was created now. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  // Validated by the options, and so safe to quote: CREATE DATABASE takes no parameters.
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unusable database name "${name}"`);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL does not answer at ${url.host} (${error instanceof Error ? error.message : String(error)}); ` +
        'start it or pass --database-url',
      { cause: error },
    );
  }
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`create database "${name}"`);
    } catch (error) {
      // Another start created it meanwhile: that is what we wanted.
      if ((error as { code?: string }).code !== '42P04') throw error;
      return false;
    }
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether Redis answers PING at `redisUrl` within a few seconds. */
export async function redisAnswers(redisUrl: string): Promise<boolean> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
