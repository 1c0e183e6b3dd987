import type { Kysely, Transaction } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tables } from '../../storage/schema';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../../storage/test-databases';
import { GroupCommit } from './group-commit';

const dialects = await dialectsUnderTest();

describe.each(dialects)('group commit on %s', (dialect) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    await database.close();
  });

  const setting = (key: string) => (trx: Parameters<Parameters<GroupCommit<string>['submit']>[1]>[0]) =>
    trx
      .insertInto('settings')
      .values({ key, value_json: '1' })
      .execute()
      .then(() => key);
  const keys = async () =>
    (await database.db.selectFrom('settings').select('key').orderBy('key').execute()).map((r) => r.key);

  it('lets webhooks arriving during a commit share the next transaction, each getting its own result', async () => {
    const commits = new GroupCommit<string>(database.db, 1);
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((k) => commits.submit('conv', setting(k))));
    expect(results).toEqual(['a', 'b', 'c', 'd']);
    expect(await keys()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('replays a failed batch one by one, so only the bad job fails and nothing of it is kept', async () => {
    const commits = new GroupCommit<string>(database.db, 2);
    const outcomes = await Promise.allSettled([
      commits.submit('x', setting('ok-1')),
      commits.submit('x', async (trx) => {
        await setting('half-written')(trx);
        throw new Error('bad webhook');
      }),
      commits.submit('x', setting('ok-2')),
      commits.submit('y', setting('ok-3')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(await keys()).toEqual(['ok-1', 'ok-2', 'ok-3']);
  });

  it('applies consecutive jobs with a payload together through many, the others alone, all in arrival order', async () => {
    const applied: string[] = [];
    const commits = new GroupCommit<string, string>(database.db, 1, {
      many: async (trx, payloads) => {
        applied.push(`many(${payloads.join(',')})`);
        for (const k of payloads) await setting(k)(trx);
        return payloads.map((k) => `${k}!`);
      },
    });
    const alone = (k: string) => async (trx: Parameters<ReturnType<typeof setting>>[0]) => {
      applied.push(k);
      return setting(k)(trx);
    };
    const results = await Promise.all([
      commits.submit('conv', alone('first')), // no payload: applied alone, by its own work
      commits.submit('conv', alone('b'), 'b'),
      commits.submit('conv', alone('c'), 'c'),
      commits.submit('conv', alone('plain')),
      commits.submit('conv', alone('e'), 'e'),
      commits.submit('conv', alone('f'), 'f'),
      commits.submit('conv', alone('g'), 'g'),
    ]);
    expect(results).toEqual(['first', 'b!', 'c!', 'plain', 'e!', 'f!', 'g!']);
    expect(applied).toEqual(['first', 'many(b,c)', 'plain', 'many(e,f,g)']);
    expect(await keys()).toEqual(['b', 'c', 'e', 'f', 'first', 'g', 'plain']);
  });

  it('applies a batch of payload jobs at once without a transaction, then the ones it left through their own work', async () => {
    const atOnce: string[][] = [];
    const commits = new GroupCommit<string, string>(database.db, 1, {
      atOnce: async (db, payloads) => {
        atOnce.push(payloads);
        for (const k of payloads)
          if (k !== 'left') await db.insertInto('settings').values({ key: k, value_json: '1' }).execute();
        return payloads.map((k) => (k === 'left' ? undefined : `${k}!`));
      },
    });
    const own = (k: string) => async (trx: Parameters<ReturnType<typeof setting>>[0]) => `${await setting(k)(trx)}?`;
    const results = await Promise.all(['a', 'left', 'b'].map((k) => commits.submit('conv', own(k), k)));
    expect(results).toEqual(['a!', 'left?', 'b!']);
    expect(await keys()).toEqual(['a', 'b', 'left']);
    // A job without a payload makes its batch take the transaction path.
    expect(await commits.submit('conv', own('plain'))).toBe('plain?');
    expect(atOnce.flat()).not.toContain('plain');
  });

  it('falls back to the transaction path when the statement applying a batch at once fails, and reports why', async () => {
    const reported: [string, number][] = [];
    const commits = new GroupCommit<string, string>(database.db, 1, {
      atOnce: () => Promise.reject(new Error('statement failed')),
      onAtOnceFailure: (error, jobs) => reported.push([(error as Error).message, jobs]),
    });
    const own = (k: string) => async (trx: Parameters<ReturnType<typeof setting>>[0]) => `${await setting(k)(trx)}?`;
    expect(await Promise.all(['a', 'b'].map((k) => commits.submit('conv', own(k), k)))).toEqual(['a?', 'b?']);
    expect(await keys()).toEqual(['a', 'b']);
    expect(reported).toEqual([['statement failed', 2]]);
  });

  it('replays each job of a failed run with its own work, so one bad payload fails only its job', async () => {
    const commits = new GroupCommit<string, string>(database.db, 1, {
      many: async (trx, payloads) => {
        for (const k of payloads) await setting(k)(trx);
        throw new Error('one of them is bad');
      },
    });
    const own = (k: string) => async (trx: Parameters<ReturnType<typeof setting>>[0]) => {
      if (k === 'bad') throw new Error('bad webhook');
      return setting(k)(trx);
    };
    const outcomes = await Promise.allSettled(
      ['first', 'a', 'bad', 'c'].map((k) => commits.submit('conv', own(k), k === 'first' ? undefined : k)),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await keys()).toEqual(['a', 'c', 'first']);
  });

  /** The executor GroupCommit sees, instrumented: it numbers each transaction and notes when its commit returned. */
  function countingTransactions() {
    const transactionOf = new WeakMap<Transaction<Tables>, number>();
    const committed = new Set<number>();
    const counter = { started: 0, transactionOf, committed, db: undefined as unknown as Kysely<Tables> };
    counter.db = {
      transaction: () => ({
        execute: async <T>(fn: (trx: Transaction<Tables>) => Promise<T>): Promise<T> => {
          const id = ++counter.started;
          const result = await database.db.transaction().execute((trx) => {
            transactionOf.set(trx, id);
            return fn(trx);
          });
          committed.add(id);
          return result;
        },
      }),
    } as unknown as Kysely<Tables>;
    return counter;
  }

  it('starts no transaction before the current turn of the event loop ends, so jobs submitted in it share one', async () => {
    // Webhooks whose requests are read in one poll phase submit one after the other, each from its own I/O
    // callback; on SQLite a transaction never yields to I/O, so a lane that started at the first job would
    // commit it alone. Here the jobs come in one synchronous run, the tightest version of that.
    const counter = countingTransactions();
    const commits = new GroupCommit<string>(counter.db, 1);
    const ranIn: number[] = [];
    const job = (key: string) => async (trx: Transaction<Tables>) => {
      ranIn.push(counter.transactionOf.get(trx)!);
      return setting(key)(trx);
    };
    const results = await Promise.all(['a', 'b', 'c'].map((k) => commits.submit('conv', job(k))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(counter.started).toBe(1);
    expect(ranIn).toEqual([1, 1, 1]);
    expect(await keys()).toEqual(['a', 'b', 'c']);
  });

  it('commits concurrent webhooks in fewer transactions than webhooks, each committed before its promise resolves', async () => {
    const counter = countingTransactions();
    const { transactionOf, committed } = counter;
    const commits = new GroupCommit<string>(counter.db, 1);

    const N = 20;
    const ranIn = new Map<string, number>();
    const durableWhenResolved = new Map<string, boolean>();
    await Promise.all(
      Array.from({ length: N }, (_, i) => {
        const key = `w${String(i).padStart(2, '0')}`;
        return commits
          .submit('conv', async (trx) => {
            ranIn.set(key, transactionOf.get(trx)!);
            return setting(key)(trx);
          })
          .then(() => durableWhenResolved.set(key, committed.has(ranIn.get(key)!)));
      }),
    );

    expect(counter.started).toBe(committed.size);
    expect(committed.size).toBeLessThan(N);
    expect(Math.max(...[...countBy(ranIn.values()).values()])).toBeGreaterThan(1);
    expect([...durableWhenResolved.values()]).toEqual(new Array(N).fill(true));
    expect(await keys()).toEqual([...ranIn.keys()].sort());
  });
});

function countBy(values: Iterable<number>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}
