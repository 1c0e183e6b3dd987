import type { Kysely } from 'kysely';

// Frozen in time: Kysely<any>, no imports of live types.
/* eslint-disable @typescript-eslint/no-explicit-any */

// The English welcome every campaign got before campaigns had a language.
const OLD_ENGLISH_WELCOME = 'Hi! An agent will be with you shortly.';

/**
 * campaigns.language: the language of the texts customers receive; campaigns.survey_json: the optional
 * satisfaction question (null reads as off). Existing campaigns whose welcome is still the old English
 * default are marked English, the others Spanish (the texts of the demo and of every campaign written by hand
 * so far), so the editor shows the language their texts are really in.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('campaigns')
    .addColumn('language', 'varchar(8)', (c) => c.notNull().defaultTo('es'))
    .execute();
  await db.schema.alterTable('campaigns').addColumn('survey_json', 'text').execute();
  const rows: { id: string; messages_json: string }[] = await db
    .selectFrom('campaigns')
    .select(['id', 'messages_json'])
    .execute();
  for (const row of rows) {
    let welcome: unknown;
    try {
      welcome = (JSON.parse(row.messages_json) as { welcome?: unknown }).welcome;
    } catch {
      welcome = undefined;
    }
    if (welcome === OLD_ENGLISH_WELCOME)
      await db.updateTable('campaigns').set({ language: 'en' }).where('id', '=', row.id).execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
