// The routing-decisions world (1,000 agents at their cap in 20 campaigns, 10,000 waiting) and its recorded event
// stream, shared by the benchmark and by `passes.ts`, which replays it for instruction counts.
import {
  mulberry32,
  RoutingEngine,
  type CampaignRouting,
  type RoutingEvent,
  type Strategy,
} from '../../packages/core/src/routing/index';

export const AGENTS = 1000;
export const CAMPAIGNS = 20;
const PER_CAMPAIGN = 50;
const MAX = 3;
export const WAITING = 10_000;
export const STEP_MS = 20;

const MANUAL = new Set([3, 11]); // ringallmultiple campaigns, exercised through takes

function campaigns(): CampaignRouting[] {
  const modes = ['rrmemory', 'linear', 'wrandom'] as const;
  const out: CampaignRouting[] = [];
  for (let c = 0; c < CAMPAIGNS; c++) {
    const members = [];
    for (let i = 0; i < PER_CAMPAIGN; i++)
      members.push({ agentId: `a${c * PER_CAMPAIGN + i}`, penalty: (i * 7) % 101, position: i + 1 });
    // every tenth agent of the next campaign also works here: some agents are in two campaigns
    for (let i = 0; i < PER_CAMPAIGN; i += 10)
      members.push({
        agentId: `a${((c + 1) % CAMPAIGNS) * PER_CAMPAIGN + i}`,
        penalty: 50,
        position: PER_CAMPAIGN + i + 1,
      });
    const strategy: Strategy = MANUAL.has(c) ? 'ringallmultiple' : c % 5 === 4 ? 'omni' : 'nocall';
    out.push({
      id: `c${c}`,
      enabled: true,
      strategy,
      deliveryMode: modes[c % 3]!,
      maxInteractionsPerAgent: MAX,
      members,
      maxQueued: 0,
      queueTimeoutSeconds: 0,
      offerTimeout: null,
      maxTransferSeconds: 0,
      wrapUpSeconds: c % 4 === 0 ? 3 : 0,
    });
  }
  return out;
}

/** 1,000 agents at their cap and 10,000 interactions waiting, ready for the measured stream. */
export function world(): { engine: RoutingEngine; now: number; counter: number } {
  const engine = new RoutingEngine({ rng: mulberry32(12345) });
  let now = 0;
  for (const campaign of campaigns()) engine.apply({ type: 'campaign_upserted', campaign }, now);
  for (let a = 0; a < AGENTS; a++)
    engine.apply({ type: 'agent_status_changed', agentId: `a${a}`, status: 'available' }, now);
  let counter = 0;
  // fill every automatic agent to the cap, then queue WAITING more
  const automatic = CAMPAIGNS - MANUAL.size;
  const fill = automatic * PER_CAMPAIGN * MAX + 2000;
  for (let i = 0; i < fill + WAITING; i++) {
    now += 1;
    engine.apply({ type: 'interaction_arrived', interactionId: `s${counter++}`, campaignId: `c${i % CAMPAIGNS}` }, now);
  }
  return { engine, now, counter };
}

/** Chooses a realistic mixed stream by running it once, so that every close names a held interaction. */
export function recordStream(count: number): RoutingEvent[] {
  const { engine, counter: start, now: setupEnd } = world();
  let now = setupEnd;
  let counter = start;
  const rng = mulberry32(99);
  const held: string[] = [];
  const heldIndex = new Map<string, number>();
  const paused = new Set<string>();
  const add = (id: string) => {
    heldIndex.set(id, held.length);
    held.push(id);
  };
  const remove = (id: string) => {
    const i = heldIndex.get(id);
    if (i === undefined) return;
    const last = held.pop()!;
    if (last !== id) {
      held[i] = last;
      heldIndex.set(last, i);
    }
    heldIndex.delete(id);
  };
  // seed the held list from the setup's own state
  for (let i = 0; i < start; i++) if (engine.interaction(`s${i}`)?.state === 'active') add(`s${i}`);
  const events: RoutingEvent[] = [];
  while (events.length < count) {
    const r = rng();
    let event: RoutingEvent;
    if (r < 0.32) {
      event = {
        type: 'interaction_arrived',
        interactionId: `s${counter++}`,
        campaignId: `c${Math.floor(rng() * CAMPAIGNS)}`,
      };
    } else if (r < 0.64 && held.length > 0) {
      event = { type: 'interaction_closed', interactionId: held[Math.floor(rng() * held.length)]! };
    } else if (r < 0.8) {
      const agentId = `a${Math.floor(rng() * AGENTS)}`;
      const pause = !paused.has(agentId) && rng() < 0.5;
      if (pause) paused.add(agentId);
      else paused.delete(agentId);
      event = {
        type: 'agent_status_changed',
        agentId,
        status: pause ? 'paused' : 'available',
        ...(pause ? { reason: 'break' } : {}),
      };
    } else if (r < 0.95) {
      const c = [...MANUAL][Math.floor(rng() * MANUAL.size)]!;
      const waiting = engine.campaignQueue(`c${c}`, 20);
      const item = waiting[Math.floor(rng() * waiting.length)];
      event = {
        type: 'interaction_taken',
        interactionId: item?.interactionId ?? 'none',
        agentId: `a${c * PER_CAMPAIGN + Math.floor(rng() * PER_CAMPAIGN)}`,
      };
    } else {
      event = { type: 'tick' };
    }
    now += STEP_MS;
    events.push(event);
    for (const d of engine.apply(event, now)) {
      if (d.type === 'assigned' || d.type === 'taken') add(d.interactionId);
      else if (d.type === 'closed') remove(d.interactionId);
    }
  }
  return events;
}
