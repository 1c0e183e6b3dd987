import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompiledStatement } from './compiled-statement';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from './test-databases';

const dialects = await dialectsUnderTest();

describe.each(dialects)('a compiled statement on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.close());

  const insert = new CompiledStatement<{ key: string; value: string }>((db, arg) =>
    db
      .insertInto('settings')
      .values({ key: arg('key'), value_json: arg('value') })
      .onConflict((oc) => oc.column('key').doNothing()),
  );
  // One argument used twice and a constant of the builder's own, between them.
  const find = new CompiledStatement<{ key: string }, { key: string }>((db, arg) =>
    db
      .selectFrom('settings')
      .select('key')
      .where((eb) => eb.or([eb('key', '=', arg('key')), eb('value_json', '=', 'never')]))
      .where('key', '=', arg('key')),
  );

  it('binds new values on every run, and reports the rows it changed', async () => {
    expect(Number((await insert.execute(database.db, { key: 'a', value: '1' })).numAffectedRows)).toBe(1);
    expect(Number((await insert.execute(database.db, { key: 'b', value: '2' })).numAffectedRows)).toBe(1);
    expect(Number((await insert.execute(database.db, { key: 'a', value: '3' })).numAffectedRows)).toBe(0);
    expect((await find.execute(database.db, { key: 'b' })).rows).toEqual([{ key: 'b' }]);
    expect((await find.execute(database.db, { key: 'zz' })).rows).toEqual([]);
  });

  it('runs inside a transaction, and a rollback undoes it', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await insert.execute(trx, { key: 'in-trx', value: '1' });
        expect((await find.execute(trx, { key: 'in-trx' })).rows).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await find.execute(database.db, { key: 'in-trx' })).rows).toEqual([]);
  });
});
