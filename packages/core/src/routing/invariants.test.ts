import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Decision } from './decisions';
import { autoExclusion } from './eligibility';
import { RoutingEngine } from './engine';
import type { RoutingEvent } from './events';
import { mulberry32 } from './rng';
import type { RoutingState } from './state';
import { DELIVERY_MODES, STRATEGIES, isManual, type CampaignRouting, type Strategy } from './types';
import type { AgentView } from './views';

/*
 * The routing invariants (docs/routing.md), checked after every step of random event sequences:
 *  1. one owner: every offered/active interaction is counted in exactly one agent's load, waiting ones in
 *     none, and the decisions announced so far replay to exactly the engine's state;
 *  2. caps: no assignment, take or transfer acceptance takes an agent to more than the campaign's cap
 *     (max, or 1 for incall/interaction/ringall); incall and interaction assign only to agents holding
 *     nothing; an agent holding an incall interaction receives only from nopause campaigns;
 *  3. no idle eligible agent: in every enabled campaign with an automatic strategy, no waiting interaction
 *     has a member who is eligible for automatic assignment (omni: phase 2, which includes phase 1) and has not
 *     declined or missed that interaction;
 *  4. conservation: every accepted arrival is waiting, offered, active, taken over, or closed exactly once;
 *  5. take-over: a taken-over interaction is held by exactly one staff member and counts toward nobody's cap;
 *     releasing it, a supervisor's assign and a move respect the target member's cap;
 *  6. restore(snapshot) rebuilds the same interactions (state, owner, staff holder), loads and queues;
 *  7. refusal at the door: a hand-off no campaign takes (campaign null) is refused as `unrouted`, one for a
 *     disabled campaign as `campaign_disabled`, and neither is ever queued or assigned.
 */

const AGENTS = ['a1', 'a2', 'a3', 'a4', 'a5'];
const STAFF = ['s1', 's2'];
const CAMPAIGNS = ['c1', 'c2', 'c3'];

const configArb = (id: string): fc.Arbitrary<CampaignRouting> =>
  fc
    .record({
      strategy: fc.constantFrom(...STRATEGIES),
      deliveryMode: fc.constantFrom(...DELIVERY_MODES),
      max: fc.integer({ min: 1, max: 3 }),
      members: fc.shuffledSubarray(AGENTS),
      penalties: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 5, maxLength: 5 }),
      offer: fc.option(fc.constant({ seconds: 10, pauseAfterMisses: 2 }), { freq: 3 }),
      maxQueued: fc.constantFrom(0, 0, 3),
      queueTimeout: fc.constantFrom(0, 0, 45),
      maxTransfer: fc.constantFrom(0, 20),
      wrapUp: fc.constantFrom(0, 0, 5),
      enabled: fc.constantFrom(true, true, true, false),
    })
    .map((r) => ({
      id,
      enabled: r.enabled,
      strategy: r.strategy,
      deliveryMode: r.deliveryMode,
      maxInteractionsPerAgent: r.max,
      members: r.members.map((agentId, i) => ({ agentId, penalty: r.penalties[i]!, position: i + 1 })),
      maxQueued: r.maxQueued,
      queueTimeoutSeconds: r.queueTimeout,
      offerTimeout: r.offer,
      maxTransferSeconds: r.maxTransfer,
      wrapUpSeconds: r.wrapUp,
    }));

const agent = fc.constantFrom(...AGENTS);
const campaign = fc.constantFrom(...CAMPAIGNS);
const pick = fc.nat(1000);
const staff = fc.constantFrom(...STAFF);

type Command =
  | { k: 'advance'; seconds: number }
  | { k: 'arrive'; campaign: string | null }
  | { k: 'close'; pick: number; wrapUp: boolean }
  | { k: 'status'; agent: string; status: 'available' | 'paused' | 'offline' }
  | { k: 'onCall'; agent: string; onCall: boolean }
  | { k: 'take'; pick: number; agent: string }
  | { k: 'offer'; pick: number; accept: boolean }
  | { k: 'left'; pick: number }
  | { k: 'transferAgent'; pick: number; agent: string }
  | { k: 'transferAnswer'; pick: number; accept: boolean }
  | { k: 'transferCampaign'; pick: number; campaign: string }
  | { k: 'member'; campaign: string; agent: string; op: 'add' | 'remove' | 'update'; value: number }
  | { k: 'reorder'; campaign: string; order: string[] }
  | { k: 'config'; config: CampaignRouting }
  | { k: 'scheduleClosed'; campaign: string }
  | { k: 'takeOver'; pick: number; staff: string }
  | { k: 'release'; pick: number; agent: string | null; sameStaff: boolean }
  | { k: 'assign'; pick: number; agent: string }
  | { k: 'move'; pick: number; agent: string };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('advance' as const), seconds: fc.integer({ min: 1, max: 30 }) }) },
  // now and then a hand-off whose skill no campaign takes (campaign null)
  {
    weight: 6,
    arbitrary: fc.record({ k: fc.constant('arrive' as const), campaign: fc.option(campaign, { freq: 8 }) }),
  },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('close' as const), pick, wrapUp: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant('status' as const),
      agent,
      status: fc.constantFrom('available' as const, 'available' as const, 'paused' as const, 'offline' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('onCall' as const), agent, onCall: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('take' as const), pick, agent }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('offer' as const), pick, accept: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('left' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('transferAgent' as const), pick, agent }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('transferAnswer' as const), pick, accept: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('transferCampaign' as const), pick, campaign }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('member' as const),
      campaign,
      agent,
      op: fc.constantFrom('add' as const, 'remove' as const, 'update' as const),
      value: fc.integer({ min: 0, max: 100 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ k: fc.constant('reorder' as const), campaign, order: fc.shuffledSubarray(AGENTS) }),
  },
  { weight: 1, arbitrary: campaign.chain((id) => configArb(id)).map((config) => ({ k: 'config' as const, config })) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('scheduleClosed' as const), campaign }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('takeOver' as const), pick, staff }) },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('release' as const),
      pick,
      agent: fc.option(agent, { freq: 2 }),
      sameStaff: fc.constantFrom(true, true, true, false),
    }),
  },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('assign' as const), pick, agent }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('move' as const), pick, agent }) },
);

const scenarioArb = fc.record({
  seed: fc.integer(),
  online: fc.array(fc.boolean(), { minLength: AGENTS.length, maxLength: AGENTS.length }),
  configs: fc.tuple(configArb('c1'), configArb('c2'), configArb('c3')),
  commands: fc.array(commandArb, { minLength: 1, maxLength: 80, size: 'max' }),
});

/** Turns a command into an event against the current state (picks index known interactions). */
function toEvent(cmd: Command, engine: RoutingEngine, ids: string[], nextId: () => string): RoutingEvent | null {
  // Prefer an interaction in the state the command acts on, so that most events are valid; fall back to
  // any id (often closed or in the wrong state) so that invalid events are exercised too.
  const wanted: Partial<Record<Command['k'], (id: string) => boolean>> = {
    close: (id) => engine.interaction(id)?.state === 'active' || engine.interaction(id)?.state === 'taken_over',
    take: (id) => engine.interaction(id)?.state === 'waiting',
    offer: (id) => engine.interaction(id)?.state === 'offered',
    transferAgent: (id) => engine.interaction(id)?.state === 'active',
    transferCampaign: (id) => engine.interaction(id)?.state === 'active',
    transferAnswer: (id) => engine.interaction(id)?.transfer != null,
    takeOver: (id) => engine.interaction(id)?.state === 'active',
    release: (id) => engine.interaction(id)?.state === 'taken_over',
    assign: (id) => engine.interaction(id)?.state === 'waiting',
    move: (id) => engine.interaction(id)?.state === 'active',
  };
  const filter = wanted[cmd.k];
  const pickN = 'pick' in cmd ? cmd.pick : 0;
  const pool = filter && pickN % 5 !== 0 ? ids.filter(filter) : ids;
  const from = pool.length ? pool : ids;
  const chosen = from.length ? from[pickN % from.length]! : 'none';
  const view = engine.interaction(chosen);
  switch (cmd.k) {
    case 'advance':
      return null;
    case 'arrive':
      return { type: 'interaction_arrived', interactionId: nextId(), campaignId: cmd.campaign };
    case 'close':
      return { type: 'interaction_closed', interactionId: chosen, ...(cmd.wrapUp ? {} : { wrapUpSeconds: 0 }) };
    case 'status':
      return { type: 'agent_status_changed', agentId: cmd.agent, status: cmd.status, reason: 'break' };
    case 'onCall':
      return { type: 'agent_on_call_changed', agentId: cmd.agent, onCall: cmd.onCall };
    case 'take':
      return { type: 'interaction_taken', interactionId: chosen, agentId: cmd.agent };
    case 'offer':
      return {
        type: cmd.accept ? 'offer_accepted' : 'offer_declined',
        interactionId: chosen,
        agentId: view?.agentId ?? 'a1',
      };
    case 'left':
      return { type: 'customer_left', interactionId: chosen };
    case 'transferAgent':
      return {
        type: 'transfer_to_agent',
        interactionId: chosen,
        fromAgentId: view?.agentId ?? 'a1',
        toAgentId: cmd.agent,
      };
    case 'transferAnswer':
      return {
        type: cmd.accept ? 'transfer_accepted' : 'transfer_declined',
        interactionId: chosen,
        agentId: view?.transfer?.toAgentId ?? 'a2',
      };
    case 'transferCampaign':
      return {
        type: 'transfer_to_campaign',
        interactionId: chosen,
        fromAgentId: view?.agentId ?? 'a1',
        campaignId: cmd.campaign,
      };
    case 'member':
      if (cmd.op === 'add')
        return { type: 'member_added', campaignId: cmd.campaign, agentId: cmd.agent, penalty: cmd.value };
      if (cmd.op === 'remove') return { type: 'member_removed', campaignId: cmd.campaign, agentId: cmd.agent };
      return {
        type: 'member_updated',
        campaignId: cmd.campaign,
        agentId: cmd.agent,
        penalty: cmd.value,
        position: 1 + (cmd.value % 4),
      };
    case 'reorder':
      return { type: 'members_reordered', campaignId: cmd.campaign, agentIds: cmd.order };
    case 'config':
      return { type: 'campaign_upserted', campaign: cmd.config };
    case 'scheduleClosed':
      return { type: 'schedule_closed', campaignId: cmd.campaign };
    case 'takeOver':
      return { type: 'interaction_taken_over', interactionId: chosen, staffId: cmd.staff };
    case 'release': {
      const holder = view?.staffId ?? 's1';
      return {
        type: 'takeover_released',
        interactionId: chosen,
        staffId: cmd.sameStaff ? holder : STAFF.find((s) => s !== holder)!,
        toAgentId: cmd.agent,
      };
    }
    case 'assign':
      return { type: 'supervisor_assigned', interactionId: chosen, agentId: cmd.agent };
    case 'move':
      return { type: 'interaction_moved', interactionId: chosen, toAgentId: cmd.agent };
  }
}

function capOf(config: CampaignRouting): number {
  return config.strategy === 'incall' || config.strategy === 'interaction' || config.strategy === 'ringall'
    ? 1
    : config.maxInteractionsPerAgent;
}

function eligible(a: AgentView | undefined, config: CampaignRouting): boolean {
  if (!a || a.status !== 'available') return false;
  if (a.autoPaused && config.strategy !== 'nopause') return false;
  const heldIn = a.heldIn[config.id] ?? 0;
  switch (config.strategy) {
    case 'incall':
      return !a.onCall && a.held === 0;
    case 'interaction':
      return a.held === 0;
    default:
      return heldIn < config.maxInteractionsPerAgent;
  }
}

interface Shadow {
  owner: Map<string, { agentId: string; campaignId: string; incall: boolean }>;
  /** Taken-over interactions → the staff member holding them. */
  staff: Map<string, string>;
}

/** Replays one decision on the shadow and checks the cap rules at the moment of assignment. */
function replay(d: Decision, shadow: Shadow, configs: Map<string, CampaignRouting>): void {
  const load = (agentId: string, campaignId?: string) =>
    [...shadow.owner.values()].filter(
      (o) => o.agentId === agentId && (campaignId === undefined || o.campaignId === campaignId),
    ).length;
  const holdsIncall = (agentId: string) => [...shadow.owner.values()].some((o) => o.agentId === agentId && o.incall);
  const gain = (interactionId: string, agentId: string, campaignId: string, manual: boolean) => {
    const config = configs.get(campaignId)!;
    expect(load(agentId, campaignId), `cap of ${campaignId} for ${agentId}`).toBeLessThan(capOf(config));
    if (!manual && (config.strategy === 'incall' || config.strategy === 'interaction'))
      expect(load(agentId), `${config.strategy} needs a free agent`).toBe(0);
    if (config.strategy !== 'nopause') expect(holdsIncall(agentId), 'incall auto-pause').toBe(false);
    shadow.owner.set(interactionId, { agentId, campaignId, incall: !manual && config.strategy === 'incall' });
  };
  /** A supervisor's placement: membership is the engine's check; the cap is checked here. */
  const place = (interactionId: string, agentId: string, campaignId: string) => {
    const config = configs.get(campaignId)!;
    expect(shadow.owner.has(interactionId), `${interactionId} already owned`).toBe(false);
    expect(shadow.staff.has(interactionId), `${interactionId} still held by staff`).toBe(false);
    expect(load(agentId, campaignId), `cap of ${campaignId} for ${agentId}`).toBeLessThan(capOf(config));
    shadow.owner.set(interactionId, { agentId, campaignId, incall: config.strategy === 'incall' });
  };
  switch (d.type) {
    case 'taken_over': {
      const current = shadow.owner.get(d.interactionId);
      expect(current?.agentId, `taken over from its owner`).toBe(d.fromAgentId);
      shadow.owner.delete(d.interactionId);
      expect(shadow.staff.has(d.interactionId)).toBe(false);
      shadow.staff.set(d.interactionId, d.staffId);
      return;
    }
    case 'takeover_released':
      expect(shadow.staff.get(d.interactionId), 'released by its holder').toBe(d.staffId);
      shadow.staff.delete(d.interactionId);
      if (d.toAgentId !== null) place(d.interactionId, d.toAgentId, d.campaignId);
      return;
    case 'supervisor_assigned':
      place(d.interactionId, d.agentId, d.campaignId);
      return;
    case 'moved': {
      const current = shadow.owner.get(d.interactionId);
      expect(current?.agentId, 'moved from its owner').toBe(d.fromAgentId);
      shadow.owner.delete(d.interactionId);
      place(d.interactionId, d.toAgentId, d.campaignId);
      return;
    }
    case 'assigned':
    case 'offered':
      gain(d.interactionId, d.agentId, d.campaignId, false);
      return;
    case 'taken':
      expect(isManual(configs.get(d.campaignId)!.strategy)).toBe(true);
      gain(d.interactionId, d.agentId, d.campaignId, true);
      return;
    case 'transfer_accepted': {
      const current = shadow.owner.get(d.interactionId)!;
      expect(current.agentId).toBe(d.fromAgentId);
      shadow.owner.delete(d.interactionId);
      const config = configs.get(current.campaignId)!;
      expect(load(d.toAgentId, current.campaignId)).toBeLessThan(capOf(config));
      shadow.owner.set(d.interactionId, {
        agentId: d.toAgentId,
        campaignId: current.campaignId,
        incall: config.strategy === 'incall',
      });
      return;
    }
    case 'closed':
      shadow.owner.delete(d.interactionId);
      shadow.staff.delete(d.interactionId);
      return;
    case 'offer_declined':
    case 'offer_expired':
    case 'offer_withdrawn':
    case 'transferred_to_campaign':
      shadow.owner.delete(d.interactionId);
      return;
    default:
      return;
  }
}

function run(
  seed: number,
  initial: CampaignRouting[],
  online: boolean[],
  commands: Command[],
  check: boolean,
  afterApply?: (engine: RoutingEngine) => void,
): Decision[] {
  const engine = new RoutingEngine({ rng: mulberry32(seed) });
  const configs = new Map<string, CampaignRouting>();
  const shadow: Shadow = { owner: new Map(), staff: new Map() };
  const ids: string[] = [];
  const closed = new Set<string>();
  const rejected = new Set<string>();
  const all: Decision[] = [];
  let now = 0;
  let counter = 0;
  const applyChecked = (event: RoutingEvent) => {
    if (event.type === 'campaign_upserted') configs.set(event.campaign.id, event.campaign);
    const out = engine.apply(event, now);
    all.push(...out);
    afterApply?.(engine);
    if (!check) return;
    if (event.type === 'interaction_arrived') checkDoor(event, out, configs);
    for (const d of out) {
      replay(d, shadow, configs);
      if (d.type === 'closed') {
        expect(closed.has(d.interactionId), `closed twice: ${d.interactionId}`).toBe(false);
        closed.add(d.interactionId);
      }
      if (d.type === 'rejected_queue_full' || d.type === 'arrival_rejected') rejected.add(d.interactionId);
    }
    verify();
  };
  const verify = () => {
    // 1 + 4: the state equals the replayed decisions; every arrival is in exactly one place
    const loads = new Map<string, number>();
    for (const id of ids) {
      const view = engine.interaction(id);
      const places = Number(view !== undefined) + Number(closed.has(id)) + Number(rejected.has(id));
      expect(places, `interaction ${id} is in ${places} places`).toBe(1);
      if (!view) continue;
      const queued = engine.campaignQueue(view.campaignId).filter((q) => q.interactionId === id).length;
      if (view.state === 'waiting') {
        expect(view.agentId).toBeNull();
        expect(view.staffId).toBeNull();
        expect(queued).toBe(1);
        expect(shadow.owner.has(id)).toBe(false);
      } else if (view.state === 'taken_over') {
        // one holder, a staff member, and in no agent's load (the loads below would count it otherwise)
        expect(view.agentId).toBeNull();
        expect(view.staffId).not.toBeNull();
        expect(shadow.staff.get(id)).toBe(view.staffId);
        expect(shadow.owner.has(id)).toBe(false);
        expect(queued).toBe(0);
        expect(view.transfer).toBeNull();
      } else {
        expect(view.staffId).toBeNull();
        expect(shadow.staff.has(id)).toBe(false);
        expect(queued).toBe(0);
        expect(shadow.owner.get(id)?.agentId, `owner of ${id}`).toBe(view.agentId);
        const key = `${view.agentId}|${view.campaignId}`;
        loads.set(key, (loads.get(key) ?? 0) + 1);
      }
    }
    for (const agentId of AGENTS) {
      const a = engine.agentView(agentId);
      if (!a) continue;
      let total = 0;
      for (const [campaignId, n] of Object.entries(a.heldIn)) {
        expect(n, `${agentId} load in ${campaignId}`).toBe(loads.get(`${agentId}|${campaignId}`) ?? 0);
        total += n;
      }
      expect(a.held).toBe(total);
    }
    // 3: no eligible member idle while an interaction it may receive waits
    for (const config of configs.values()) {
      if (!config.enabled || isManual(config.strategy as Strategy)) continue;
      for (const entry of engine.campaignQueue(config.id)) {
        const skipped = new Set(engine.interaction(entry.interactionId)!.skippedAgentIds);
        for (const agentId of AGENTS) {
          const a = engine.agentView(agentId);
          if (!a?.campaigns.includes(config.id)) continue;
          expect(
            eligible(a, config) && !skipped.has(agentId),
            `${agentId} idle while ${entry.interactionId} waits in ${config.id}`,
          ).toBe(false);
        }
      }
    }
  };

  for (const config of initial) applyChecked({ type: 'campaign_upserted', campaign: config });
  AGENTS.forEach((agentId, i) =>
    applyChecked({ type: 'agent_status_changed', agentId, status: online[i] ? 'available' : 'offline' }),
  );
  for (const cmd of commands) {
    if (cmd.k === 'advance') {
      now += cmd.seconds * 1000;
      const deadline = engine.nextDeadline();
      if (check && deadline !== null) expect(deadline).toBeGreaterThanOrEqual(0);
      applyChecked({ type: 'tick' });
      if (check) expect(engine.nextDeadline() ?? Number.POSITIVE_INFINITY).toBeGreaterThan(now);
      continue;
    }
    const event = toEvent(cmd, engine, ids, () => `i${++counter}`);
    if (!event) continue;
    if (event.type === 'interaction_arrived') ids.push(event.interactionId);
    applyChecked(event);
  }
  return all;
}

/** Invariant 7: the engine alone refuses at the door, for the reason the hand-off's campaign gives. */
function checkDoor(
  event: Extract<RoutingEvent, { type: 'interaction_arrived' }>,
  out: Decision[],
  configs: Map<string, CampaignRouting>,
): void {
  const refusal = out.find((d) => d.type === 'arrival_rejected' && d.interactionId === event.interactionId);
  const expected =
    event.campaignId === null
      ? 'unrouted'
      : configs.get(event.campaignId)?.enabled === false
        ? 'campaign_disabled'
        : null;
  if (expected === null) return;
  expect(refusal, `arrival ${event.interactionId} should be refused as ${expected}`).toMatchObject({
    reason: expected,
  });
  const served = out.some(
    (d) => d.type !== 'arrival_rejected' && 'interactionId' in d && d.interactionId === event.interactionId,
  );
  expect(served, `refused arrival ${event.interactionId} was also queued or assigned`).toBe(false);
}

/** Scenarios from this seed reach every decision type checked below (a random run sometimes missed one). */
const COVERAGE_SEED = 0;
const CANDIDATE_SEED = 12;

/**
 * The rule the candidate flags replace: a member is a candidate when `autoExclusion` at phase 2 finds nothing,
 * and a campaign's count is the number of such members. Also holds the other indexes to what they stand for:
 * each member's `held`, each agent's memberships, and the dirty list (empty between events). Answers how many members were candidates.
 */
function checkCandidateFlags(engine: RoutingEngine): number {
  // the index is internal to the engine: reach its state the way no caller can
  const state = (engine as unknown as { state: RoutingState }).state;
  state.settleCandidates();
  const wrong: string[] = [];
  let candidates = 0;
  for (const [id, campaign] of state.campaigns) {
    let count = 0;
    for (const member of campaign.members) {
      if (member.agent !== state.agents.get(member.agentId)) wrong.push(`${id}/${member.agentId}: stale agent record`);
      const held = member.agent.heldIn.get(id) ?? 0;
      if (member.held !== held) wrong.push(`${id}/${member.agentId}: held ${member.held}, loads say ${held}`);
      const rule = autoExclusion(member.agent, campaign, 2) === null;
      if (member.candidate !== rule) wrong.push(`${id}/${member.agentId}: flag ${member.candidate}, rule ${rule}`);
      if (rule) count++;
    }
    if (campaign.candidates !== count) wrong.push(`${id}: count ${campaign.candidates}, rule ${count}`);
    candidates += count;
    // every apply ends with a full drain, which leaves no campaign marked
    if (campaign.dirty) wrong.push(`${id}: still marked dirty`);
  }
  if (state.dirty.length > 0) wrong.push(`${state.dirty.length} campaigns left on the dirty list`);
  // each agent's memberships are exactly the live member records of its campaigns
  for (const [agentId, agent] of state.agents) {
    const listed = agent.memberships
      .map((m) => m.campaign.config.id)
      .sort()
      .join();
    const campaigns = [...agent.campaigns].sort().join();
    if (listed !== campaigns) wrong.push(`${agentId}: memberships ${listed}, campaigns ${campaigns}`);
    for (const m of agent.memberships) {
      const live = state.campaigns.get(m.campaign.config.id);
      if (live !== m.campaign || live.memberByAgent.get(agentId) !== m || m.agent !== agent)
        wrong.push(`${agentId}: stale membership in ${m.campaign.config.id}`);
    }
  }
  expect(wrong).toEqual([]);
  return candidates;
}

describe('routing invariants under random event sequences', () => {
  it('keeps one owner, the caps, no idle eligible agent and conservation at every step', () => {
    // Fresh random scenarios on every run: exploration (a failure prints its seed to replay it).
    fc.assert(
      fc.property(scenarioArb, ({ seed, configs, online, commands }) => {
        run(seed, configs, online, commands, true);
      }),
      { numRuns: 250 },
    );
  });

  it('reaches every routing path with the invariants checked (fixed seed: coverage never depends on luck)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(scenarioArb, ({ seed, configs, online, commands }) => {
        const decisions = run(seed, configs, online, commands, true);
        for (const d of decisions) {
          seen.add(d.type);
          // the closes the router decides for the customer and at hand-off time, by reason
          if (d.type === 'arrival_rejected' || d.type === 'closed') seen.add(`${d.type}:${d.reason}`);
        }
      }),
      { numRuns: 250, seed: COVERAGE_SEED },
    );
    // the generator must actually reach the interesting paths, or the property proves little
    for (const type of [
      'assigned',
      'offered',
      'taken',
      'queued',
      'offer_expired',
      'agent_auto_paused',
      'transfer_returned',
      'transfer_accepted',
      'transferred_to_campaign',
      'wrapup_started',
      'wrapup_ended',
      'rejected_queue_full',
      'offer_withdrawn',
      'taken_over',
      'takeover_released',
      'supervisor_assigned',
      'moved',
      'supervision_rejected',
      'arrival_rejected:unrouted',
      'arrival_rejected:campaign_disabled',
      'closed:customer_left',
    ]) {
      expect(seen, type).toContain(type);
    }
  });

  it('keeps the candidate flags, counts and memberships equal to what they index after every event (fixed seed)', () => {
    let withCandidates = 0;
    let withoutCandidates = 0;
    fc.assert(
      fc.property(scenarioArb, ({ seed, configs, online, commands }) => {
        run(seed, configs, online, commands, false, (engine) => {
          if (checkCandidateFlags(engine) > 0) withCandidates++;
          else withoutCandidates++;
        });
      }),
      { numRuns: 100, seed: CANDIDATE_SEED },
    );
    // both sides of the flags were exercised, or the comparison proves little
    expect(withCandidates).toBeGreaterThan(1000);
    expect(withoutCandidates).toBeGreaterThan(100);
  });

  it('is deterministic: the same events, times and seed give the same decisions', () => {
    fc.assert(
      fc.property(scenarioArb, ({ seed, configs, online, commands }) => {
        expect(run(seed, configs, online, commands, false)).toEqual(run(seed, configs, online, commands, false));
      }),
      { numRuns: 60 },
    );
  });

  it('restores from its own snapshot to the same loads, queues and deadlines', () => {
    fc.assert(
      fc.property(scenarioArb, ({ seed, configs, commands }) => {
        const engine = new RoutingEngine({ rng: mulberry32(seed) });
        let now = 0;
        let counter = 0;
        const ids: string[] = [];
        for (const config of configs) engine.apply({ type: 'campaign_upserted', campaign: config }, now);
        for (const agentId of AGENTS) engine.apply({ type: 'agent_status_changed', agentId, status: 'available' }, now);
        for (const cmd of commands) {
          if (cmd.k === 'advance') {
            now += cmd.seconds * 1000;
            engine.apply({ type: 'tick' }, now);
            continue;
          }
          const event = toEvent(cmd, engine, ids, () => `i${++counter}`);
          if (event?.type === 'interaction_arrived') ids.push(event.interactionId);
          if (event) engine.apply(event, now);
        }
        const restored = RoutingEngine.restore(engine.snapshot(), { rng: mulberry32(seed) }, now);
        expect(restored.apply({ type: 'tick' }, now).filter((d) => d.type !== 'queued')).toEqual([]);
        expect(restored.nextDeadline()).toBe(engine.nextDeadline());
        for (const agentId of AGENTS) {
          const before = engine.agentView(agentId);
          const after = restored.agentView(agentId);
          expect(after?.held).toBe(before?.held);
          expect(after?.heldIn).toEqual(before?.heldIn);
          expect(after?.status).toBe(before?.status);
        }
        for (const id of ids) {
          const before = engine.interaction(id);
          const after = restored.interaction(id);
          expect(after?.state, `state of ${id}`).toBe(before?.state);
          expect(after?.agentId, `owner of ${id}`).toBe(before?.agentId);
          expect(after?.staffId, `staff holder of ${id}`).toBe(before?.staffId);
          expect(after?.transfer, `transfer of ${id}`).toEqual(before?.transfer);
        }
        for (const c of CAMPAIGNS) {
          expect(restored.campaignQueue(c).map((q) => q.interactionId)).toEqual(
            engine.campaignQueue(c).map((q) => q.interactionId),
          );
        }
      }),
      { numRuns: 60 },
    );
  });
});
