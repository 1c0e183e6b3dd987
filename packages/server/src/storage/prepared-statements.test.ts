import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from './test-databases';
import { preparedStatementsOf } from './prepared-statements';

const dialects = await dialectsUnderTest();

describe.each(dialects)('prepared statements on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.close());

  it('are offered on the root PostgreSQL instance only, never inside a transaction or on SQLite', async () => {
    expect(preparedStatementsOf(database.db) !== undefined).toBe(dialect === 'postgres');
    await database.db.transaction().execute(async (trx) => {
      expect(preparedStatementsOf(trx)).toBeUndefined();
    });
  });

  it.runIf(dialect === 'postgres')(
    'run one named statement again and again with new values, past the switch to a generic plan, and feed the query metrics',
    async () => {
      const run = preparedStatementsOf(database.db)!;
      const heard: boolean[] = [];
      const stop = database.onQuery!((_ms, failed) => heard.push(failed));
      const text = 'select count(*)::int as n from unnest($1::text[]) as t(v) where v <> $2';
      // A plan is cached after five runs; the answers must keep following the values.
      for (let k = 1; k <= 8; k++) {
        const values = Array.from({ length: k }, (_, i) => `v${i}`);
        expect(await run<{ n: number }>('prepared_test_count', text, [values, 'v0'])).toEqual([{ n: k - 1 }]);
      }
      await expect(run('prepared_test_bad', 'select $1::int', ['not a number'])).rejects.toThrow();
      stop();
      expect(heard).toEqual([...Array<boolean>(8).fill(false), true]);
    },
  );
});
