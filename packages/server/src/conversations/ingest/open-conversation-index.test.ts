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
describe('customer messages with the open-conversation index (SQLite)', () => {
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
  async function message(conversation: string): Promise<string | null | undefined> {
    const event: CustomerMessageEvent = {
      kind: 'message',
      externalConversationId: conversation,
      providerMessageId: `m-${++n}`,
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
    // begin, message insert, commit: no select, and the interaction is not written.
    expect(queries).toBe(3);
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
