import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../storage/test-databases';
import { ConversationStore } from './conversation-store';

const dialects = await dialectsUnderTest();

describe.each(dialects)('conversation store on %s', (dialect) => {
  let database: TestDatabase;
  const store = new ConversationStore();
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    await database.close();
  });

  const open = (externalConversationId = 'conv-1') =>
    store.createInteraction(database.db, {
      providerId: 'p1',
      externalConversationId,
      campaignId: 'c1',
      customerNumber: '+598',
      skill: 'ventas',
      status: 'waiting',
      enteredAt: 1,
    });
  const outbox = () => database.db.selectFrom('outbox').selectAll().orderBy('id').execute();

  it('keeps one open interaction per provider conversation, and allows a new one after close', async () => {
    const first = await open();
    const second = await open();
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, interaction: { id: first.interaction.id } });
    await store.closeInteraction(database.db, first.interaction.id, 'agent');
    expect((await open()).created).toBe(true);
    expect(await store.loadOpenInteractions(database.db)).toHaveLength(1);
  });

  it('stores a provider message id once and returns the first row for a repeat', async () => {
    const { interaction } = await open();
    const input = {
      interactionId: interaction.id,
      providerId: 'p1',
      providerMessageId: 'm1',
      direction: 'in' as const,
      author: 'customer' as const,
      kind: 'text' as const,
      body: 'hola',
    };
    const a = await store.appendMessage(database.db, input);
    const b = await database.db.transaction().execute((trx) => store.appendMessage(trx, { ...input, body: 'other' }));
    expect(a.created).toBe(true);
    expect(b).toMatchObject({ created: false, message: { id: a.message.id, body: 'hola' } });
    expect(await store.listMessages(database.db, interaction.id)).toHaveLength(1);
  });

  it('closes once: text then one endConversation, and a second close writes nothing', async () => {
    const { interaction } = await open();
    const first = await database.db
      .transaction()
      .execute((trx) => store.closeInteraction(trx, interaction.id, 'out_of_schedule', { text: 'cerrado' }));
    const second = await store.closeInteraction(database.db, interaction.id, 'agent', { text: 'again' });
    expect(first).toMatchObject({ closed: true, enqueued: true });
    expect(second).toEqual({ closed: false, enqueued: false });
    const rows = await outbox();
    expect(rows.map((r) => JSON.parse(r.command_json).kind)).toEqual(['message', 'endConversation']);
    expect(await store.getInteraction(database.db, interaction.id)).toMatchObject({
      status: 'closed',
      close_reason: 'out_of_schedule',
      end_sent: 1,
    });
    const timeline = await database.db.selectFrom('interaction_events').selectAll().execute();
    expect(timeline.map((t) => [t.type, JSON.parse(t.detail_json ?? '{}').reason])).toEqual([
      ['closed', 'out_of_schedule'],
    ]);
  });

  it('never hands back twice even if end_sent was already claimed', async () => {
    const { interaction } = await open();
    await database.db.updateTable('interactions').set({ end_sent: 1 }).where('id', '=', interaction.id).execute();
    await store.closeInteraction(database.db, interaction.id, 'agent');
    expect(await outbox()).toEqual([]);
  });

  it('closes without a hand-back when the customer left, marking it done', async () => {
    const { interaction } = await open();
    const result = await store.closeInteraction(database.db, interaction.id, 'customer_left', {
      handBack: false,
      text: 'ignored',
    });
    expect(result).toMatchObject({ closed: true, enqueued: false });
    expect(await outbox()).toEqual([]);
    expect(await store.getInteraction(database.db, interaction.id)).toMatchObject({ end_sent: 1 });
  });

  it('moves delivery status forward only; failed replaces pending or sent but not read', async () => {
    const { interaction } = await open();
    const message = await store.sendText(database.db, interaction, 'hola', 'agent');
    await database.db
      .updateTable('messages')
      .set({ provider_message_id: 'out-1', status: 'sent' })
      .where('id', '=', message.id)
      .execute();
    expect(await store.updateDeliveryStatus(database.db, 'p1', 'out-1', 'delivered')).toMatchObject({
      status: 'delivered',
    });
    expect(await store.updateDeliveryStatus(database.db, 'p1', 'out-1', 'sent')).toBeUndefined();
    expect(await store.updateDeliveryStatus(database.db, 'p1', 'out-1', 'read')).toMatchObject({ status: 'read' });
    expect(await store.updateDeliveryStatus(database.db, 'p1', 'out-1', 'failed', 'x')).toBeUndefined();
    expect(await store.updateDeliveryStatus(database.db, 'p1', 'unknown', 'read')).toBeUndefined();
  });

  it('gives message sends an idempotency key the peer can dedupe retries with', async () => {
    const { interaction } = await open();
    const message = await store.sendText(database.db, interaction, 'hola');
    const [row] = await outbox();
    expect(JSON.parse(row!.command_json)).toMatchObject({ kind: 'message', idempotencyKey: message.id });
    expect(row!.message_id).toBe(message.id);
  });
});
