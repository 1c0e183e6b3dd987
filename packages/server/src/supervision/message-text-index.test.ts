import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, type Database } from '../storage/database';
import { migrateToLatest } from '../storage/migrate';
import { migratedUpTo } from '../storage/migration-test-support';
import type { Tables } from '../storage/schema';
import { MessageTextIndex } from './message-text-index';
import { RecordingsService } from './recordings-service';

const NOW = Date.UTC(2026, 11, 7, 15, 0, 0);

// Raw SQL and only columns as old as migration 0002, so the migration test can use it before 0023.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function interaction(db: Kysely<any>, id: string): Promise<void> {
  await sql`insert into interactions (id, provider_id, external_conversation_id, customer_number, skill, status, created_at)
    values (${id}, 'p1', ${id}, '+59899000000', 'ventas', 'closed', ${NOW})`.execute(db);
}

let messageCount = 0;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function message(db: Kysely<any>, interactionId: string, body: string | null): Promise<string> {
  const id = `m${++messageCount}`;
  await sql`insert into messages (id, interaction_id, provider_id, direction, author, kind, body, created_at)
    values (${id}, ${interactionId}, 'p1', 'in', 'customer', 'text', ${body}, ${NOW})`.execute(db);
  return id;
}

/** Rowids the index answers for an FTS5 query. */
async function matches(db: Kysely<Tables>, query: string): Promise<number[]> {
  const { rows } = await sql<{
    rowid: number;
  }>`select rowid from messages_fts where messages_fts match ${query} order by rowid`.execute(db);
  return rows.map((r) => Number(r.rowid));
}

const mark = async (db: Kysely<Tables>): Promise<number> =>
  Number((await sql<{ m: number }>`select indexed_rowid as m from messages_fts_progress`.execute(db)).rows[0]!.m);

const maxRowid = async (db: Kysely<Tables>): Promise<number> =>
  Number((await sql<{ m: number }>`select coalesce(max(rowid), 0) as m from messages`.execute(db)).rows[0]!.m);

/**
 * FTS5 compares the index with the content table: it fails on a missing, stale or twice-indexed row. Only
 * meaningful once every message is indexed and none is without a body (those are never indexed: they hold no
 * words, and FTS5 would count them as missing).
 */
const indexMatchesMessages = (db: Kysely<Tables>) =>
  sql`insert into messages_fts(messages_fts, rank) values ('integrity-check', 1)`.execute(db);

describe('the batch full-text index of messages on SQLite', () => {
  let database: Database;
  let db: Kysely<Tables>;
  afterEach(async () => {
    await database?.close();
  });

  async function fresh(): Promise<void> {
    database = openSqlite({ filename: ':memory:' });
    await migrateToLatest(database);
    db = database.db;
    await interaction(db, 'i1');
  }

  it('leaves a new message out of the index until a catch-up', async () => {
    await fresh();
    await message(db, 'i1', 'necesito ayuda con la factura');
    expect(await matches(db, 'factura')).toEqual([]);
    await new MessageTextIndex({ db, dialect: 'sqlite' }).catchUp();
    expect(await matches(db, 'factura')).toEqual([await maxRowid(db)]);
  });

  it('finds a message in a recordings search right after it was stored', async () => {
    await fresh();
    const textIndex = new MessageTextIndex({ db, dialect: 'sqlite' });
    const recordings = new RecordingsService({ db, dialect: 'sqlite', now: () => NOW, textIndex });
    await message(db, 'i1', 'el modem no enciende');
    const page = await recordings.search({ text: 'modem', from: NOW - 1 }, { timeZoneOf: () => undefined });
    expect(page.rows.map((r) => r.id)).toEqual(['i1']);
    const exported = await recordings.exportRows({ text: 'enciende', from: NOW - 1 }, { timeZoneOf: () => undefined });
    expect(exported.map((r) => r.id)).toEqual(['i1']);
  });

  it('indexes more messages than one batch holds over several transactions, each moving the mark', async () => {
    await fresh();
    for (let i = 0; i < 10; i++) await message(db, 'i1', i === 4 ? null : `palabra${i} comun`);
    // Every move of the mark, in order (a temporary trigger: this connection only).
    await sql`create temp table marks (at integer)`.execute(db);
    await sql`create temp trigger record_mark after update on main.messages_fts_progress begin
      insert into marks values (new.indexed_rowid); end`.execute(db);
    const before = await mark(db);

    await new MessageTextIndex({ db, dialect: 'sqlite', batchRows: 3 }).catchUp();

    const moves = (await sql<{ at: number }>`select at from marks order by rowid`.execute(db)).rows.map((r) =>
      Number(r.at),
    );
    expect(moves).toEqual([before + 3, before + 6, before + 9, before + 10]);
    expect((await matches(db, 'comun')).length).toBe(9);
    await db.deleteFrom('messages').where('body', 'is', null).execute();
    await indexMatchesMessages(db);
  });

  it('indexes each message once when catch-ups overlap', async () => {
    await fresh();
    for (let i = 0; i < 7; i++) await message(db, 'i1', `hola ${i}`);
    const index = new MessageTextIndex({ db, dialect: 'sqlite', batchRows: 2 });
    const first = index.catchUp();
    await message(db, 'i1', 'llegó durante la primera');
    await Promise.all([first, index.catchUp(), index.catchUp()]);
    expect(await mark(db)).toBe(await maxRowid(db));
    expect(await matches(db, 'primera')).toEqual([await maxRowid(db)]);
    await indexMatchesMessages(db);
  });

  it('updates and removes indexed messages in the index, and indexes unindexed ones as they are now', async () => {
    await fresh();
    const index = new MessageTextIndex({ db, dialect: 'sqlite' });
    const edited = await message(db, 'i1', 'reinicie el modem');
    const deleted = await message(db, 'i1', 'mensaje borrado');
    await index.catchUp();
    const lateEdit = await message(db, 'i1', 'texto viejo');
    const lateDelete = await message(db, 'i1', 'nunca indexado');

    await db.updateTable('messages').set({ body: 'reinicie el router' }).where('id', '=', edited).execute();
    await db.updateTable('messages').set({ body: 'texto nuevo' }).where('id', '=', lateEdit).execute();
    await db.deleteFrom('messages').where('id', 'in', [deleted, lateDelete]).execute();
    await index.catchUp();

    expect(await matches(db, 'modem')).toEqual([]);
    expect((await matches(db, 'router')).length).toBe(1);
    expect(await matches(db, 'borrado')).toEqual([]);
    expect(await matches(db, 'viejo')).toEqual([]);
    expect((await matches(db, 'nuevo')).length).toBe(1);
    await indexMatchesMessages(db);
  });

  it('indexes a message that reuses the rowid of the newest, deleted, indexed one', async () => {
    await fresh();
    const index = new MessageTextIndex({ db, dialect: 'sqlite' });
    await message(db, 'i1', 'primero');
    const newest = await message(db, 'i1', 'segundo');
    await index.catchUp();
    const rowid = await maxRowid(db);
    await db.deleteFrom('messages').where('id', '=', newest).execute();

    await message(db, 'i1', 'tercero'); // SQLite hands out max(rowid) + 1: the deleted row's rowid again
    expect(await maxRowid(db)).toBe(rowid);
    await index.catchUp();

    expect(await matches(db, 'tercero')).toEqual([rowid]);
    await indexMatchesMessages(db);
  });

  it('indexes on its timer without a search, and stops', async () => {
    await fresh();
    const index = new MessageTextIndex({ db, dialect: 'sqlite', intervalMs: 5 });
    await message(db, 'i1', 'sin buscar');
    index.start();
    const deadline = Date.now() + 5_000;
    while ((await mark(db)) < (await maxRowid(db)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));
    await index.stop();
    expect(await matches(db, 'buscar')).toEqual([await maxRowid(db)]);
  });
});

describe('migration 0023 on sqlite', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.reverse()) await c();
    cleanups.length = 0;
  });

  it('keeps what the insert trigger indexed searchable and does not index it again', async () => {
    const { database, finish } = await migratedUpTo('sqlite', '0023', cleanups);
    const { db } = database;
    await interaction(db, 'old');
    await message(db, 'old', 'indexado por el disparador');
    await message(db, 'old', null);
    await message(db, 'old', 'otro mensaje viejo');

    await finish();

    expect(await mark(db)).toBe(await maxRowid(db));
    expect((await matches(db, 'disparador')).length).toBe(1);
    await db.deleteFrom('messages').where('body', 'is', null).execute();
    await indexMatchesMessages(db);
    await new MessageTextIndex({ db, dialect: 'sqlite' }).catchUp();
    await indexMatchesMessages(db); // a second indexing of the old rows would fail this
    await message(db, 'old', 'despues de migrar');
    expect(await matches(db, 'despues')).toEqual([]);
  });
});
