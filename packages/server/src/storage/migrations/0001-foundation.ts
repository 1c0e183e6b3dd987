import type { Kysely } from 'kysely';

// Migrations are frozen in time: they take Kysely<any> and never import the live schema types.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('username', 'varchar(64)', (c) => c.notNull())
    .addColumn('username_key', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('display_name', 'varchar(120)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('providers')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(80)', (c) => c.notNull())
    .addColumn('name_key', 'varchar(80)', (c) => c.notNull().unique())
    .addColumn('channel', 'varchar(20)', (c) => c.notNull())
    .addColumn('platform_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('domain', 'varchar(2048)')
    .addColumn('username', 'varchar(120)')
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(80)', (c) => c.notNull())
    .addColumn('name_key', 'varchar(80)', (c) => c.notNull().unique())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('strategy', 'varchar(20)', (c) => c.notNull())
    .addColumn('delivery_mode', 'varchar(20)', (c) => c.notNull())
    .addColumn('max_per_agent', 'integer', (c) => c.notNull())
    .addColumn('wrapup_seconds', 'integer', (c) => c.notNull())
    .addColumn('max_transfer_seconds', 'integer', (c) => c.notNull())
    .addColumn('schedule_json', 'text')
    .addColumn('thresholds_json', 'text', (c) => c.notNull())
    .addColumn('messages_json', 'text', (c) => c.notNull())
    .addColumn('dispositions_json', 'text', (c) => c.notNull())
    .addColumn('offer_timeout_json', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_campaigns')
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('campaign_id', 'varchar(64)', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_campaigns_pk', ['user_id', 'campaign_id'])
    .execute();

  await db.schema
    .createTable('campaign_skills')
    .addColumn('campaign_id', 'varchar(64)', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('skill', 'varchar(60)', (c) => c.notNull())
    .addColumn('skill_key', 'varchar(60)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_skills_pk', ['campaign_id', 'skill_key'])
    .execute();

  // ON DELETE RESTRICT backs the rule "deleting a provider used by a campaign is refused" at the database level too.
  await db.schema
    .createTable('campaign_providers')
    .addColumn('campaign_id', 'varchar(64)', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('provider_id', 'varchar(64)', (c) => c.notNull().references('providers.id').onDelete('restrict'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_providers_pk', ['campaign_id', 'provider_id'])
    .execute();
  await db.schema.createIndex('campaign_providers_provider').on('campaign_providers').column('provider_id').execute();

  await db.schema
    .createTable('canned_responses')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('campaign_id', 'varchar(64)', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('title', 'varchar(120)', (c) => c.notNull())
    .addColumn('shortcut', 'varchar(41)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('canned_responses_campaign').on('canned_responses').column('campaign_id').execute();

  await db.schema
    .createTable('members')
    .addColumn('campaign_id', 'varchar(64)', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('agent_id', 'varchar(64)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('penalty', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('members_pk', ['campaign_id', 'agent_id'])
    .execute();
  await db.schema.createIndex('members_agent').on('members').column('agent_id').execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
