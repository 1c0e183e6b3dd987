import pg from 'pg';
import type { Logger } from 'pino';
import { sql, type Transaction } from 'kysely';
import type { Tables } from '../storage/schema';

export interface LeadershipOptions {
  connectionString: string;
  /** The schema the tables live in: the lock is per schema, so test clusters side by side do not collide. */
  schema: string;
  nodeId: string;
  logger: Logger;
  /** This node now leads under `epoch`: rebuild and route. */
  lead: (epoch: number) => Promise<void>;
  /** This node no longer leads (lock lost, superseded, stopping): stop deciding at once. */
  lose: () => Promise<void>;
  /** How often a standby tries the lock and a leader renews its lease (default 500 ms). */
  pollMs?: number;
  /**
   * A node that just started and found another leading waits this long before it competes (default 2 s): a
   * warm standby makes a quicker leader than a process still compiling and filling its caches.
   */
  warmUpMs?: number;
  /** A leader whose lease is older than this is taken to be stuck and is cut off (default 8 s: long enough that a node
   * busy compiling or collecting garbage is not mistaken for a stuck one). */
  leaseMs?: number;
}

/** Thrown inside a routing transaction whose router no longer leads. */
export class FencedError extends Error {
  constructor(mine: number, current: number) {
    super(`this router leads under epoch ${mine} but epoch ${current} is current: it may not write`);
    this.name = 'FencedError';
  }
}

const LOCK_CLASS = 0x5357_4244; // "SWBD": the advisory lock's first key; the second is the schema's hash.

/**
 * Router leadership among several nodes (docs/adr/0012-several-nodes.md). The leader holds a PostgreSQL
 * *session* advisory lock on a dedicated connection (a pooled one could hand the session, and the lock, to
 * someone else); the lock goes when that connection or the process dies, and a standby that keeps trying takes
 * it within `pollMs`. Taking the lead increments an epoch that every routing transaction checks (`fence`), and
 * the leader renews a lease by the database's clock: a leader that is alive but stuck (paused, partitioned)
 * stops renewing, and a standby then ends its database sessions, takes the lock and the next epoch. When the
 * old leader wakes up its writes fail the fence and it finds its lock connection gone.
 */
export class Leadership {
  private client: pg.Client | null = null;
  private role: 'standby' | 'leader' = 'standby';
  private currentEpoch = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private turn: Promise<void> = Promise.resolve();
  private warmUntil = 0;
  private readonly key2: number;

  constructor(private readonly options: LeadershipOptions) {
    this.key2 = positiveHash(options.schema);
  }

  get routerRole(): 'leader' | 'standby' {
    return this.role;
  }

  /** The epoch this node leads under, or the last one it saw as a standby. */
  get epoch(): number {
    return this.currentEpoch;
  }

  /** Makes the first attempt (a lone node leads before it answers requests), then keeps trying. */
  async start(): Promise<void> {
    await this.step();
    this.warmUntil = Date.now() + (this.options.warmUpMs ?? 2000);
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.turn.catch(() => undefined);
    if (this.role === 'leader') await this.demote('stopping');
    // Closing the session releases the lock at once: a standby leads within its next try.
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  /**
   * First statement of every routing transaction: holds the leadership row shared until commit, so a successor
   * cannot take the next epoch in the middle of it, and refuses when the epoch moved on.
   */
  readonly fence = async (trx: Transaction<Tables>): Promise<void> => {
    const { rows } = await sql<{ epoch: number }>`select epoch from router_leadership where id = 1 for share`.execute(
      trx,
    );
    const current = Number(rows[0]?.epoch ?? -1);
    if (this.role !== 'leader' || current !== this.currentEpoch) throw new FencedError(this.currentEpoch, current);
  };

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.turn = this.step().finally(() => this.schedule());
    }, this.options.pollMs ?? 500);
    this.timer.unref();
  }

  private async step(): Promise<void> {
    if (this.role === 'standby' && Date.now() < this.warmUntil) return;
    try {
      if (this.role === 'leader') await this.renew();
      else await this.tryLead();
    } catch (error) {
      this.options.logger.warn({ err: error, role: this.role }, 'router leadership check failed');
      await this.dropClient();
      if (this.role === 'leader') await this.demote('lost the database connection that held the lock');
    }
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      application_name: `switchboard-leadership:${this.options.nodeId}`,
      keepAlive: true,
      connectionTimeoutMillis: 3000,
      ...(this.options.schema !== 'public' ? { options: `-c search_path=${this.options.schema}` } : {}),
    });
    client.on('error', () => undefined); // surfaces on the next query, which step() handles
    await client.connect();
    this.client = client;
    return client;
  }

  private async dropClient(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async tryLead(): Promise<void> {
    const client = await this.connection();
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1, $2) as locked', [
      LOCK_CLASS,
      this.key2,
    ]);
    if (!rows[0]?.locked) {
      await this.cutOffStuckLeader(client);
      return;
    }
    // Sessions of a previous leader still inside a routing transaction hold the epoch row: end them, or the
    // next epoch would wait for a process that may never run again. (The lease lives in another table, so
    // renewing it never waits for a routing transaction.)
    await client.query(
      `select pg_terminate_backend(pid) from pg_locks
        where relation = 'router_leadership'::regclass and mode in ('RowShareLock', 'RowExclusiveLock')
          and pid <> pg_backend_pid()`,
    );
    const taken = await client.query<{ epoch: string }>(
      'update router_leadership set epoch = epoch + 1, leader_node = $1 where id = 1 returning epoch',
      [this.options.nodeId],
    );
    const epoch = Number(taken.rows[0]!.epoch);
    await client.query(`update router_lease set epoch = $1, renewed_at_ms = ${DB_NOW_MS} where id = 1`, [epoch]);
    this.currentEpoch = epoch;
    this.role = 'leader';
    this.options.logger.info({ epoch, node: this.options.nodeId }, 'this node now leads routing');
    // Not awaited: rebuilding may take a while under load, and the lease must go on being renewed meanwhile.
    this.options.lead(epoch).catch(async (error: unknown) => {
      if (this.role !== 'leader' || this.currentEpoch !== epoch) return;
      this.options.logger.error({ err: error }, 'taking the lead failed; stepping down');
      await this.demote('could not rebuild');
      await this.dropClient();
    });
  }

  /** A standby: when the leader's lease ran out, it is stuck; end its lock session so the lock frees. */
  private async cutOffStuckLeader(client: pg.Client): Promise<void> {
    const lease = this.options.leaseMs ?? 8000;
    const { rows } = await client.query<{ epoch: string; age: string }>(
      `select epoch, ${DB_NOW_MS} - renewed_at_ms as age from router_lease where id = 1`,
    );
    const row = rows[0];
    if (!row) return;
    this.currentEpoch = Number(row.epoch);
    if (Number(row.age) <= lease) return;
    const ended = await client.query(
      `select pg_terminate_backend(pid) from pg_locks
        where locktype = 'advisory' and classid = $1 and objid = $2 and objsubid = 2 and granted
          and database = (select oid from pg_database where datname = current_database())`,
      [LOCK_CLASS, this.key2],
    );
    if ((ended.rowCount ?? 0) > 0)
      this.options.logger.warn({ epoch: this.currentEpoch, ageMs: Number(row.age) }, 'cut off a stuck router leader');
  }

  private async renew(): Promise<void> {
    const client = await this.connection();
    const renewed = await client.query(
      `update router_lease set renewed_at_ms = ${DB_NOW_MS} where id = 1 and epoch = $1`,
      [this.currentEpoch],
    );
    if (renewed.rowCount === 0) {
      await this.dropClient();
      await this.demote('another node took a later epoch');
    }
  }

  private async demote(why: string): Promise<void> {
    if (this.role !== 'leader') return;
    this.role = 'standby';
    this.options.logger.warn({ epoch: this.currentEpoch, why }, 'this node no longer leads routing');
    await this.options
      .lose()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'stepping down from routing failed'));
  }
}

/** The database's clock in milliseconds: every node's lease is measured by the one clock. */
const DB_NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

function positiveHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h & 0x7fff_ffff;
}
