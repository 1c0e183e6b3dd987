import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../storage/test-databases';
import { ConversationStore } from './conversation-store';
import * as interactions from './interaction-repository';

const SERVER_SRC = fileURLToPath(new URL('..', import.meta.url));
const REPOSITORY = 'conversations/interaction-repository.ts';

/** A statement that writes the interactions table, through Kysely or as SQL text. */
const WRITES_INTERACTIONS = [
  /\b(?:updateTable|insertInto|deleteFrom|replaceInto|mergeInto)\s*\(\s*['"`]interactions['"`]/,
  /\b(?:update|insert\s+into|delete\s+from)\s+["`]?interactions["`]?\s/i,
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Files other than the repository that write the table. Tests may set up rows; migrations are history. */
function otherWriters(files: { path: string; text: string }[]): string[] {
  return files
    .filter(({ path }) => !/\.test\.tsx?$/.test(path) && !path.startsWith('storage/migrations/') && path !== REPOSITORY)
    .filter(({ text }) => WRITES_INTERACTIONS.some((re) => re.test(text)))
    .map(({ path }) => path);
}

describe('one writer for the interactions table', () => {
  it('finds no statement writing interactions outside interaction-repository.ts', () => {
    const files = sources(SERVER_SRC).map((abs) => ({
      path: relative(SERVER_SRC, abs).split('\\').join('/'),
      text: readFileSync(abs, 'utf8'),
    }));
    expect(files.some((f) => f.path === REPOSITORY)).toBe(true);
    expect(otherWriters(files)).toEqual([]);
  });

  it('would catch a Kysely or SQL write slipped into another file (the rule can fail)', () => {
    const slipped = [
      { path: 'routing/x.ts', text: "await trx.updateTable('interactions').set({ status: 'closed' })" },
      { path: 'supervision/y.ts', text: 'await sql`update interactions set owner_agent_id = ${id}`.execute(db)' },
      { path: 'admin/z.ts', text: "db.insertInto(\n  'interactions'\n)" },
      { path: 'routing/ok.ts', text: "db.selectFrom('interactions').selectAll()" },
      { path: 'routing/ok.test.ts', text: "db.updateTable('interactions')" },
    ];
    expect(otherWriters(slipped)).toEqual(['routing/x.ts', 'supervision/y.ts', 'admin/z.ts']);
  });
});

const dialects = await dialectsUnderTest();

describe.each(dialects)('interaction repository on %s', (dialect) => {
  let database: TestDatabase;
  const store = new ConversationStore(() => 1000);

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.close());

  async function open(conversation: string, owner: string | null): Promise<string> {
    const { interaction } = await store.createInteraction(database.db, {
      providerId: 'p1',
      externalConversationId: conversation,
      campaignId: 'c1',
      customerNumber: '+598',
      skill: 'ventas',
      status: 'waiting',
    });
    if (owner)
      expect(
        await interactions.claimWaiting(
          database.db,
          { interactionId: interaction.id, campaignId: 'c1', agentId: owner, max: 5, at: 1000 },
          'active',
        ),
      ).toBe(true);
    return interaction.id;
  }

  it("finds an agent's incoming transfers by the indexed target column, and only while pending", async () => {
    const a = await open('t-1', 'ana');
    const b = await open('t-2', 'ana');
    await open('t-3', 'bruno');
    expect(
      await interactions.requestTransfer(database.db, a, {
        fromAgentId: 'ana',
        toAgentId: 'carla',
        at: 1,
        deadline: 9,
      }),
    ).toBe(true);
    // only the holder can ask for a transfer
    expect(
      await interactions.requestTransfer(database.db, b, {
        fromAgentId: 'bruno',
        toAgentId: 'carla',
        at: 1,
        deadline: null,
      }),
    ).toBe(false);
    expect(
      (await interactions.incomingTransfers(database.db, 'carla')).map((r) => [
        r.id,
        r.transfer_from_agent_id,
        r.transfer_deadline,
      ]),
    ).toEqual([[a, 'ana', 9]]);
    expect(await interactions.incomingTransfers(database.db, 'ana')).toEqual([]);

    expect(await interactions.acceptTransfer(database.db, a, 'ana', 'carla')).toBe(true);
    expect(await interactions.incomingTransfers(database.db, 'carla')).toEqual([]);

    const indexes =
      dialect === 'sqlite'
        ? await sql<{
            name: string;
          }>`select name from sqlite_master where type = 'index' and tbl_name = 'interactions'`.execute(database.db)
        : await sql<{
            name: string;
          }>`select indexname as name from pg_indexes where tablename = 'interactions' and schemaname = current_schema()`.execute(
            database.db,
          );
    expect(indexes.rows.map((r) => r.name)).toContain('interactions_transfer_to');
  });

  it('takes over only from the expected agent, keeps the staff holder out of agent counts, and releases to the queue', async () => {
    const id = await open('o-1', 'dora');
    expect(await interactions.takeOver(database.db, id, 'someone-else', 'sofia', 2000)).toBe(false);
    expect(await interactions.takeOver(database.db, id, 'dora', 'sofia', 2000)).toBe(true);
    expect(await interactions.heldBy(database.db, 'dora', 'c1')).toBe(0);
    // a second take-over of the same conversation loses
    expect(await interactions.takeOver(database.db, id, 'sofia', 'other', 2001)).toBe(false);
    expect(await interactions.releaseToQueue(database.db, id, 'other')).toBe(false);
    expect(await interactions.releaseToQueue(database.db, id, 'sofia')).toBe(true);
    const row = await store.getInteraction(database.db, id);
    expect(row).toMatchObject({ status: 'waiting', owner_agent_id: null, taken_over_at: null });
  });

  it('hands an active interaction over only under the target cap and from the expected holder', async () => {
    const id = await open('h-1', 'eva');
    await open('h-2', 'fede');
    const move = {
      interactionId: id,
      campaignId: 'c1',
      agentId: 'fede',
      at: 3000,
      fromOwner: 'eva',
      fromTakeOver: false,
    };
    expect(await interactions.handOver(database.db, { ...move, max: 1 })).toBe(false);
    expect(await interactions.handOver(database.db, { ...move, fromOwner: 'nobody', max: 2 })).toBe(false);
    expect(await interactions.handOver(database.db, { ...move, max: 2 })).toBe(true);
    expect(await interactions.heldBy(database.db, 'fede', 'c1')).toBe(2);
    expect(await interactions.heldBy(database.db, 'eva', 'c1')).toBe(0);
  });
});
