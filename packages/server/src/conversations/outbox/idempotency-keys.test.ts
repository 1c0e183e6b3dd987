import type { OutboundCommand, OutboundResult } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainBus } from '../../events/domain-events';
import type { ProviderAdapter } from '../../providers';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../../storage/test-databases';
import { ConversationStore } from '../conversation-store';
import { OutboxWorker } from './outbox-worker';

const dialects = await dialectsUnderTest();

describe.each(dialects)('idempotency keys of outbound calls on %s', (dialect) => {
  let database: TestDatabase;
  const store = new ConversationStore();
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
  });
  afterEach(() => database.close());

  const open = () =>
    store.createInteraction(database.db, {
      providerId: 'p1',
      externalConversationId: 'conv-1',
      campaignId: 'c1',
      customerNumber: '+598',
      skill: 'ventas',
      status: 'active',
    });

  it('gives attended and endConversation rows a key of their own, stored with the row', async () => {
    const { interaction } = await open();
    const attendedId = await store.enqueueOutbound(database.db, {
      interactionId: interaction.id,
      providerId: 'p1',
      command: { kind: 'attended', externalConversationId: 'conv-1', agentName: 'Ana' },
    });
    await store.closeInteraction(database.db, interaction.id, 'agent_closed');
    const rows = await database.db.selectFrom('outbox').selectAll().orderBy('id').execute();
    const commands = rows.map((r) => JSON.parse(r.command_json) as OutboundCommand);
    expect(commands.map((c) => c.kind)).toEqual(['attended', 'endConversation']);
    expect(commands[0]!.idempotencyKey).toBe(attendedId);
    expect(commands[1]!.idempotencyKey).toBe(rows[1]!.id);
  });

  it('sends the same key on every attempt, and the row id for rows written before keys existed', async () => {
    const { interaction } = await open();
    await store.closeInteraction(database.db, interaction.id, 'agent_closed');
    // A row as an older version wrote it: no key in the command.
    await database.db
      .insertInto('outbox')
      .values({
        id: 'legacy-row-1',
        interaction_id: 'legacy-interaction',
        provider_id: 'p1',
        message_id: null,
        command_json: JSON.stringify({ kind: 'attended', externalConversationId: 'conv-2', agentName: 'Ana' }),
        status: 'pending',
        attempts: 0,
        next_attempt_at: 0,
        last_error: null,
        created_at: 0,
      })
      .execute();
    const seen: OutboundCommand[] = [];
    let failFirst = true;
    const adapter = {
      send: async (command: OutboundCommand): Promise<OutboundResult> => {
        seen.push(command);
        if (command.kind === 'endConversation' && failFirst) {
          failFirst = false;
          return { ok: false, retryable: true, code: 'network_error', message: 'lost answer' };
        }
        return { ok: true };
      },
    } as unknown as ProviderAdapter;
    const worker = new OutboxWorker({
      db: database.db,
      store,
      adapterFor: async () => adapter,
      bus: new DomainBus(),
      policy: { baseMs: 1, capMs: 5, maxAttempts: 5 },
    });
    worker.start();
    await expect.poll(() => seen.length).toBe(3);
    await worker.stop();
    const ends = seen.filter((c) => c.kind === 'endConversation');
    expect(ends).toHaveLength(2);
    expect(ends[0]!.idempotencyKey).toBeTruthy();
    expect(ends[1]!.idempotencyKey).toBe(ends[0]!.idempotencyKey);
    expect(seen.find((c) => c.kind === 'attended')?.idempotencyKey).toBe('legacy-row-1');
  });
});
