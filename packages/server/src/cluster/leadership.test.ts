// Router leadership on PostgreSQL: one leader at a time, a successor within a poll once the lock goes, and
// a stuck leader (here: one that stopped renewing, as under SIGSTOP) cut off and fenced out of every write.
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  postgresReachable,
  servicesOrSkip,
  POSTGRES_URL,
  type TestDatabase,
} from '../storage/test-databases';
import { until } from '../testing/until';
import { FencedError, Leadership } from './leadership';

const reachable = servicesOrSkip(await postgresReachable(), 'PostgreSQL is', 'leadership tests');

describe.skipIf(!reachable)('router leadership', () => {
  const open: Leadership[] = [];
  let database: TestDatabase | undefined;
  afterEach(async () => {
    for (const l of open.splice(0)) await l.stop();
    await database?.close();
  });

  function candidate(name: string, events: string[], options: { pollMs?: number; leaseMs?: number } = {}) {
    const l = new Leadership({
      connectionString: POSTGRES_URL,
      schema: database!.schema!,
      nodeId: name,
      logger: pino({ level: 'silent' }),
      lead: async (epoch) => void events.push(`${name} leads ${epoch}`),
      lose: async () => void events.push(`${name} lost`),
      pollMs: options.pollMs ?? 50,
      warmUpMs: 0,
      leaseMs: options.leaseMs ?? 400,
    });
    open.push(l);
    return l;
  }

  /** Runs `write` as a routing transaction of `l` would: fence first. */
  async function fencedWrite(l: Leadership): Promise<'written' | 'fenced'> {
    try {
      await database!.db.transaction().execute(async (trx) => {
        await l.fence(trx);
        await trx.updateTable('router_leadership').set({ leader_node: 'written' }).where('id', '=', 1).execute();
      });
      return 'written';
    } catch (error) {
      if (error instanceof FencedError) return 'fenced';
      throw error;
    }
  }

  it('elects one leader, and a standby takes over with the next epoch once the leader stops', async () => {
    database = await createTestDatabase('postgres');
    const events: string[] = [];
    const a = candidate('a', events);
    const b = candidate('b', events);
    await a.start();
    await b.start();
    expect([a.routerRole, b.routerRole]).toEqual(['leader', 'standby']);
    expect(await fencedWrite(b)).toBe('fenced');
    const first = a.epoch;
    await a.stop();
    await until('b leads', async () => b.routerRole === 'leader');
    expect(b.epoch).toBe(first + 1);
    expect(events).toEqual([`a leads ${first}`, 'a lost', `b leads ${first + 1}`]);
  });

  it('cuts off a leader that stopped renewing its lease, and its writes are fenced when it wakes', async () => {
    database = await createTestDatabase('postgres');
    const events: string[] = [];
    // `a` checks in only every 5 s: past its 400 ms lease it looks exactly like a paused process.
    const a = candidate('a', events, { pollMs: 5000 });
    await a.start();
    expect(a.routerRole).toBe('leader');
    expect(await fencedWrite(a)).toBe('written');
    const b = candidate('b', events);
    await b.start();
    await until('b takes over from the stuck leader', async () => b.routerRole === 'leader', 5000);
    expect(b.epoch).toBe(a.epoch + 1);
    // `a` still believes it leads (it has not run since), yet the database refuses its decisions.
    expect(a.routerRole).toBe('leader');
    expect(await fencedWrite(a)).toBe('fenced');
    expect(await fencedWrite(b)).toBe('written');
  });
});
