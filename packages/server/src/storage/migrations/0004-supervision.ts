import { sql, type Kysely } from 'kysely';

// Frozen in time: Kysely<any>, no imports of live types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Which dialect runs this migration. `version()` answers on PostgreSQL and does not exist on SQLite; a failed
 * statement does not spoil a SQLite transaction, whereas on PostgreSQL a failed probe would abort the
 * migration's transaction — hence this probe and not `sqlite_version()`.
 */
async function isPostgres(db: Kysely<any>): Promise<boolean> {
  try {
    const { rows } = await sql<{ v: string }>`select version() as v`.execute(db);
    return String(rows[0]?.v ?? '').includes('PostgreSQL');
  } catch {
    return false;
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  // Every change a supervisor or administrator makes (every such action is in the audit log).
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('username', 'varchar(120)', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('action', 'varchar(80)', (c) => c.notNull())
    .addColumn('target', 'varchar(128)')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_user_at').on('audit_log').columns(['user_id', 'at']).execute();

  // Recordings search: campaign + date range, and "any agent the interaction passed through".
  await db.schema
    .createIndex('interactions_campaign_created')
    .on('interactions')
    .columns(['campaign_id', 'created_at'])
    .execute();
  // Dispositions have few distinct values, a poor fit for a text index: a filter on them scans the date range,
  // and this covering index lets it do so without visiting the table.
  await db.schema
    .createIndex('interactions_created_disposition')
    .on('interactions')
    .columns(['created_at', 'disposition_json'])
    .execute();
  await db.schema
    .createIndex('interaction_events_agent')
    .on('interaction_events')
    .columns(['agent_id', 'interaction_id'])
    .execute();

  if (await isPostgres(db)) {
    // An expression index: queries must repeat exactly `to_tsvector('simple', coalesce(body, ''))` to use it.
    // 'simple' = no stemming and no stop words: the transcripts mix Spanish, Portuguese and English.
    await sql`create index messages_body_fts on messages using gin (to_tsvector('simple', coalesce(body, '')))`.execute(
      db,
    );
    await customerTrigramsOnPostgres(db);
    return;
  }
  // SQLite: an external-content FTS5 index over messages.body (the text is stored once, in messages), kept in
  // step by triggers. Keyed by messages' implicit rowid: after a VACUUM the index must be rebuilt
  // (`insert into messages_fts(messages_fts) values('rebuild')`).
  await sql`create virtual table messages_fts using fts5(body, content='messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`.execute(
    db,
  );
  await sql`insert into messages_fts(messages_fts) values('rebuild')`.execute(db);
  await sql`create trigger messages_fts_insert after insert on messages when new.body is not null begin
    insert into messages_fts(rowid, body) values (new.rowid, new.body);
  end`.execute(db);
  await sql`create trigger messages_fts_delete after delete on messages when old.body is not null begin
    insert into messages_fts(messages_fts, rowid, body) values ('delete', old.rowid, old.body);
  end`.execute(db);
  // Customer number/name fragments are `'%…%'` substring searches: a trigram FTS5 index over those two
  // columns answers them (3+ characters).
  await sql`create virtual table interactions_fts using fts5(customer_number, customer_name, content='interactions', content_rowid='rowid', tokenize='trigram')`.execute(
    db,
  );
  await sql`insert into interactions_fts(interactions_fts) values('rebuild')`.execute(db);
  await sql`create trigger interactions_fts_insert after insert on interactions begin
    insert into interactions_fts(rowid, customer_number, customer_name) values (new.rowid, new.customer_number, new.customer_name);
  end`.execute(db);
  await sql`create trigger interactions_fts_delete after delete on interactions begin
    insert into interactions_fts(interactions_fts, rowid, customer_number, customer_name) values ('delete', old.rowid, old.customer_number, old.customer_name);
  end`.execute(db);
  await sql`create trigger interactions_fts_update after update of customer_number, customer_name on interactions begin
    insert into interactions_fts(interactions_fts, rowid, customer_number, customer_name) values ('delete', old.rowid, old.customer_number, old.customer_name);
    insert into interactions_fts(rowid, customer_number, customer_name) values (new.rowid, new.customer_number, new.customer_name);
  end`.execute(db);
  await sql`create trigger messages_fts_update after update of body on messages begin
    insert into messages_fts(messages_fts, rowid, body) select 'delete', old.rowid, old.body where old.body is not null;
    insert into messages_fts(rowid, body) select new.rowid, new.body where new.body is not null;
  end`.execute(db);
}

/**
 * Customer number/name fragments (`like '%…%'`) through pg_trgm when the server has it. The extension lives in
 * `public` (not in the migrating schema, which may be a throw-away test schema); without it, or without the
 * right to create it, the search still works by scanning the date range.
 */
async function customerTrigramsOnPostgres(db: Kysely<any>): Promise<void> {
  const installed = await sql<{
    schema: string;
  }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(
    db,
  );
  let schema = installed.rows[0]?.schema;
  if (!schema) {
    const { rows } = await sql<{
      ok: boolean;
    }>`select exists (select 1 from pg_available_extensions where name = 'pg_trgm')
      and has_database_privilege(current_database(), 'CREATE') and has_schema_privilege('public', 'CREATE') as ok`.execute(
      db,
    );
    if (!rows[0]?.ok) return;
    await sql`create extension if not exists pg_trgm schema public`.execute(db);
    schema = 'public';
  }
  const ops = sql`${sql.id(schema)}.gin_trgm_ops`;
  await sql`create index interactions_customer_trgm on interactions using gin (lower(customer_number) ${ops}, lower(coalesce(customer_name, '')) ${ops})`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
