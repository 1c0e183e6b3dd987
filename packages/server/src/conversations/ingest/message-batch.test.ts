import { randomBytes } from 'node:crypto';
import type { InboundEvent } from '@switchboard/protocol';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../../events/domain-events';
import { SecretBox } from '../../security/secret-box';
import { createServices, type Services } from '../../services';
import type { DialectName } from '../../storage/database';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../../storage/test-databases';
import { lastCustomerMessageAt } from '../last-customer-message';
import { WebhookIngest, type WebhookIngestOptions } from './webhook-ingest';

const dialects = await dialectsUnderTest();

/**
 * A database with two open (waiting) conversations per test, c1 and c2, and an ingest built with `options`; the
 * suite shares one database (migrations cost ~1 s), so each test has its own conversation and message ids.
 */
function batchFixture(dialect: DialectName, options: Pick<WebhookIngestOptions, 'batchMessages' | 'messagesAtOnce'>) {
  const f = {
    database: undefined as unknown as TestDatabase,
    services: undefined as unknown as Services,
    providerId: '',
    ingest: undefined as unknown as WebhookIngest,
    events: [] as DomainEvent[],
    run: '',
  };
  let unsubscribe = () => {};
  beforeAll(async () => {
    f.database = await createTestDatabase(dialect);
    f.services = createServices(f.database, new SecretBox(randomBytes(32)), {
      sessionHours: 1,
      outboundAllowlist: ['127.0.0.1'], // the provider's domain below is never called
    });
    f.providerId = (
      await f.services.providers.create({
        kind: 'heynow-direct',
        name: 'hn',
        domain: 'http://127.0.0.1:9',
        platformId: '598',
        partnerToken: randomBytes(16).toString('hex'),
      })
    ).id;
  });
  afterAll(async () => {
    await f.database.close();
  });
  beforeEach(async () => {
    f.run = randomBytes(3).toString('hex');
    // The router is not started: the hand-offs below stay open (waiting), which is all these messages need.
    for (const c of ['c1', 'c2'])
      await f.services.ingest.ingest(f.providerId, [
        {
          kind: 'handoff',
          externalConversationId: `${f.run}${c}`,
          platformId: '598',
          customer: { number: '+59899000001' },
          skill: 'ventas',
          firstMessage: { text: 'hola' },
          providerMessageId: `${f.run}${c}-m0`,
          at: 1_000,
        },
      ]);
    f.ingest = new WebhookIngest({
      db: f.database.db,
      store: f.services.conversations,
      campaigns: f.services.campaignDirectory,
      bus: f.services.bus,
      notifyOutbox: () => undefined,
      ...options,
    });
    f.events = [];
    unsubscribe = f.services.bus.onAny((e) => f.events.push(e));
  });
  afterEach(() => {
    unsubscribe();
    vi.restoreAllMocks();
  });
  return {
    f,
    message: (conversation: string, id: string, at: number): InboundEvent[] => [
      {
        kind: 'message',
        externalConversationId: `${f.run}${conversation}`,
        providerMessageId: `${f.run}${id}`,
        text: `text ${id}`,
        at,
      },
    ],
    /** The first webhook takes the lane alone; the others queue meanwhile and share the next batch. */
    together: (webhooks: InboundEvent[][]) =>
      Promise.all(webhooks.map((events) => f.ingest.ingest(f.providerId, events))),
    interactionOf: (conversation: string) =>
      f.database.db
        .selectFrom('interactions')
        .selectAll()
        .where('external_conversation_id', '=', `${f.run}${conversation}`)
        .executeTakeFirstOrThrow(),
    bodies: async (conversation: string) =>
      (
        await f.database.db
          .selectFrom('messages')
          .innerJoin('interactions', 'interactions.id', 'messages.interaction_id')
          .select(['messages.body'])
          .where('interactions.external_conversation_id', '=', `${f.run}${conversation}`)
          .orderBy('messages.created_at')
          .orderBy('messages.id')
          .execute()
      ).map((r) => r.body),
  };
}

describe.each(dialects)('plain messages applied together on %s', (dialect) => {
  const { f, message, together, bodies, interactionOf } = batchFixture(dialect, { batchMessages: true });

  it('stores the queued messages with one read and one insert, each webhook answered with its own summary', async () => {
    const lookups = vi.spyOn(f.services.conversations, 'findOpenConversation');
    const inserts = vi.spyOn(f.services.conversations, 'appendMessages');
    const singles = vi.spyOn(f.services.conversations, 'appendMessage');

    const summaries = await together([
      message('c1', 'a', 2_000),
      message('c1', 'b', 2_001),
      message('c2', 'c', 2_002),
      message('c1', 'd', 2_003),
    ]);

    expect(summaries.map((s) => s.stored)).toEqual([1, 1, 1, 1]);
    // All four were submitted in one turn of the event loop: one transaction, one read, one insert.
    expect(lookups).not.toHaveBeenCalled();
    expect(singles).not.toHaveBeenCalled();
    expect(inserts).toHaveBeenCalledTimes(1);
    expect(inserts.mock.calls[0]![1]).toHaveLength(4);
    expect(await bodies('c1')).toEqual(['hola', 'text a', 'text b', 'text d']);
    expect(await bodies('c2')).toEqual(['hola', 'text c']);
    const stored = f.events.filter((e) => e.type === 'message.stored');
    expect(stored).toHaveLength(4);
  });

  it('stores a message delivered twice in one run once, and answers its redelivery of a stored one as a duplicate', async () => {
    await f.ingest.ingest(f.providerId, message('c1', 'x', 2_000));
    const summaries = await together([
      message('c2', 'first', 2_001),
      message('c1', 'y', 2_002),
      message('c1', 'y', 2_002),
      message('c1', 'x', 2_000),
    ]);
    expect(summaries.map((s) => [s.stored, s.duplicates])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
      [0, 1],
    ]);
    expect(await bodies('c1')).toEqual(['hola', 'text x', 'text y']);
    expect(f.events.filter((e) => e.type === 'message.stored')).toHaveLength(3);
  });

  it('answers a message for a conversation with no open interaction as unknown while its neighbours are stored', async () => {
    const summaries = await together([
      message('c1', 'a', 2_000),
      message('c2', 'b', 2_001),
      message('nobody', 'c', 2_002),
      message('c1', 'd', 2_003),
    ]);
    expect(summaries.map((s) => [s.stored, s.unknown])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
      [1, 0],
    ]);
  });

  it("leaves each interaction's last customer message at its newest message's time, whatever their order", async () => {
    await together([message('c2', 'a', 5_000), message('c1', 'b', 3_000), message('c1', 'c', 2_500)]);
    // The customer wrote 'b' after 'c', though it arrived first: WhatsApp's window counts from 'b'.
    expect(await lastCustomerMessageAt(f.database.db, (await interactionOf('c1')).id)).toBe(3_000);
    expect(await lastCustomerMessageAt(f.database.db, (await interactionOf('c2')).id)).toBe(5_000);
  });
});

const postgres = dialects.filter((d) => d === 'postgres');
if (postgres.length === 0) console.log('skipped: plain messages stored at once (PostgreSQL only; none reachable)');

describe.each(postgres)('a batch of plain messages stored with one statement on %s', (dialect) => {
  const { f, message, together, bodies, interactionOf } = batchFixture(dialect, {
    batchMessages: true,
    messagesAtOnce: true,
  });

  it('stores every message of the batch with the one statement, as the transaction path would', async () => {
    const atOnce = vi.spyOn(f.services.conversations, 'storeCustomerMessages');
    const transactionPath = vi.spyOn(f.services.conversations, 'appendMessages');
    await f.ingest.ingest(f.providerId, message('c1', 'x', 2_000));
    const summaries = await together([
      message('c2', 'a', 5_000),
      message('c1', 'b', 3_000),
      message('c1', 'b', 3_000), // the same delivery twice in one batch: stored once
      message('c1', 'x', 2_000), // stored by the first webhook: a duplicate
      message('c1', 'c', 2_500),
    ]);
    expect(summaries.map((s) => [s.stored, s.duplicates])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
      [0, 1],
      [1, 0],
    ]);
    expect(atOnce).toHaveBeenCalled();
    expect(transactionPath).not.toHaveBeenCalled();
    expect(await bodies('c1')).toEqual(['hola', 'text x', 'text c', 'text b']);
    expect(await bodies('c2')).toEqual(['hola', 'text a']);
    const c1 = await interactionOf('c1');
    // The newest message each customer wrote, as on the transaction path.
    expect(await lastCustomerMessageAt(f.database.db, c1.id)).toBe(3_000);
    expect(await lastCustomerMessageAt(f.database.db, (await interactionOf('c2')).id)).toBe(5_000);
    const stored = f.events.filter((e) => e.type === 'message.stored');
    expect(stored).toHaveLength(4);
    expect(stored.find((e) => e.payload.interactionId === c1.id)?.payload).toMatchObject({
      campaignId: c1.campaign_id,
      ownerAgentId: c1.owner_agent_id,
      author: 'customer',
    });
  });

  it('leaves a message whose conversation has no open interaction to the one-by-one path, its neighbours stored', async () => {
    const summaries = await together([
      message('c1', 'a', 2_000),
      message('nobody', 'b', 2_001),
      message('c2', 'c', 2_002),
    ]);
    expect(summaries.map((s) => [s.stored, s.unknown])).toEqual([
      [1, 0],
      [0, 1],
      [1, 0],
    ]);
  });

  it('stores the batch through the transaction path when the statement fails', async () => {
    vi.spyOn(f.services.conversations, 'storeCustomerMessages').mockRejectedValue(new Error('lost the connection'));
    const summaries = await together([message('c1', 'a', 2_000), message('c2', 'b', 2_001)]);
    expect(summaries.map((s) => s.stored)).toEqual([1, 1]);
    expect(await bodies('c1')).toEqual(['hola', 'text a']);
  });
});
