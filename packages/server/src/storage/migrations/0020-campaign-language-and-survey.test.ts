import { afterAll, describe, expect, it } from 'vitest';
import { dialectsUnderTest } from '../test-databases';
import { migratedUpTo } from '../migration-test-support';

const dialects = await dialectsUnderTest();

describe.each(dialects)('migration 0020 on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('marks campaigns still greeting with the old English default as English, the others Spanish', async () => {
    const { database, finish } = await migratedUpTo(dialect, '0020', cleanups);
    const campaign = (id: string, welcome: string) => ({
      id,
      name: id,
      name_key: id,
      enabled: 1,
      strategy: 'nocall' as const,
      delivery_mode: 'linear' as const,
      max_per_agent: 1,
      wrapup_seconds: 0,
      max_transfer_seconds: 0,
      thresholds_json: '{}',
      messages_json: JSON.stringify({ welcome, outOfTime: '', notAvailable: '' }),
      dispositions_json: '[]',
      created_at: 1,
      updated_at: 1,
    });
    await database.db
      .insertInto('campaigns')
      .values([
        campaign('old', 'Hi! An agent will be with you shortly.'),
        campaign('ventas', '¡Hola! Ya te atendemos.'),
      ])
      .execute();

    await finish();
    const rows = await database.db
      .selectFrom('campaigns')
      .select(['id', 'language', 'survey_json'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: 'old', language: 'en', survey_json: null },
      { id: 'ventas', language: 'es', survey_json: null },
    ]);
  });
});
