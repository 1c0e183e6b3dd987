import { afterEach, describe, expect, it } from 'vitest';
import { dialectsUnderTest, createTestDatabase, type TestDatabase } from '../storage/test-databases';
import { SessionStore } from './session-store';
import { UserService } from './user-service';

const dialects = await dialectsUnderTest();

describe.each(dialects)('sessions on %s', (dialect) => {
  let database: TestDatabase | undefined;
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    await database?.close();
  });

  it('purges expired session rows at start and then periodically, by the injected clock', async () => {
    database = await createTestDatabase(dialect);
    let now = 5_000_000;
    const clock = () => now;
    const users = new UserService(database.db, clock);
    const sessions = new SessionStore(database.db, 60_000, clock);
    const user = await users.create({ username: 'ana', displayName: 'Ana', role: 'agent', password: 'ana-password' });
    const rows = async () =>
      (await database!.db.selectFrom('sessions').select('expires_at').execute()).map((r) => Number(r.expires_at));

    const old = await sessions.create(user.id);
    now += 30_000;
    const fresh = await sessions.create(user.id);
    now += 40_000; // the first has expired, the second has 20 s left
    stop = sessions.startPurging(20);
    await expect.poll(rows, { timeout: 2000 }).toEqual([fresh.expiresAt]);
    expect(await sessions.resolve(old.token)).toBeNull();

    now += 20_000; // the second expires too; the next periodic run removes it
    await expect.poll(rows, { timeout: 2000 }).toEqual([]);
  });
});
