import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../storage/test-databases';
import { ConversationStore, type NewMessage } from './conversation-store';
import { lastCustomerMessageAt, lastCustomerMessageTimes } from './last-customer-message';

const dialects = await dialectsUnderTest();

describe.each(dialects)('when the customer last wrote, on %s', (dialect) => {
  let database: TestDatabase;
  const store = new ConversationStore(() => 1000);

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.close());

  async function conversation(name: string, messages: [NewMessage['author'], number][]): Promise<string> {
    const { interaction } = await store.createInteraction(database.db, {
      providerId: 'p1',
      externalConversationId: name,
      campaignId: 'c1',
      customerNumber: '+598',
      skill: 'ventas',
      status: 'waiting',
    });
    await store.appendMessages(
      database.db,
      messages.map(([author, at], i) => ({
        interactionId: interaction.id,
        providerId: 'p1',
        providerMessageId: author === 'customer' ? `${name}-${i}` : null,
        direction: author === 'customer' || author === 'bot' ? 'in' : 'out',
        author,
        kind: 'text',
        body: `${author} ${i}`,
        createdAt: at,
      })),
    );
    return interaction.id;
  }

  it("is the newest customer message's time, whatever the order they were stored in and whoever wrote after", async () => {
    const id = await conversation('w-1', [
      ['customer', 5000],
      ['customer', 2000],
      ['agent', 9000],
      ['bot', 8000],
    ]);
    expect(await lastCustomerMessageAt(database.db, id)).toBe(5000);
  });

  it('is null while only the bot and the agent have written', async () => {
    const id = await conversation('w-2', [
      ['bot', 100],
      ['agent', 200],
    ]);
    expect(await lastCustomerMessageAt(database.db, id)).toBeNull();
    expect(await lastCustomerMessageTimes(database.db, [id])).toEqual(new Map());
  });

  it('reads several interactions in one go, each its own, and keeps epoch milliseconds beyond 32 bits whole', async () => {
    const a = await conversation('w-3', [['customer', 7000]]);
    const b = await conversation('w-4', [
      ['customer', 9_000_000_000_001],
      ['customer', 10],
    ]);
    const silent = await conversation('w-5', [['agent', 1]]);
    const times = await lastCustomerMessageTimes(database.db, [a, b, silent, a]);
    expect(times).toEqual(
      new Map([
        [a, 7000],
        [b, 9_000_000_000_001],
      ]),
    );
    expect(await lastCustomerMessageTimes(database.db, [])).toEqual(new Map());
  });
});
