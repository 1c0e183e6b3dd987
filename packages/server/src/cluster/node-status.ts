import { sql } from 'kysely';
import type { Database } from '../storage/database';

export type RouterRole = 'leader' | 'standby';

/** What `/healthz` and `/readyz` say about this node. */
export interface NodeStatus {
  readonly nodeId: string;
  /** Whether this node runs the router now. */
  routerRole(): RouterRole;
  /** The fencing epoch of the leadership this node last saw (0 while one process runs alone). */
  epoch(): number;
  /** Whether this node can reach what it needs to serve; `redis: null` when no Redis is configured. */
  reachable(): Promise<{ database: boolean; redis: boolean | null }>;
}

/** A load balancer's check must answer quickly even when the database hangs: a slow answer counts as down. */
export const DATABASE_CHECK_TIMEOUT_MS = 1000;

/** Resolves to whether `probe` succeeded within `ms`; a failure or a late answer is `false`. */
export async function answersWithin(probe: () => Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  try {
    return await Promise.race([probe().then(() => true as const), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** One process alone: it always runs the router, and only its database can be out of reach. */
export function singleNodeStatus(
  nodeId: string,
  database: Pick<Database, 'db'>,
  timeoutMs = DATABASE_CHECK_TIMEOUT_MS,
): NodeStatus {
  return {
    nodeId,
    routerRole: () => 'leader',
    epoch: () => 0,
    reachable: async () => ({
      database: await answersWithin(() => sql`select 1`.execute(database.db), timeoutMs),
      redis: null,
    }),
  };
}
