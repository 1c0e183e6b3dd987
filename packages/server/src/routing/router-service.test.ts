import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { CAMPAIGN_DEFAULTS, type AgentStatusName, type CampaignCreate } from '@switchboard/protocol';
import { sql, type KyselyPlugin, type Transaction } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CampaignService } from '../admin/campaign-service';
import { ConversationStore } from '../conversations/conversation-store';
import { DomainBus, type DomainEvents } from '../events/domain-events';
import type { Tables } from '../storage/schema';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../storage/test-databases';
import { commandOfBusEvent, RouterService } from './router-service';
import { RecordingPorts } from '../testing/routing-ports';

const dialects = await dialectsUnderTest();
const silent = pino({ level: 'silent' });

interface World {
  database: TestDatabase;
  campaigns: CampaignService;
  campaignId: string;
  agents: string[];
}

async function world(
  dialect: 'sqlite' | 'postgres',
  campaign: Partial<CampaignCreate>,
  agentCount: number,
  status: AgentStatusName = 'available',
): Promise<World> {
  const database = await createTestDatabase(dialect);
  const campaigns = new CampaignService(database.db);
  const c = await campaigns.create({ name: 'C', ...campaign });
  const agents: string[] = [];
  for (let i = 0; i < agentCount; i++) {
    const id = `agent-${i}`;
    agents.push(id);
    await database.db
      .insertInto('users')
      .values({
        id,
        username: id,
        username_key: id,
        display_name: id,
        role: 'agent',
        password_hash: 'x',
        enabled: 1,
        created_at: 0,
        updated_at: 0,
      })
      .execute();
    await database.db
      .insertInto('members')
      .values({ campaign_id: c.id, agent_id: id, penalty: 0, position: i + 1 })
      .execute();
    await database.db
      .insertInto('agent_presence')
      .values({ agent_id: id, status, reason: null, since: 0, on_call: 0, wrapup_until: null })
      .execute();
  }
  return { database, campaigns, campaignId: c.id, agents };
}

/**
 * `n` waiting interactions as ingest stores them. `enteredAt` null: a hand-off the router has not let into a
 * queue yet (refused at the door by the directory); `campaignId` null: no campaign takes it.
 */
async function waiting(
  w: World,
  n: number,
  enteredAt: number | null = 1_000,
  campaignId: string | null = w.campaignId,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    ids.push(id);
    await w.database.db
      .insertInto('interactions')
      .values({
        id,
        provider_id: 'p',
        external_conversation_id: id,
        campaign_id: campaignId,
        customer_number: `+5989900${i}`,
        customer_name: null,
        skill: 's',
        status: 'waiting',
        close_reason: null,
        owner_agent_id: null,
        created_at: (enteredAt ?? 1_000) + i,
        entered_at: enteredAt === null ? null : enteredAt + i,
        offered_at: null,
        taken_at: null,
        closed_at: null,
        disposition_json: null,
        transfer_json: null,
        attended_sent: 0,
        end_sent: 0,
        version: 0,
      })
      .execute();
  }
  return ids;
}

function router(w: World, bus = new DomainBus(), ports = new RecordingPorts()) {
  return {
    service: new RouterService({
      db: w.database.db,
      dialect: w.database.dialect,
      bus,
      campaigns: w.campaigns,
      ports,
      logger: silent,
    }),
    bus,
    ports,
  };
}

async function held(w: World) {
  return w.database.db
    .selectFrom('interactions')
    .select(['id', 'owner_agent_id', 'status'])
    .where('status', 'in', ['offered', 'active'])
    .execute();
}

describe.each(dialects)('router service on %s', (dialect) => {
  const opened: { close(): Promise<void> }[] = [];
  const services: RouterService[] = [];
  afterEach(async () => {
    for (const s of services.splice(0)) await s.stop();
    for (const d of opened.splice(0)) await d.close();
  });

  it('rebuilds from the database on start and routes what was left waiting, within the cap', async () => {
    const w = await world(dialect, { strategy: 'nocall', deliveryMode: 'linear', maxInteractionsPerAgent: 2 }, 2);
    opened.push(w.database);
    await waiting(w, 5);
    const { service, ports } = router(w);
    services.push(service);
    await service.start();
    const rows = await held(w);
    expect(rows).toHaveLength(4);
    const per = new Map<string, number>();
    for (const r of rows) per.set(r.owner_agent_id!, (per.get(r.owner_agent_id!) ?? 0) + 1);
    expect([...per.values()]).toEqual([2, 2]);
    expect(ports.attended).toHaveLength(4);
    const timeline = await w.database.db
      .selectFrom('interaction_events')
      .selectAll()
      .where('type', '=', 'assigned')
      .execute();
    expect(timeline).toHaveLength(4);
    expect(JSON.parse(timeline[0]!.detail_json!).text).toMatch(/agent/);
  });

  it('routes an arrival announced while it reads what was left waiting on start', async () => {
    const w = await world(dialect, { strategy: 'nocall', deliveryMode: 'rrmemory' }, 1);
    opened.push(w.database);
    const [late] = await waiting(w, 1, null);
    const bus = new DomainBus();
    // The arrival commits just after the start-up read of pending arrivals: that read does not see it (its
    // row is taken out of the result) and it is announced while the read's result is still on its way.
    let announced = false;
    const commitsAfterTheRead: KyselyPlugin = {
      transformQuery: ({ node }) => node,
      transformResult: async ({ result }) => {
        const rows = result.rows as Record<string, unknown>[];
        const isPendingRead = rows.some((r) => r.id === late && Object.keys(r).join() === 'id,campaign_id,created_at');
        if (announced || !isPendingRead) return result;
        announced = true;
        bus.emit('interaction.arrived', { interactionId: late!, campaignId: w.campaignId, enteredAt: 1_000 });
        return { ...result, rows: rows.filter((r) => r.id !== late) as typeof result.rows };
      },
    };
    const service = new RouterService({
      db: w.database.db.withPlugin(commitsAfterTheRead),
      dialect: w.database.dialect,
      bus,
      campaigns: w.campaigns,
      ports: new RecordingPorts(),
      logger: silent,
    });
    services.push(service);
    await service.start();
    expect(announced).toBe(true);
    await expect.poll(() => held(w)).toEqual([{ id: late, owner_agent_id: w.agents[0], status: 'active' }]);
  });

  it('refuses bus input queued when it stops leading without an unhandled rejection, and leaves it for the next leader', async () => {
    const w = await world(dialect, { strategy: 'nocall', deliveryMode: 'rrmemory' }, 1);
    opened.push(w.database);
    const ids = await waiting(w, 3, null);
    const lines: { msg: string }[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    const bus = new DomainBus();
    const service = new RouterService({
      db: w.database.db,
      dialect: w.database.dialect,
      bus,
      campaigns: w.campaigns,
      ports: new RecordingPorts(),
      logger: pino({ level: 'debug' }, sink),
    });
    await service.start();
    await service.stop(); // nothing waiting was announced yet: the start-up read routed them all
    await w.database.db
      .updateTable('interactions')
      .set({ status: 'waiting', owner_agent_id: null, entered_at: null })
      .execute();
    await service.start();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // Announced, then the router stops at once: the first is under way, the rest are still queued and refused.
      for (const id of ids)
        bus.emit('interaction.arrived', { interactionId: id, campaignId: w.campaignId, enteredAt: 1_000 });
      await service.stop();
      await expect
        .poll(() => lines.filter((l) => l.msg === 'routing command refused while the router changed role').length)
        .toBeGreaterThan(0);
      expect(lines.filter((l) => l.msg === 'routing command failed')).toEqual([]);
      // What was refused is still in the database for whoever leads next.
      const next = router(w);
      services.push(next.service);
      await next.service.start();
      expect((await held(w)).map((r) => r.id).sort()).toEqual([...ids].sort());
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });

  it('assigns an arrival as soon as it is announced, and the row is stored before anyone hears of it', async () => {
    const w = await world(dialect, { strategy: 'nocall', deliveryMode: 'rrmemory' }, 2);
    opened.push(w.database);
    const { service, bus } = router(w);
    services.push(service);
    await service.start();
    const [id] = await waiting(w, 1);
    const seen: string[] = [];
    bus.on('interaction.updated', (e) => {
      void w.database.db
        .selectFrom('interactions')
        .select('status')
        .where('id', '=', e.interactionId)
        .executeTakeFirst()
        .then((r) => seen.push(r!.status));
    });
    const decisions = await service.command({
      type: 'interaction_arrived',
      interactionId: id!,
      campaignId: w.campaignId,
      enteredAt: 1_000,
    });
    expect(decisions.map((d) => d.type)).toContain('assigned');
    await expect.poll(() => seen).toEqual(['active']);
  });

  it('takes bus input through its one command queue: a configuration change applies before a command sent after it', async () => {
    const w = await world(dialect, { strategy: 'nocall' }, 1);
    opened.push(w.database);
    const { service, bus } = router(w);
    services.push(service);
    await service.start();
    const [id] = await waiting(w, 1);
    await w.campaigns.update(w.campaignId, { enabled: false });
    // The change needs reads before it applies; the arrival right behind it must still wait its turn.
    bus.emit('configuration.changed', { campaignIds: [w.campaignId] });
    const decisions = await service.command({
      type: 'interaction_arrived',
      interactionId: id!,
      campaignId: w.campaignId,
      enteredAt: 1_000,
    });
    expect(decisions).toEqual([
      expect.objectContaining({ type: 'arrival_rejected', interactionId: id, reason: 'campaign_disabled' }),
    ]);
    expect(commandOfBusEvent({ type: 'customer.left', payload: { interactionId: 'x', campaignId: null } })).toEqual({
      type: 'customer_left',
      interactionId: 'x',
    });
    expect(
      commandOfBusEvent({
        type: 'agent.status',
        payload: { agentId: 'a', status: 'available', reason: null, since: 0 },
      }),
    ).toBeNull();
  });

  it('decides the closes ingest acknowledged but no router decided before it stopped: refusals and customers who left', async () => {
    const w = await world(dialect, { strategy: 'nocall', messages: { notAvailable: 'Not today' } }, 1);
    opened.push(w.database);
    // What ingest committed before a crash: two hand-offs the directory refused, and a customer who left a
    // conversation that was already with an agent.
    const [unrouted] = await waiting(w, 1, null, null);
    await w.campaigns.update(w.campaignId, { enabled: false });
    const [disabled] = await waiting(w, 1, null);
    const [talking] = await waiting(w, 1);
    await w.database.db
      .updateTable('interactions')
      .set({ status: 'active', owner_agent_id: w.agents[0]!, taken_at: 2_000 })
      .where('id', '=', talking!)
      .execute();
    await new ConversationStore().recordCustomerLeft(w.database.db, {
      interactionId: talking!,
      campaignId: w.campaignId,
    });
    const bus = new DomainBus();
    const closes: DomainEvents['interaction.closed'][] = [];
    bus.on('interaction.closed', (e) => closes.push(e));
    const { service, ports } = router(w, bus);
    services.push(service);
    await service.start();
    expect(ports.closed).toHaveLength(3);
    expect(ports.closed).toEqual(
      expect.arrayContaining([
        { interactionId: unrouted, reason: 'unrouted', text: CAMPAIGN_DEFAULTS.messages.notAvailable },
        { interactionId: disabled, reason: 'campaign_disabled', text: 'Not today' },
        { interactionId: talking, reason: 'customer_left', text: undefined },
      ]),
    );
    expect(closes).toHaveLength(3);
    expect(closes).toEqual(
      expect.arrayContaining([
        { interactionId: unrouted, campaignId: null, reason: 'unrouted', ownerAgentId: null },
        { interactionId: disabled, campaignId: w.campaignId, reason: 'campaign_disabled', ownerAgentId: null },
        { interactionId: talking, campaignId: w.campaignId, reason: 'customer_left', ownerAgentId: w.agents[0] },
      ]),
    );
    // A second start (or a redelivered webhook) finds nothing left to decide.
    const again = router(w);
    services.push(again.service);
    await again.service.start();
    expect(again.ports.closed).toEqual([]);
  });

  it("closes for a customer who left a conversation this router never heard of, by taking the database's word", async () => {
    const w = await world(dialect, { strategy: 'nocall' }, 1, 'offline');
    opened.push(w.database);
    const { service, ports } = router(w);
    services.push(service);
    await service.start();
    const [id] = await waiting(w, 1);
    const decisions = await service.command({ type: 'customer_left', interactionId: id! });
    expect(decisions).toContainEqual(
      expect.objectContaining({ type: 'closed', interactionId: id, reason: 'customer_left', abandoned: true }),
    );
    expect(ports.closed).toEqual([{ interactionId: id, reason: 'customer_left', text: undefined }]);
  });

  it("closes a holder's conversation the router believed stale, by taking the database's word once", async () => {
    const w = await world(dialect, { strategy: 'nocall' }, 1);
    opened.push(w.database);
    const { service, ports } = router(w);
    services.push(service);
    await service.start();
    // Assigned elsewhere (another node): this router never heard of it.
    const [id] = await waiting(w, 1);
    await w.database.db
      .updateTable('interactions')
      .set({ status: 'active', owner_agent_id: w.agents[0]! })
      .where('id', '=', id!)
      .execute();
    expect(service.views.interaction(id!)).toBeUndefined();
    const decisions = await service.command(
      { type: 'interaction_closed', interactionId: id!, agentId: w.agents[0]! },
      { context: { disposition: { l1: 'Venta' } } },
    );
    expect(decisions).toContainEqual(expect.objectContaining({ type: 'closed', interactionId: id, reason: 'agent' }));
    expect(ports.closed).toEqual([{ interactionId: id, reason: 'agent', text: undefined }]);
    const row = await w.database.db
      .selectFrom('interactions')
      .select(['status', 'disposition_json'])
      .where('id', '=', id!)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'closed', disposition_json: JSON.stringify({ l1: 'Venta' }) });
    expect(service.views.agentView(w.agents[0]!)?.held).toBe(0);
  });

  it('queues when nobody is eligible and drains the moment an agent becomes available', async () => {
    const w = await world(dialect, { strategy: 'nocall' }, 1, 'paused');
    opened.push(w.database);
    const { service } = router(w);
    services.push(service);
    await service.start();
    const [id] = await waiting(w, 1);
    const first = await service.command({
      type: 'interaction_arrived',
      interactionId: id!,
      campaignId: w.campaignId,
      enteredAt: 1_000,
    });
    expect(first.map((d) => d.type)).toEqual(['queued']);
    const second = await service.command({ type: 'agent_status_changed', agentId: w.agents[0]!, status: 'available' });
    expect(second.find((d) => d.type === 'assigned')).toMatchObject({ interactionId: id, agentId: w.agents[0] });
  });

  it('closes an arrival over the queue limit as queue_full with the not-available text', async () => {
    const w = await world(
      dialect,
      { strategy: 'nocall', thresholds: { maxQueued: 1 }, messages: { notAvailable: 'Nobody here' } },
      1,
      'offline',
    );
    opened.push(w.database);
    const { service, ports } = router(w);
    services.push(service);
    await service.start();
    const [a, b] = await waiting(w, 2);
    await service.command({ type: 'interaction_arrived', interactionId: a!, campaignId: w.campaignId, enteredAt: 1 });
    await service.command({ type: 'interaction_arrived', interactionId: b!, campaignId: w.campaignId, enteredAt: 2 });
    expect(ports.closed).toEqual([{ interactionId: b, reason: 'queue_full', text: 'Nobody here' }]);
  });

  it('gives a contested interaction to exactly one of many agents taking it at once (ringall)', async () => {
    const w = await world(dialect, { strategy: 'ringallmultiple', maxInteractionsPerAgent: 3 }, 20);
    opened.push(w.database);
    const { service } = router(w);
    services.push(service);
    await service.start();
    const [id] = await waiting(w, 1);
    await service.command({ type: 'interaction_arrived', interactionId: id!, campaignId: w.campaignId, enteredAt: 1 });
    const results = await Promise.all(
      w.agents.map((agentId) => service.command({ type: 'interaction_taken', interactionId: id!, agentId })),
    );
    const winners = results.flat().filter((d) => d.type === 'taken');
    const losers = results.flat().filter((d) => d.type === 'take_rejected');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(19);
    expect(losers.every((d) => d.type === 'take_rejected' && d.reason === 'already_taken')).toBe(true);
    const rows = await held(w);
    expect(rows).toEqual([{ id, owner_agent_id: (winners[0] as { agentId: string }).agentId, status: 'active' }]);
  });

  it('never lets one agent exceed the cap when many arrivals and takes race (two routers on one database)', async () => {
    const w = await world(dialect, { strategy: 'ringallmultiple', maxInteractionsPerAgent: 2 }, 3);
    opened.push(w.database);
    // Two router services over the same database stand for two nodes: neither knows what the other decided.
    const nodeA = router(w).service;
    const nodeB = router(w).service;
    services.push(nodeA, nodeB);
    await nodeA.start();
    await nodeB.start();
    const ids = await waiting(w, 12);
    await Promise.all(
      ids.flatMap((id) =>
        [nodeA, nodeB].map((n) =>
          n.command({ type: 'interaction_arrived', interactionId: id, campaignId: w.campaignId, enteredAt: 1 }),
        ),
      ),
    );
    const takes = ids.flatMap((id) =>
      w.agents.flatMap((agentId) =>
        [nodeA, nodeB].map((n) => n.command({ type: 'interaction_taken', interactionId: id, agentId })),
      ),
    );
    await Promise.all(takes);
    const rows = await held(w);
    const per = new Map<string, number>();
    for (const r of rows) per.set(r.owner_agent_id!, (per.get(r.owner_agent_id!) ?? 0) + 1);
    for (const [agent, n] of per) expect(n, agent).toBeLessThanOrEqual(2);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(rows.length).toBe(6); // three agents, two each: every slot filled, none twice
  });

  const arrival = (w: World, id: string) =>
    ({ type: 'interaction_arrived', interactionId: id, campaignId: w.campaignId, enteredAt: 1_000 }) as const;

  it('writes commands queued behind a running one in one shared transaction, answering each with its own decisions', async () => {
    const w = await world(dialect, { strategy: 'nocall', deliveryMode: 'rrmemory' }, 4);
    opened.push(w.database);
    const { service } = router(w);
    services.push(service);
    await service.start();
    const ids = await waiting(w, 4);
    const transactions = vi.spyOn(w.database.db, 'transaction');

    // The first command takes its turn at once; the three sent meanwhile queue behind it and go together.
    const answers = await Promise.all(ids.map((id) => service.command(arrival(w, id))));

    expect(transactions).toHaveBeenCalledTimes(2);
    answers.forEach((decisions, i) => {
      expect(decisions.map((d) => [d.type, 'interactionId' in d ? d.interactionId : null])).toEqual([
        ['assigned', ids[i]],
      ]);
    });
    const rows = await held(w);
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.owner_agent_id)).size).toBe(4);
  });

  it('applies the commands of a failed shared transaction one by one, so only the bad one fails', async () => {
    // ringall: agents take; each take concerns its own interaction only.
    const w = await world(dialect, { strategy: 'ringall' }, 4);
    opened.push(w.database);
    let bad = '';
    // The attended notice of one interaction cannot be written: its statement fails inside the transaction.
    const ports = new (class extends RecordingPorts {
      override async enqueueAttended(trx: Transaction<Tables>, interactionId: string, agentId: string) {
        if (interactionId === bad) await sql`insert into no_such_table values (1)`.execute(trx);
        return super.enqueueAttended(trx, interactionId, agentId);
      }
    })();
    const { service } = router(w, new DomainBus(), ports);
    services.push(service);
    await service.start();
    const ids = await waiting(w, 4);
    // The youngest: ringall hands out the oldest first, so a failed older take would refuse the ones after it.
    bad = ids[3]!;
    for (const id of ids) await service.command(arrival(w, id));
    const transactions = vi.spyOn(w.database.db, 'transaction');

    const outcomes = await Promise.allSettled(
      ids.map((id, i) => service.command({ type: 'interaction_taken', interactionId: id, agentId: w.agents[i]! })),
    );

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    // The first alone, the failed shared one, then each of its three again.
    expect(transactions).toHaveBeenCalledTimes(5);
    const rows = await held(w);
    expect(rows.map((r) => r.id).sort()).toEqual(ids.filter((id) => id !== bad).sort());
  });
});

describe('router service and schedules', () => {
  it('closes waiting interactions with the out-of-time text when the campaign closes', async () => {
    // Monday 2026-11-23 17:58:30 UTC; the campaign is open Mondays until 17:59 inclusive.
    let now = Date.UTC(2026, 10, 23, 17, 58, 30);
    const timers: { at: number; fn: () => void }[] = [];
    const w = await world(
      'sqlite',
      {
        strategy: 'nocall',
        schedule: { timezone: 'UTC', ranges: [{ day: 1, from: '09:00', to: '17:59' }] },
        messages: { outOfTime: 'Closed now' },
      },
      1,
      'offline',
    );
    const ports = new RecordingPorts();
    const service = new RouterService({
      db: w.database.db,
      dialect: 'sqlite',
      bus: new DomainBus(),
      campaigns: w.campaigns,
      ports,
      logger: silent,
      now: () => now,
      setTimer: (fn, ms) => {
        const t = { at: now + ms, fn };
        timers.push(t);
        return { cancel: () => timers.splice(timers.indexOf(t), 1) };
      },
    });
    try {
      await service.start();
      const [id] = await waiting(w, 1);
      await service.command({
        type: 'interaction_arrived',
        interactionId: id!,
        campaignId: w.campaignId,
        enteredAt: now,
      });
      expect(ports.closed).toEqual([]);
      const close = timers.find((t) => t.at === Date.UTC(2026, 10, 23, 18, 0, 0));
      expect(close, 'a timer at the closing minute').toBeDefined();
      now = close!.at;
      close!.fn();
      await service.command({ type: 'tick' });
      expect(ports.closed).toEqual([{ interactionId: id, reason: 'out_of_schedule', text: 'Closed now' }]);
    } finally {
      await service.stop();
      await w.database.close();
    }
  });
});
