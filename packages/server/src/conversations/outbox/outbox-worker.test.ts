import type { OutboundCommand, OutboundResult } from '@switchboard/protocol';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainBus, type DomainEvent } from '../../events/domain-events';
import { createLogger } from '../../logging/logger';
import type { ProviderAdapter } from '../../providers';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../../storage/test-databases';
import { ConversationStore } from '../conversation-store';
import { startIngestHarness, type IngestHarness } from '../../testing/ingest-harness';
import { OutboxWorker } from './outbox-worker';
import { decideRetry } from './retry-policy';

const dialects = await dialectsUnderTest();

const textOf = (body: unknown) => (body as { text?: string }).text;

describe('retry policy', () => {
  const failure = { ok: false as const, retryable: true, code: 'provider_unavailable' as const, message: 'down' };
  const policy = { baseMs: 1000, capMs: 60_000, maxAttempts: 5 };

  it('doubles the wait per attempt with jitter in the upper half, capped', () => {
    expect(decideRetry(failure, 1, policy, () => 0)).toEqual({ retry: true, delayMs: 500 });
    expect(decideRetry(failure, 3, policy, () => 1)).toEqual({ retry: true, delayMs: 4000 });
    expect(decideRetry(failure, 4, { ...policy, capMs: 5000 }, () => 1)).toEqual({ retry: true, delayMs: 5000 });
  });

  it('honours Retry-After as a floor and gives up on permanent failures or after the last attempt', () => {
    expect(decideRetry({ ...failure, retryAfterMs: 7000 }, 1, policy, () => 0)).toEqual({ retry: true, delayMs: 7000 });
    expect(decideRetry({ ...failure, retryable: false, code: 'rejected' }, 1, policy, () => 0)).toEqual({
      retry: false,
    });
    expect(decideRetry(failure, 5, policy, () => 0)).toEqual({ retry: false });
  });
});

describe.each(dialects)('outbox against the mock HeyNow on %s', (dialect) => {
  let h: IngestHarness;
  afterEach(async () => {
    await h.close();
  });

  async function interactionFor(conversationId: string) {
    return h.database.db
      .selectFrom('interactions')
      .selectAll()
      .where('external_conversation_id', '=', conversationId)
      .executeTakeFirstOrThrow();
  }

  it('retries through a provider outage and keeps each conversation in order, losing nothing', async () => {
    h = await startIngestHarness(dialect);
    await h.createCampaign({ name: 'Ventas', skills: ['ventas'], messages: { welcome: 'w' } });
    h.mock.setOutage(Date.now() + 700);
    const conversations: { conversationId: string }[] = [];
    for (let i = 0; i < 3; i++)
      conversations.push(await h.mock.startConversation({ number: `+5980${i}`, skill: 'ventas', text: 'hola' }));
    const store = h.services.conversations;
    await h.database.db.transaction().execute(async (trx) => {
      for (const c of conversations) {
        const row = await store.findOpenByConversation(trx, h.providerId, c.conversationId);
        for (const text of ['one', 'two', 'three']) await store.sendText(trx, row!, text, 'agent');
        await store.closeInteraction(trx, row!.id, 'agent');
      }
    });
    h.services.outbox.notify();
    await h.until(() => h.mock.received({ action: 'end' }).filter((c) => c.status === 200).length === 3, 10_000);
    expect(h.mock.received().some((c) => c.status === 503)).toBe(true);
    for (const c of conversations) {
      const delivered = h.mock.received({ conversationId: c.conversationId }).filter((x) => x.status < 300);
      expect(delivered.map((x) => (x.action === 'end' ? 'END' : textOf(x.body)))).toEqual([
        'w',
        'one',
        'two',
        'three',
        'END',
      ]);
    }
    const notDone = () => h.database.db.selectFrom('outbox').select('status').where('status', '<>', 'done').execute();
    await h.until(async () => (await notDone()).length === 0);
  });

  it('logs one line when a provider starts failing and one when it is back, and counts failures by kind', async () => {
    const lines: { level: number; msg: string }[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    h = await startIngestHarness(dialect, { extras: { logger: createLogger('info', sink) } });
    await h.createCampaign({ name: 'Ventas', skills: ['ventas'], messages: { welcome: 'w' } });
    h.mock.setOutage(Date.now() + 700);
    for (let i = 0; i < 3; i++) await h.mock.startConversation({ number: `+5981${i}`, skill: 'ventas', text: 'hola' });
    await h.until(() => h.mock.received().filter((c) => c.status < 300 && textOf(c.body) === 'w').length === 3, 10_000);
    expect(h.mock.received().filter((c) => c.status === 503).length).toBeGreaterThan(1);
    await h.until(() => lines.some((l) => l.msg === 'provider is back up'));
    const health = lines.filter((l) => l.msg.startsWith('provider is'));
    expect(health.map((l) => [l.level, l.msg])).toEqual([
      [40, 'provider is failing; sends will be retried'],
      [30, 'provider is back up'],
    ]);
    const failures = (await h.services.metrics.registry.getSingleMetric('switchboard_outbox_failures_total')!.get())
      .values;
    expect(failures).toEqual([
      { labels: { provider_kind: 'heynow-direct' }, value: h.mock.received().filter((c) => c.status === 503).length },
    ]);
  });

  it('marks a message failed for good on a permanent refusal and lets the conversation go on', async () => {
    h = await startIngestHarness(dialect);
    await h.createCampaign({ name: 'Ventas', skills: ['ventas'], messages: { welcome: '' } });
    const events: DomainEvent[] = [];
    h.services.bus.on('message.status', (payload) => events.push({ type: 'message.status', payload }));
    const c = await h.mock.startConversation({ number: '+59811', skill: 'ventas', text: 'hola' });
    const row = await interactionFor(c.conversationId);
    h.mock.failNext(400, 1);
    await h.database.db.transaction().execute(async (trx) => {
      await h.services.conversations.sendText(trx, row, 'refused', 'agent');
      await h.services.conversations.sendText(trx, row, 'accepted', 'agent');
    });
    h.services.outbox.notify();
    await h.until(async () =>
      (await h.services.conversations.listMessages(h.database.db, row.id)).every(
        (m) => m.direction !== 'out' || m.status !== 'pending',
      ),
    );
    const out = (await h.services.conversations.listMessages(h.database.db, row.id)).filter(
      (m) => m.direction === 'out',
    );
    expect(out.map((m) => [m.body, m.status])).toEqual([
      ['refused', 'failed'],
      ['accepted', 'sent'],
    ]);
    // A short summary for the conversation view; the provider's body ("mock fault") is never relayed.
    expect(out[0]?.error).toBe('the provider refused the message (HTTP 400)');
    expect(events.map((e) => (e.payload as { status: string }).status)).toEqual(['failed', 'sent']);
  });

  it('resumes pending sends after a restart', async () => {
    h = await startIngestHarness(dialect, { startOutbox: false });
    await h.createCampaign({ name: 'Ventas', skills: ['ventas'], messages: { welcome: 'bienvenido' } });
    const c = await h.mock.startConversation({ number: '+59812', skill: 'ventas', text: 'hola' });
    // The welcome is committed to the outbox (the hand-off was answered), yet nothing went out: no worker runs.
    await expect
      .poll(async () => (await h.database.db.selectFrom('outbox').select('id').execute()).length)
      .toBeGreaterThan(0);
    expect(h.mock.received({ action: 'message' })).toHaveLength(0);
    // A new worker over the same database stands for the restarted process.
    const restarted = new OutboxWorker({
      db: h.database.db,
      store: new ConversationStore(),
      adapterFor: (id) => h.services.providerAdapters.get(id),
      bus: new DomainBus(),
    });
    restarted.start();
    try {
      const call = await h.mock.waitForCall((x) => x.action === 'message' && x.conversationId === c.conversationId);
      expect(textOf(call.body)).toBe('bienvenido');
      await restarted.idle();
    } finally {
      await restarted.stop();
    }
  });
});

describe.each(dialects)('outbox ordering on %s', (dialect) => {
  let database: TestDatabase;
  afterEach(async () => {
    await database.close();
  });

  it('holds a conversation behind its failing head while other conversations proceed', async () => {
    database = await createTestDatabase(dialect);
    const store = new ConversationStore();
    const sent: string[] = [];
    const adapter = {
      send: async (command: OutboundCommand): Promise<OutboundResult> => {
        if (command.externalConversationId === 'stuck')
          return { ok: false, retryable: true, code: 'timeout', message: 'slow' };
        sent.push(command.kind === 'message' && command.content.type === 'text' ? command.content.text : command.kind);
        return { ok: true };
      },
    } as ProviderAdapter;
    const worker = new OutboxWorker({
      db: database.db,
      store,
      adapterFor: async () => adapter,
      bus: new DomainBus(),
      policy: { baseMs: 10_000 },
    });
    const stuck = await store.createInteraction(database.db, {
      providerId: 'p',
      externalConversationId: 'stuck',
      campaignId: null,
      customerNumber: '1',
      skill: 's',
      status: 'waiting',
    });
    const flowing = await store.createInteraction(database.db, {
      providerId: 'p',
      externalConversationId: 'flowing',
      campaignId: null,
      customerNumber: '2',
      skill: 's',
      status: 'waiting',
    });
    for (const t of ['s1', 's2']) await store.sendText(database.db, stuck.interaction, t);
    for (const t of ['f1', 'f2', 'f3']) await store.sendText(database.db, flowing.interaction, t);
    worker.start();
    await worker.idle();
    await worker.stop();
    expect(sent).toEqual(['f1', 'f2', 'f3']);
    const rows = await database.db
      .selectFrom('outbox')
      .select(['interaction_id', 'status', 'attempts'])
      .orderBy('id')
      .execute();
    const stuckRows = rows.filter((r) => r.interaction_id === stuck.interaction.id);
    // Only the head was tried; the second waits behind it untouched.
    expect(stuckRows.map((r) => [r.status, r.attempts])).toEqual([
      ['pending', 1],
      ['pending', 0],
    ]);
  });
});
