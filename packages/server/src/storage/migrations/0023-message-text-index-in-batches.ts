import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: Kysely<any>, no imports of live types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * SQLite: messages' bodies enter the FTS5 index in batches (supervision/message-text-index.ts), not by a trigger
 * on every insert — each transaction that touched `messages_fts` wrote a new FTS5 segment, a large share of an
 * ingested message's COMMIT (docs/adr/0013-full-text-index-in-batches.md).
 *
 * messages_fts_progress: one row; every message with rowid <= indexed_rowid is in the index, none above it.
 * Edits and deletes keep that true: only rows at or below the mark are taken out of (or changed in) the index,
 * since FTS5 would be corrupted by deleting a row it never held. A delete also lowers the mark to the highest
 * rowid left, because SQLite gives the next insert max(rowid) + 1, which could otherwise fall below the mark and
 * never be indexed. After a VACUUM (it may renumber rowids) rebuild the index and set the mark to max(rowid).
 *
 * PostgreSQL keeps its GIN index: its pending list already batches insertions, with no segment per commit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`create table messages_fts_progress (id integer primary key check (id = 1), indexed_rowid integer not null)`.execute(
    db,
  );
  // Whatever the insert trigger indexed stays; nothing is indexed twice.
  await sql`insert into messages_fts_progress (id, indexed_rowid) select 1, coalesce(max(rowid), 0) from messages`.execute(
    db,
  );
  await sql`drop trigger messages_fts_insert`.execute(db);
  await sql`drop trigger messages_fts_delete`.execute(db);
  await sql`drop trigger messages_fts_update`.execute(db);
  // One trigger, so the index delete reads the mark before the same delete lowers it.
  await sql`create trigger messages_fts_delete after delete on messages begin
    insert into messages_fts(messages_fts, rowid, body) select 'delete', old.rowid, old.body
      where old.body is not null and old.rowid <= (select indexed_rowid from messages_fts_progress);
    update messages_fts_progress set indexed_rowid = (select coalesce(max(rowid), 0) from messages)
      where indexed_rowid > (select coalesce(max(rowid), 0) from messages);
  end`.execute(db);
  await sql`create trigger messages_fts_update after update of body on messages
    when old.rowid <= (select indexed_rowid from messages_fts_progress) begin
    insert into messages_fts(messages_fts, rowid, body) select 'delete', old.rowid, old.body where old.body is not null;
    insert into messages_fts(rowid, body) select new.rowid, new.body where new.body is not null;
  end`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
