import { afterAll, describe, expect, it } from 'vitest';
import { dialectsUnderTest } from '../test-databases';
import { migratedUpTo } from '../migration-test-support';

const dialects = await dialectsUnderTest();

describe.each(dialects)('migration 0017 on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('moves a pending transfer out of transfer_json into the indexed columns, and leaves other rows alone', async () => {
    const { database, finish } = await migratedUpTo(dialect, '0017', cleanups);

    const row = (id: string, transferJson: string | null) => ({
      id,
      provider_id: 'p1',
      external_conversation_id: id,
      campaign_id: 'c1',
      customer_number: '+598',
      skill: 'ventas',
      status: 'active' as const,
      owner_agent_id: 'ana',
      created_at: 1,
      transfer_json: transferJson,
      attended_sent: 1,
      end_sent: 0,
      version: 3,
    });
    await database.db
      .insertInto('interactions')
      .values([
        row('pending', JSON.stringify({ fromAgentId: 'ana', toAgentId: 'bruno', deadline: 5000 })),
        row('untimed', JSON.stringify({ fromAgentId: 'ana', toAgentId: 'carla', deadline: null })),
        row('none', null),
      ])
      .execute();

    await finish();
    const rows = await database.db
      .selectFrom('interactions')
      .select(['id', 'transfer_json', 'transfer_from_agent_id', 'transfer_to_agent_id', 'transfer_deadline'])
      .orderBy('id')
      .execute();
    expect(
      rows.map((r) => ({ ...r, transfer_deadline: r.transfer_deadline === null ? null : Number(r.transfer_deadline) })),
    ).toEqual([
      {
        id: 'none',
        transfer_json: null,
        transfer_from_agent_id: null,
        transfer_to_agent_id: null,
        transfer_deadline: null,
      },
      {
        id: 'pending',
        transfer_json: null,
        transfer_from_agent_id: 'ana',
        transfer_to_agent_id: 'bruno',
        transfer_deadline: 5000,
      },
      {
        id: 'untimed',
        transfer_json: null,
        transfer_from_agent_id: 'ana',
        transfer_to_agent_id: 'carla',
        transfer_deadline: null,
      },
    ]);
  });
});
