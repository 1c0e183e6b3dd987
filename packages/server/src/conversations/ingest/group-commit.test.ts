import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
});
