import { sql, type Kysely } from 'kysely';

// Frozen in time: Kysely<any>, no imports of live types.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  // One customer conversation from hand-off to close. `entered_at` is the campaign-queue entry time, kept
  // across transfers to another campaign. `version` backs conditional writes.
  await db.schema
    .createTable('interactions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('provider_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('external_conversation_id', 'varchar(256)', (c) => c.notNull())
    .addColumn('campaign_id', 'varchar(64)')
    .addColumn('customer_number', 'varchar(64)', (c) => c.notNull())
    .addColumn('customer_name', 'varchar(200)')
    .addColumn('skill', 'varchar(120)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('close_reason', 'varchar(32)')
    .addColumn('owner_agent_id', 'varchar(64)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('entered_at', 'bigint')
    .addColumn('offered_at', 'bigint')
    .addColumn('taken_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('last_customer_message_at', 'bigint')
    .addColumn('disposition_json', 'text')
    .addColumn('transfer_json', 'text')
    .addColumn('attended_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('end_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('interactions_status_campaign')
    .on('interactions')
    .columns(['status', 'campaign_id'])
    .execute();
  await db.schema
    .createIndex('interactions_owner_status')
    .on('interactions')
    .columns(['owner_agent_id', 'status'])
    .execute();
  await db.schema
    .createIndex('interactions_customer')
    .on('interactions')
    .columns(['customer_number', 'created_at'])
    .execute();
  await db.schema.createIndex('interactions_created').on('interactions').column('created_at').execute();
  // At most one open interaction per provider conversation: a repeated hand-off cannot open a second one.
  await db.schema
    .createIndex('interactions_open_conversation')
    .on('interactions')
    .columns(['provider_id', 'external_conversation_id'])
    .unique()
    .where(sql.ref('status'), '<>', 'closed')
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('interaction_id', 'varchar(64)', (c) => c.notNull().references('interactions.id').onDelete('cascade'))
    .addColumn('provider_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('provider_message_id', 'varchar(256)')
    .addColumn('direction', 'varchar(8)', (c) => c.notNull())
    .addColumn('author', 'varchar(16)', (c) => c.notNull())
    .addColumn('agent_id', 'varchar(64)')
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('attachments_json', 'text')
    .addColumn('status', 'varchar(16)')
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('messages_interaction')
    .on('messages')
    .columns(['interaction_id', 'created_at'])
    .execute();
  // Idempotency: the same provider message id is stored once. NULLs (our own pending sends) don't collide.
  await db.schema
    .createIndex('messages_provider_id')
    .on('messages')
    .columns(['provider_id', 'provider_message_id'])
    .unique()
    .execute();

  // Durable outbox: every outbound call is written here first, in the same transaction as what caused it.
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('interaction_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('provider_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('message_id', 'varchar(64)')
    .addColumn('command_json', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_interaction').on('outbox').columns(['interaction_id', 'id']).execute();

  // The routing timeline of each interaction (entered queue, offered, taken, transferred, closed) with reasons.
  await db.schema
    .createTable('interaction_events')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('interaction_id', 'varchar(64)', (c) => c.notNull().references('interactions.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('campaign_id', 'varchar(64)')
    .addColumn('agent_id', 'varchar(64)')
    .addColumn('detail_json', 'text')
    .execute();
  await db.schema
    .createIndex('interaction_events_interaction')
    .on('interaction_events')
    .columns(['interaction_id', 'at'])
    .execute();

  // Agents' presence survives a restart so a new router rebuilds the same state.
  await db.schema
    .createTable('agent_presence')
    .addColumn('agent_id', 'varchar(64)', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('reason', 'varchar(40)')
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addColumn('on_call', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('wrapup_until', 'bigint')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
