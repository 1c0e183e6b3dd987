import type { CustomerMessageEvent } from '@switchboard/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainBus, type DomainEvents } from '../../events/domain-events';
import { createTestDatabase, type TestDatabase } from '../../storage/test-databases';
import { ConversationStore } from '../conversation-store';
import * as interactions from '../interaction-repository';
import { enableOpenConversations, type OpenConversations } from '../open-conversations';
import type { CampaignDirectory } from './campaign-directory';
import { WebhookIngest } from './webhook-ingest';

// SQLite only: the index is enabled for one process owning its database (services.ts); PostgreSQL reads every time.
// Each case runs twice: a lone message in a transaction of its own, and as one INSERT without one (services.ts
// turns the second on for SQLite); both must read and keep the index alike.
describe.each([
  ['in a transaction', false],
  ['as one INSERT', true],
])('customer messages with the open-conversation index (SQLite), lone message %s', (_, loneMessageAtOnce) => {
  let database: TestDatabase;
  let index: OpenConversations;
  let ingest: WebhookIngest;
  let stored: DomainEvents['message.stored'][];
  const store = new ConversationStore(() => 1000);
  let n = 0;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    index = enableOpenConversations(database.db);
    const bus = new DomainBus();
    bus.on('message.stored', (e) => void stored.push(e));
    ingest = new WebhookIngest({
      db: database.db,
      store,
      campaigns: { resolve: () => Promise.resolve({ kind: 'unrouted' }) } as unknown as CampaignDirectory,
      bus,
      notifyOutbox: () => undefined,
      now: () => 1000,
      loneMessageAtOnce,
    });
  });
  afterAll(() => database.close());
  beforeEach(() => {
    stored = [];
  });

  async function activeWith(conversation: string, agentId: string): Promise<string> {
    const { interaction } = await store.createInteraction(database.db, {
      providerId: 'p1',
      externalConversationId: conversation,
      campaignId: 'c1',
      customerNumber: '+598',
      skill: 'ventas',
      status: 'waiting',
    });
    const claim = { interactionId: interaction.id, campaignId: 'c1', agentId, max: 5, at: 1000 };
    expect(await interactions.claimWaiting(database.db, claim, 'active')).toBe(true);
    return interaction.id;
  }

  /** A customer's message; answers who it was pushed to (undefined: not stored). */
  async function message(conversation: string, providerMessageId = `m-${++n}`): Promise<string | null | undefined> {
    const event: CustomerMessageEvent = {
      kind: 'message',
      externalConversationId: conversation,
      providerMessageId,
      text: 'hola',
      at: 1000,
    };
    stored = [];
    await ingest.ingest('p1', [event]);
    return stored.length === 1 ? stored[0]!.ownerAgentId : undefined;
  }

  it('skips the lookup select once it knows the conversation', async () => {
    await activeWith('known', 'ana');
    await message('known');
    expect(index.get('p1', 'known')?.owner_agent_id).toBe('ana');
    let queries = 0;
    const stop = database.onQuery!(() => queries++);
    await message('known');
    stop();
    // No select, and the interaction is not written: begin, message insert, commit; or the insert alone.
    expect(queries).toBe(loneMessageAtOnce ? 1 : 3);
  });

  it('stores a redelivered message once, and reports the second delivery as a duplicate', async () => {
    const id = await activeWith('redelivered', 'ana');
    await message('redelivered');
    expect(await message('redelivered', 'same-id')).toBe('ana');
    stored = [];
    const again = await ingest.ingest('p1', [
      { kind: 'message', externalConversationId: 'redelivered', providerMessageId: 'same-id', text: 'hola', at: 1000 },
    ]);
    expect(again).toMatchObject({ stored: 0, duplicates: 1 });
    expect(stored).toEqual([]);
    expect((await store.listMessages(database.db, id)).map((m) => m.provider_message_id)).toHaveLength(2);
  });

  it('does not append a lone message to an interaction closed while it waited for the database', async () => {
    const id = await activeWith('closing', 'ana');
    expect(await message('closing')).toBe('ana');
    let commitClose!: () => void;
    const held = new Promise<void>((resolve) => (commitClose = resolve));
    let began!: () => void;
    const inTransaction = new Promise<void>((resolve) => (began = resolve));
    // The router's close holds SQLite's one connection from before the message arrives until after the lone
    // message's path has had every chance to look at the index.
    const closing = database.db.transaction().execute(async (trx) => {
      began();
      await held;
      expect(await interactions.closeOpen(trx, id, { reason: 'agent', at: 1000 })).toBe(true);
    });
    await inTransaction;
    const arriving = message('closing');
    // Two turns of the event loop: the lane starts at setImmediate, then waits for the connection.
    for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
    commitClose();
    await closing;
    expect(await arriving).toBeUndefined();
    expect((await store.listMessages(database.db, id)).map((m) => m.provider_message_id)).toHaveLength(1);
  });

  it('pushes a message after a transfer to the new owner', async () => {
    const id = await activeWith('transfer', 'ana');
    expect(await message('transfer')).toBe('ana');
    expect(index.get('p1', 'transfer')).toBeDefined();
    const transfer = { fromAgentId: 'ana', toAgentId: 'bruno', at: 1000, deadline: null };
    expect(await interactions.requestTransfer(database.db, id, transfer)).toBe(true);
    expect(await interactions.acceptTransfer(database.db, id, 'ana', 'bruno')).toBe(true);
    expect(await message('transfer')).toBe('bruno');
  });

  it("pushes a message after a supervisor's take-over to the supervisor, and after the release to nobody", async () => {
    const id = await activeWith('take-over', 'ana');
    expect(await message('take-over')).toBe('ana');
    expect(await interactions.takeOver(database.db, id, 'ana', 'sup', 1000)).toBe(true);
    expect(await message('take-over')).toBe('sup');
    expect(await interactions.releaseToQueue(database.db, id, 'sup')).toBe(true);
    expect(await message('take-over')).toBeNull();
  });

  it('does not append a message to a closed interaction', async () => {
    const id = await activeWith('closed', 'ana');
    expect(await message('closed')).toBe('ana');
    expect(await interactions.closeOpen(database.db, id, { reason: 'agent', at: 1000 })).toBe(true);
    expect(await message('closed')).toBeUndefined();
    expect((await store.listMessages(database.db, id)).map((m) => m.provider_message_id)).toHaveLength(1);
  });

  it('keeps the owner it had when a change of owner is rolled back', async () => {
    const id = await activeWith('rolled-back', 'ana');
    expect(await message('rolled-back')).toBe('ana');
    await expect(
      database.db.transaction().execute(async (trx) => {
        expect(await interactions.takeOver(trx, id, 'ana', 'sup', 1000)).toBe(true);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await message('rolled-back')).toBe('ana');
  });

  it('does not keep a row it read inside a transaction that rolled back', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await store.createInteraction(trx, {
          providerId: 'p1',
          externalConversationId: 'never-committed',
          campaignId: 'c1',
          customerNumber: '+598',
          skill: 'ventas',
          status: 'waiting',
        });
        const found = await interactions.findOpenConversation(trx, 'p1', 'never-committed');
        expect(found.open).toBeDefined();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(index.get('p1', 'never-committed')).toBeUndefined();
    expect(await message('never-committed')).toBeUndefined();
  });
});
