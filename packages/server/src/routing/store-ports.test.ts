import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConversationStore } from '../conversations/conversation-store';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../storage/test-databases';
import { storePorts } from './store-ports';

const dialects = await dialectsUnderTest();

describe.each(dialects)('router store ports on %s', (dialect) => {
  let database: TestDatabase;
  const store = new ConversationStore();
  const ports = storePorts(store, () => undefined);
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    await database.close();
  });

  const open = () =>
    store.createInteraction(database.db, {
      providerId: 'p1',
      externalConversationId: 'conv-1',
      campaignId: 'c1',
      customerNumber: '+598',
      skill: 'ventas',
      status: 'waiting',
      enteredAt: 1,
    });
  const texts = async () =>
    (await database.db.selectFrom('outbox').selectAll().orderBy('id').execute()).map((r) => JSON.parse(r.command_json));

  it('queues a queue notice behind the welcome in the outbox, and sends none once the interaction is closed', async () => {
    const { interaction } = await open();
    await store.sendText(database.db, interaction, 'Welcome');
    const sent = await database.db
      .transaction()
      .execute((trx) => ports.sendQueueNotice(trx, interaction.id, 'You are #2, about 4 minutes.'));
    expect(sent).toBe(true);
    await store.closeInteraction(database.db, interaction.id, 'agent');
    const late = await database.db
      .transaction()
      .execute((trx) => ports.sendQueueNotice(trx, interaction.id, 'You are #1, about 2 minutes.'));
    expect(late).toBe(false);
    expect((await texts()).map((c) => c.content?.text ?? c.kind)).toEqual([
      'Welcome',
      'You are #2, about 4 minutes.',
      'endConversation',
    ]);
  });
});
