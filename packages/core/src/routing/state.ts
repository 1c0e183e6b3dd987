import type { Decision } from './decisions';
import { autoExclusion } from './eligibility';
import { MinHeap, type HeapEntry } from './heap';
import type { CampaignRouting, InteractionState, IsOpen, Rng, AgentStatus } from './types';
import { WaitingQueue, type QueueSlot } from './waiting-queue';

export type TimerKind = 'queue_timeout' | 'offer_expiry' | 'transfer_return' | 'wrapup_end';

export interface Timer extends HeapEntry {
  kind: TimerKind;
  /** Interaction id, or agent id for `wrapup_end`. */
  subject: string;
  /** Cleared instead of removed from the heap; dead timers are dropped when they reach the top. */
  live: boolean;
}

export interface AgentRecord {
  id: string;
  status: AgentStatus;
  pauseReason: string | null;
  wrapupUntil: number | null;
  wrapupTimer: Timer | null;
  onCall: boolean;
  /** Offered + active interactions across all campaigns (`held` in docs/routing.md; offers reserve capacity). */
  held: number;
  heldIn: Map<string, number>;
  /** Held interactions that carry the incall auto-pause. */
  incallHeld: number;
  lastActivityAt: number;
  /** Consecutive offer timeouts; reset by an accept or by the auto-pause. */
  misses: number;
  campaigns: Set<string>;
  /**
   * The agent's member records, one per campaign in `campaigns`: marking the campaigns dirty and refreshing the
   * candidate flags walk these instead of looking each campaign id up in two maps.
   */
  memberships: MemberRecord[];
  /** Interactions whose pending transfer targets this agent. */
  incomingTransfers: Set<string>;
  /** Interactions offered to this agent, so a pause can withdraw them without scanning. */
  offers: Set<string>;
  /** Waiting in `RoutingState.touched` for its campaigns' candidate flags to be recomputed. */
  touched: boolean;
}

export interface MemberRecord {
  agentId: string;
  /** Agents are never forgotten, so a member keeps its record instead of looking it up per decision. */
  agent: AgentRecord;
  campaign: CampaignRecord;
  penalty: number;
  position: number;
  /** Join order, breaks equal positions. */
  seq: number;
  /** Eligible for automatic assignment here (omni: phase 2); see `RoutingState.settleCandidates`. */
  candidate: boolean;
  /**
   * What the agent holds in this campaign, the same count as `agent.heldIn`: eligibility reads it for every
   * member it looks at, and the member record is already at hand where another map lookup is not.
   */
  held: number;
}

export interface CampaignRecord {
  config: Omit<CampaignRouting, 'members'>;
  /** Sorted by (position, seq). */
  members: MemberRecord[];
  memberByAgent: Map<string, MemberRecord>;
  queue: WaitingQueue<InteractionRecord>;
  lastAssigned: string | null;
  /** Members whose `candidate` flag is set, so "can anyone receive work here?" needs no scan of the members. */
  candidates: number;
  /** Listed in `RoutingState.dirty`. */
  dirty: boolean;
}

export interface InteractionRecord {
  id: string;
  campaignId: string;
  state: InteractionState;
  enteredAt: number;
  queuedAt: number;
  /** Arrival order; with enteredAt it orders the queue. */
  seq: number;
  agentId: string | null;
  /** The staff member holding it while `taken_over`; never counted in any agent's load. */
  staffId: string | null;
  slot: QueueSlot<InteractionRecord> | null;
  /** One timer at a time: queue timeout while waiting, offer expiry while offered, transfer return while pending. */
  timer: Timer | null;
  skipped: Set<string> | null;
  incallPause: boolean;
  transfer: { fromAgentId: string; toAgentId: string } | null;
  /** Starts as the shared `NO_AGENTS`; only `extendPath` adds to it, by replacing it. */
  agentPath: readonly string[];
  /**
   * The campaigns it went through, once a transfer took it to another; null while it is still in its first
   * (`campaignId`). Most interactions never move, and the record lives as long as they wait and are served.
   */
  campaignPath: string[] | null;
}

/** The router's memory plus the bookkeeping every handler shares. */
export class RoutingState {
  readonly agents = new Map<string, AgentRecord>();
  readonly campaigns = new Map<string, CampaignRecord>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly timers = new MinHeap<Timer>();
  /**
   * Campaigns where capacity or work may have appeared since the last drain. A flag on the record and a list,
   * rather than a set of ids: a set emptied and refilled on every event rehashes (allocates) each time. The
   * drain's choice does not depend on the order of this list (it takes the oldest item, and items are unique).
   */
  readonly dirty: CampaignRecord[] = [];
  /** Items that entered a queue during this apply; announced as `queued` if still waiting after the drain. */
  readonly entered: InteractionRecord[] = [];
  /** Agents whose status or loads changed since their candidate flags were last recomputed. */
  private readonly touched: AgentRecord[] = [];
  /** This apply's decisions; `apply` returns a copy and empties it, so its backing store is reused. */
  readonly out: Decision[] = [];
  private seq = 0;
  private memberSeq = 0;

  constructor(
    readonly rng: Rng,
    readonly isOpen: IsOpen,
  ) {}

  nextSeq(): number {
    return ++this.seq;
  }

  nextMemberSeq(): number {
    return ++this.memberSeq;
  }

  agent(id: string, now: number): AgentRecord {
    let agent = this.agents.get(id);
    if (!agent) {
      agent = {
        id,
        status: 'offline',
        pauseReason: null,
        wrapupUntil: null,
        wrapupTimer: null,
        onCall: false,
        held: 0,
        heldIn: new Map(),
        incallHeld: 0,
        lastActivityAt: now,
        misses: 0,
        campaigns: new Set(),
        memberships: [],
        incomingTransfers: new Set(),
        offers: new Set(),
        touched: false,
      };
      this.agents.set(id, agent);
    }
    return agent;
  }

  heldIn(agent: AgentRecord, campaignId: string): number {
    return agent.heldIn.get(campaignId) ?? 0;
  }

  /** Counts the interaction against the agent's loads. */
  hold(item: InteractionRecord, agent: AgentRecord): void {
    item.agentId = agent.id;
    agent.held++;
    // a member's count saves reading the map before writing it; holds outside the agent's campaigns have none
    const member = membershipIn(agent, item.campaignId);
    const held = (member ? member.held : this.heldIn(agent, item.campaignId)) + 1;
    agent.heldIn.set(item.campaignId, held);
    if (member) member.held = held;
    if (item.incallPause) agent.incallHeld++;
    if (item.state === 'offered') agent.offers.add(item.id);
    this.touch(agent);
  }

  /** Undoes `hold`; marks the agent's campaigns for a drain because capacity appeared. */
  release(item: InteractionRecord): AgentRecord | null {
    const agent = item.agentId === null ? undefined : this.agents.get(item.agentId);
    item.agentId = null;
    if (!agent) return null;
    agent.held--;
    const member = membershipIn(agent, item.campaignId);
    const left = (member ? member.held : this.heldIn(agent, item.campaignId)) - 1;
    if (left > 0) agent.heldIn.set(item.campaignId, left);
    else agent.heldIn.delete(item.campaignId);
    if (member) member.held = left;
    if (item.incallPause) agent.incallHeld--;
    if (agent.offers.size > 0) agent.offers.delete(item.id);
    this.markAgent(agent);
    return agent;
  }

  /** Capacity may have appeared: the agent's campaigns get a drain. */
  markAgent(agent: AgentRecord): void {
    this.touch(agent);
    const memberships = agent.memberships;
    for (let i = 0; i < memberships.length; i++) this.markDirty(memberships[i]!.campaign);
  }

  markDirty(campaign: CampaignRecord): void {
    if (campaign.dirty) return;
    campaign.dirty = true;
    this.dirty.push(campaign);
  }

  /** Takes a campaign off the dirty list (the drain found nothing to do, or the campaign is gone). */
  settleDirty(index: number): void {
    const dirty = this.dirty;
    dirty[index]!.dirty = false;
    dirty[index] = dirty[dirty.length - 1]!;
    dirty.pop();
  }

  /** Makes `member` a membership of its agent: it joins the agent's `campaigns` and `memberships`. */
  join(member: MemberRecord): void {
    const agent = member.agent;
    agent.campaigns.add(member.campaign.config.id);
    agent.memberships.push(member);
    // a member can join while holding interactions of the campaign (added back, or handed one by a transfer)
    member.held = this.heldIn(agent, member.campaign.config.id);
  }

  /** Undoes `join`. */
  leave(member: MemberRecord): void {
    const agent = member.agent;
    agent.campaigns.delete(member.campaign.config.id);
    const i = agent.memberships.indexOf(member);
    if (i >= 0) agent.memberships.splice(i, 1);
  }

  /**
   * Records that something eligibility reads (status, on-call, loads) changed. The flags are recomputed
   * lazily, when routing next reads them, so that a handler that changes several fields in a row (release,
   * then wrap-up) is judged on the final state, whatever the order of its steps.
   */
  touch(agent: AgentRecord): void {
    if (agent.touched) return;
    agent.touched = true;
    this.touched.push(agent);
  }

  /** Brings every member's `candidate` flag and every campaign's `candidates` count up to date. */
  settleCandidates(): void {
    const touched = this.touched;
    if (touched.length === 0) return;
    for (let i = 0; i < touched.length; i++) {
      const agent = touched[i]!;
      agent.touched = false;
      const memberships = agent.memberships;
      for (let j = 0; j < memberships.length; j++) refreshCandidate(memberships[j]!.campaign, memberships[j]!);
    }
    empty(touched);
  }

  /** After the campaign's strategy, cap or members changed: every member is judged again. */
  recountCandidates(campaign: CampaignRecord): void {
    campaign.candidates = 0;
    for (const member of campaign.members) {
      member.candidate = false;
      refreshCandidate(campaign, member);
    }
  }

  enqueue(item: InteractionRecord, campaign: CampaignRecord, announce = true): void {
    item.state = 'waiting';
    item.slot = campaign.queue.insert(item.enteredAt, item.seq, item);
    const timeout = campaign.config.queueTimeoutSeconds;
    this.setTimer(item, timeout > 0 ? item.queuedAt + timeout * 1000 : null, 'queue_timeout');
    this.markDirty(campaign);
    if (announce) this.entered.push(item);
  }

  unqueue(item: InteractionRecord): void {
    if (item.slot) this.campaigns.get(item.campaignId)?.queue.remove(item.slot);
    item.slot = null;
    this.clearTimer(item);
  }

  setTimer(item: InteractionRecord, at: number | null, kind: TimerKind): void {
    this.clearTimer(item);
    if (at === null) return;
    const timer: Timer = { at, seq: this.nextSeq(), kind, subject: item.id, live: true };
    item.timer = timer;
    this.timers.push(timer);
  }

  clearTimer(item: InteractionRecord): void {
    if (item.timer) item.timer.live = false;
    item.timer = null;
  }

  setWrapupTimer(agent: AgentRecord, at: number | null): void {
    if (agent.wrapupTimer) agent.wrapupTimer.live = false;
    agent.wrapupTimer = null;
    if (at === null) return;
    const timer: Timer = { at, seq: this.nextSeq(), kind: 'wrapup_end', subject: agent.id, live: true };
    agent.wrapupTimer = timer;
    this.timers.push(timer);
  }

  /** The earliest live timer, dropping dead ones that reached the top. */
  peekTimer(): Timer | undefined {
    let top = this.timers.peek();
    while (top && !top.live) {
      this.timers.pop();
      top = this.timers.peek();
    }
    return top;
  }
}

/**
 * The path of an interaction nobody held yet, shared by all of them: every interaction record survives the
 * young generation (it waits, then is served), so each byte of it is copied by the collector.
 */
export const NO_AGENTS: readonly string[] = Object.freeze([]);

/**
 * Adds an agent to the interaction's path, as a new exact-size array: a push would reserve 16 slots in a record
 * that lives as long as the interaction, and the first path is the shared `NO_AGENTS`. Paths are short.
 */
export function extendPath(item: InteractionRecord, agentId: string): void {
  item.agentPath = item.agentPath.length === 0 ? [agentId] : [...item.agentPath, agentId];
}

/**
 * Empties a scratch array by popping: `length = 0` would drop its backing store, so the next push would allocate
 * a new one (16 slots) on every event.
 */
export function empty(array: unknown[]): void {
  while (array.length > 0) array.pop();
}

function membershipIn(agent: AgentRecord, campaignId: string): MemberRecord | undefined {
  const memberships = agent.memberships;
  for (let i = 0; i < memberships.length; i++)
    if (memberships[i]!.campaign.config.id === campaignId) return memberships[i];
  return undefined;
}

function refreshCandidate(campaign: CampaignRecord, member: MemberRecord): void {
  const candidate = autoExclusion(member.agent, campaign, 2, member.held) === null;
  if (candidate === member.candidate) return;
  member.candidate = candidate;
  campaign.candidates += candidate ? 1 : -1;
}
