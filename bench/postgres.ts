// A PostgreSQL database of the benchmark's own, next to the one --database-url names, dropped at the end.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export async function temporaryPostgres(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `sb_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** WAL bytes PostgreSQL has written so far (cluster-wide): the difference of two readings is what was written between. */
export async function walPosition(url: string): Promise<bigint> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ bytes: string }>(
      `select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text as bytes`,
    );
    return BigInt(rows[0]!.bytes);
  } finally {
    await c.end();
  }
}
