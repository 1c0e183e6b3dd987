import { pino } from 'pino';
import type { AgentStatusName, CampaignCreate } from '@switchboard/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { CampaignService } from '../admin/campaign-service';
import { DomainBus } from '../events/domain-events';
import type { InteractionStatus } from '../storage/schema';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../storage/test-databases';
import { RouterService } from './router-service';
import { RecordingPorts } from '../testing/routing-ports';

const dialects = await dialectsUnderTest();
const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 7, 10, 0, 0);

interface Rig {
  database: TestDatabase;
  service: RouterService;
  ports: RecordingPorts;
  campaignId: string;
  agentId: string;
  clock: { now: number };
  timers: { at: number; fn: () => void }[];
}

/** One campaign, one agent with the given status, a closed interaction that sets AHT, time under the test's hand. */
async function rig(
  dialect: 'sqlite' | 'postgres',
  campaign: Partial<CampaignCreate>,
  agentStatus: AgentStatusName,
): Promise<Rig> {
  const database = await createTestDatabase(dialect);
  const campaigns = new CampaignService(database.db);
  const c = await campaigns.create({
    name: 'Q',
    language: 'en',
    strategy: 'nocall',
    maxInteractionsPerAgent: 1,
    ...campaign,
  });
  const agentId = 'agent-1';
  await database.db
    .insertInto('users')
    .values({
      id: agentId,
      username: agentId,
      username_key: agentId,
      display_name: agentId,
      role: 'agent',
      password_hash: 'x',
      enabled: 1,
      created_at: 0,
      updated_at: 0,
    })
    .execute();
  await database.db
    .insertInto('members')
    .values({ campaign_id: c.id, agent_id: agentId, penalty: 0, position: 1 })
    .execute();
  await database.db
    .insertInto('agent_presence')
    .values({ agent_id: agentId, status: agentStatus, reason: null, since: 0, on_call: 0, wrapup_until: null })
    .execute();
  // Handled in 4 minutes, closed ten minutes ago: the campaign's AHT is 240 s.
  await insertInteraction(database, c.id, 'handled', {
    status: 'closed',
    taken_at: T0 - 14 * MIN,
    closed_at: T0 - 10 * MIN,
  });
  const clock = { now: T0 };
  const timers: Rig['timers'] = [];
  const ports = new RecordingPorts();
  const service = new RouterService({
    db: database.db,
    dialect,
    bus: new DomainBus(),
    campaigns,
    ports,
    logger: pino({ level: 'silent' }),
    now: () => clock.now,
    setTimer: (fn, ms) => {
      const t = { at: clock.now + ms, fn };
      timers.push(t);
      return { cancel: () => void timers.splice(timers.indexOf(t), 1) };
    },
  });
  await service.start();
  return { database, service, ports, campaignId: c.id, agentId, clock, timers };
}

async function insertInteraction(
  database: TestDatabase,
  campaignId: string,
  id: string,
  extra: { status?: InteractionStatus; taken_at?: number; closed_at?: number; entered_at?: number } = {},
): Promise<void> {
  await database.db
    .insertInto('interactions')
    .values({
      id,
      provider_id: 'p',
      external_conversation_id: id,
      campaign_id: campaignId,
      customer_number: `+598${id}`,
      customer_name: null,
      skill: 's',
      status: 'waiting',
      close_reason: null,
      owner_agent_id: null,
      created_at: extra.entered_at ?? T0,
      entered_at: extra.entered_at ?? T0,
      offered_at: null,
      taken_at: null,
      closed_at: null,
      disposition_json: null,
      transfer_json: null,
      attended_sent: 0,
      end_sent: 0,
      version: 0,
      ...extra,
    })
    .execute();
}

async function arrive(r: Rig, id: string): Promise<void> {
  await insertInteraction(r.database, r.campaignId, id, { entered_at: r.clock.now });
  await r.service.command({
    type: 'interaction_arrived',
    interactionId: id,
    campaignId: r.campaignId,
    enteredAt: r.clock.now,
  });
}

/** Moves the clock to the earliest armed timer, fires it, and lets the router finish what it queued. */
async function fireNextTimer(r: Rig): Promise<number> {
  const next = [...r.timers].sort((a, b) => a.at - b.at)[0];
  if (!next) throw new Error('no timer armed');
  r.timers.splice(r.timers.indexOf(next), 1);
  r.clock.now = next.at;
  next.fn();
  await r.service.command({ type: 'tick' });
  return next.at;
}

describe.each(dialects)('queue notices on %s', (dialect) => {
  const rigs: Rig[] = [];
  afterEach(async () => {
    for (const r of rigs.splice(0)) {
      await r.service.stop();
      await r.database.close();
    }
  });

  it('tells each queued customer their position and wait, again when it improves, never within a minute, never once assigned', async () => {
    const r = await rig(
      dialect,
      {
        queueUpdates: {
          enabled: true,
          template: 'You are #{position}, about {eta}.',
          stepPositions: 1,
          everyMinutes: 0,
        },
      },
      'available',
    );
    rigs.push(r);
    await arrive(r, 'first'); // assigned at once: never hears of a queue
    await arrive(r, 'second');
    await arrive(r, 'third');
    // One serving slot, AHT 240 s: position p waits p × 4 minutes.
    expect(r.ports.queueNotices).toEqual([
      { interactionId: 'second', text: 'You are #1, about 4 minutes.' },
      { interactionId: 'third', text: 'You are #2, about 8 minutes.' },
    ]);

    // Thirty seconds later the agent closes the first: second is assigned, third moves up to #1 but was told
    // thirty seconds ago, so it hears at the end of the minute.
    r.clock.now = T0 + 30_000;
    await r.service.command({ type: 'interaction_closed', interactionId: 'first', agentId: r.agentId });
    expect(r.ports.queueNotices).toHaveLength(2);
    expect(await fireNextTimer(r)).toBe(T0 + MIN);
    // The first's 30 s handling now counts too: AHT (240 + 30) ÷ 2 = 135 s, rounded to 2 minutes.
    expect(r.ports.queueNotices.slice(2)).toEqual([{ interactionId: 'third', text: 'You are #1, about 2 minutes.' }]);
    // Nothing more is due: no timer left for the notices, and the assigned one was never told again.
    expect(r.timers.filter((t) => t.at <= T0 + 10 * MIN)).toEqual([]);
    expect(r.ports.queueNotices.filter((n) => n.interactionId === 'second')).toHaveLength(1);
  });

  it('repeats every N minutes while the position stands still, and stops once the interaction is taken', async () => {
    const r = await rig(
      dialect,
      { queueUpdates: { enabled: true, template: '#{position} {eta}', stepPositions: 0, everyMinutes: 2 } },
      'paused',
    );
    rigs.push(r);
    await arrive(r, 'a');
    expect(r.ports.queueNotices).toEqual([{ interactionId: 'a', text: '#1 unknown' }]);
    expect(await fireNextTimer(r)).toBe(T0 + 2 * MIN);
    expect(await fireNextTimer(r)).toBe(T0 + 4 * MIN);
    expect(r.ports.queueNotices.map((n) => n.text)).toEqual(['#1 unknown', '#1 unknown', '#1 unknown']);

    // The agent comes back: the interaction is assigned and the interval timer goes with it.
    await r.service.command({ type: 'agent_status_changed', agentId: r.agentId, status: 'available' });
    expect(r.service.views.interaction('a')?.state).toBe('active');
    expect(r.timers).toEqual([]);
    expect(r.ports.queueNotices).toHaveLength(3);
  });

  it('says nothing when the campaign leaves queue notices off (the default)', async () => {
    const r = await rig(dialect, {}, 'paused');
    rigs.push(r);
    await arrive(r, 'a');
    await arrive(r, 'b');
    expect(r.ports.queueNotices).toEqual([]);
    expect(r.timers).toEqual([]);
  });
});
