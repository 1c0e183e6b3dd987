import { describe, expect, it } from 'vitest';
import { RoutingEngine } from './engine';
import { explain } from './explain';
import { campaignConfig, Harness, only } from './fixtures';
import { mulberry32 } from './rng';

const offerTimeout = { seconds: 20, pauseAfterMisses: 2 };

describe('offer timeout', () => {
  it('re-offers to the next agent when the first does not accept in time, skipping the one who missed', () => {
    const h = new Harness()
      .campaign(campaignConfig('C', ['A', 'B'], { offerTimeout, maxInteractionsPerAgent: 2 }))
      .login('A', 'B');
    const offered = only(h.arrive('o1', 'C'), 'offered')[0]!;
    expect(offered).toMatchObject({ agentId: 'A', deadline: 20_000 });
    expect(h.engine.nextDeadline()).toBe(20_000);
    const expiry = h.at(20);
    expect(only(expiry, 'offer_expired')[0]).toMatchObject({ agentId: 'A', misses: 1 });
    expect(only(expiry, 'offered')[0]).toMatchObject({ interactionId: 'o1', agentId: 'B', deadline: 40_000 });
    expect(only(h.apply({ type: 'offer_accepted', interactionId: 'o1', agentId: 'B' }), 'offer_accepted')).toHaveLength(
      1,
    );
    expect(h.engine.interaction('o1')).toMatchObject({ state: 'active', agentId: 'B', skippedAgentIds: ['A'] });
  });

  it('pauses an agent after K consecutive misses and withdraws their other offers', () => {
    const h = new Harness()
      .campaign(campaignConfig('C', ['A'], { offerTimeout, maxInteractionsPerAgent: 3 }))
      .login('A');
    h.arrive('o1', 'C');
    h.at(5);
    h.arrive('o2', 'C');
    h.at(10);
    h.arrive('o3', 'C');
    h.at(20); // o1 missed
    const second = h.at(25); // o2 missed: second in a row
    expect(only(second, 'agent_auto_paused')[0]).toMatchObject({ agentId: 'A', misses: 2 });
    expect(only(second, 'offer_withdrawn')[0]?.interactionId).toBe('o3');
    expect(h.engine.agentView('A')).toMatchObject({ status: 'paused', pauseReason: 'missed_offers', held: 0 });
    expect(h.engine.campaignQueue('C').map((q) => q.interactionId)).toEqual(['o1', 'o2', 'o3']);
  });

  it('resets the miss count on an accept', () => {
    const h = new Harness()
      .campaign(campaignConfig('C', ['A'], { offerTimeout, maxInteractionsPerAgent: 3 }))
      .login('A');
    h.arrive('o1', 'C');
    h.at(20);
    h.arrive('o2', 'C');
    h.apply({ type: 'offer_accepted', interactionId: 'o2', agentId: 'A' });
    expect(h.engine.agentView('A')?.misses).toBe(0);
  });

  it('sends a declined offer back to the head of the queue and skips the decliner for it', () => {
    const h = new Harness().campaign(campaignConfig('C', ['A', 'B'], { offerTimeout })).login('A');
    h.arrive('d1', 'C');
    h.at(1);
    h.arrive('d2', 'C');
    h.apply({ type: 'offer_declined', interactionId: 'd1', agentId: 'A' });
    // A is free again, but skipped for d1: d2 goes to A while d1 waits at the head for someone else
    expect(h.ownerOf('d2')).toBe('A');
    expect(h.engine.campaignQueue('C')[0]?.interactionId).toBe('d1');
    h.login('B');
    expect(h.ownerOf('d1')).toBe('B');
  });
});

describe('queue limits', () => {
  it('refuses arrivals beyond maxQueued as queue_full', () => {
    const h = new Harness().campaign(campaignConfig('C', ['A'], { maxQueued: 2 }));
    h.arrive('q1', 'C');
    h.arrive('q2', 'C');
    expect(only(h.arrive('q3', 'C'), 'rejected_queue_full')[0]).toMatchObject({ maxQueued: 2 });
    expect(h.engine.interaction('q3')).toBeUndefined();
  });

  it('closes an interaction waiting longer than the queue timeout as abandoned', () => {
    const h = new Harness().campaign(campaignConfig('C', ['A'], { queueTimeoutSeconds: 60 }));
    h.arrive('q1', 'C');
    expect(h.engine.nextDeadline()).toBe(60_000);
    expect(h.at(59)).toEqual([]);
    expect(only(h.at(60), 'closed')[0]).toMatchObject({
      interactionId: 'q1',
      reason: 'queue_timeout',
      abandoned: true,
    });
    expect(h.engine.nextDeadline()).toBeNull();
  });

  it('fires overdue timers before a later event, so a late tick still times out first', () => {
    const h = new Harness().campaign(campaignConfig('C', ['A'], { queueTimeoutSeconds: 30 }));
    h.arrive('q1', 'C');
    h.now = 45_000;
    const out = h.login('A').log.slice(-1);
    expect(out[0]).toMatchObject({ type: 'closed', reason: 'queue_timeout' });
    expect(h.engine.agentView('A')?.held).toBe(0);
  });

  it('counts a customer leaving while waiting as abandoned, and while active as not', () => {
    const h = new Harness().campaign(campaignConfig('C', ['A'])).login('A');
    h.arrive('a1', 'C');
    h.arrive('w1', 'C');
    expect(only(h.apply({ type: 'customer_left', interactionId: 'w1' }), 'closed')[0]).toMatchObject({
      reason: 'customer_left',
      abandoned: true,
    });
    expect(only(h.apply({ type: 'customer_left', interactionId: 'a1' }), 'closed')[0]).toMatchObject({
      reason: 'customer_left',
      abandoned: false,
      agentId: 'A',
    });
  });

  it('drains the queue the moment capacity appears: login, new member, config change', () => {
    const h = new Harness().campaign(campaignConfig('C', ['A'], { maxInteractionsPerAgent: 1 }));
    h.arrive('x1', 'C');
    h.arrive('x2', 'C');
    h.arrive('x3', 'C');
    h.login('A');
    expect(h.ownerOf('x1')).toBe('A');
    h.login('B');
    h.apply({ type: 'member_added', campaignId: 'C', agentId: 'B' });
    expect(h.ownerOf('x2')).toBe('B');
    h.campaign(campaignConfig('C', ['A', 'B'], { maxInteractionsPerAgent: 2 }));
    expect(h.ownerOf('x3')).toBe('A');
  });

  it('counts what a member added back still holds in the campaign against the cap', () => {
    const h = new Harness().campaign(campaignConfig('C', ['A'], { maxInteractionsPerAgent: 1 })).login('A');
    h.arrive('x1', 'C');
    h.apply({ type: 'member_removed', campaignId: 'C', agentId: 'A' });
    h.apply({ type: 'member_added', campaignId: 'C', agentId: 'A' });
    const arrival = h.arrive('x2', 'C');
    expect(h.ownerOf('x1')).toBe('A');
    expect(only(arrival, 'queued')[0]?.explanation.excluded).toEqual([
      { agentId: 'A', code: 'at_capacity', held: 1, max: 1 },
    ]);
  });

  it('serves the longest wait first when one agent frees capacity in two campaigns', () => {
    const h = new Harness()
      .campaign(campaignConfig('V', ['A']))
      .campaign(campaignConfig('S', ['A']))
      .login('A');
    h.arrive('busy', 'V');
    h.at(1);
    h.arrive('s-old', 'S');
    h.at(2);
    h.arrive('v-new', 'V');
    h.close('busy');
    expect(h.ownerOf('s-old')).toBe('A');
  });

  it('announces a queued interaction behind others with how many wait ahead', () => {
    const h = new Harness().campaign(campaignConfig('C', ['A']));
    h.arrive('q1', 'C');
    const second = only(h.arrive('q2', 'C'), 'queued')[0]!;
    expect(second.position).toBe(2);
    expect(explain(second)).toContain('1 older interaction wait ahead of it');
  });
});

describe('wrap-up', () => {
  it('keeps the agent out of every campaign until it ends, then drains', () => {
    const h = new Harness()
      .campaign(campaignConfig('V', ['A'], { wrapUpSeconds: 30 }))
      .campaign(campaignConfig('S', ['A']))
      .login('A');
    h.arrive('v1', 'V');
    h.at(10);
    const closed = h.close('v1');
    expect(only(closed, 'wrapup_started')[0]).toMatchObject({ until: 40_000 });
    const s1 = h.arrive('s1', 'S');
    expect(explain(only(s1, 'queued')[0]!)).toContain('agent A skipped: in wrap-up until 40000');
    expect(h.engine.nextDeadline()).toBe(40_000);
    const ended = h.at(40);
    expect(only(ended, 'wrapup_ended')[0]).toMatchObject({ early: false });
    expect(only(ended, 'assigned')[0]).toMatchObject({ interactionId: 's1', agentId: 'A' });
  });

  it('can be ended early by the agent, and a close may override the seconds', () => {
    const h = new Harness().campaign(campaignConfig('C', ['A'], { wrapUpSeconds: 30 })).login('A');
    h.arrive('c1', 'C');
    h.close('c1', 5);
    expect(h.engine.agentView('A')?.wrapupUntil).toBe(5_000);
    h.arrive('c2', 'C');
    expect(only(h.status('A', 'available'), 'wrapup_ended')[0]?.early).toBe(true);
    expect(h.ownerOf('c2')).toBe('A');
  });
});

describe('restart and resync', () => {
  it('rebuilds from a snapshot and drains on the first tick', () => {
    const h = new Harness()
      .campaign(campaignConfig('C', ['A', 'B'], { maxInteractionsPerAgent: 1, queueTimeoutSeconds: 100 }))
      .login('A');
    h.arrive('r1', 'C');
    h.arrive('r2', 'C');
    const snapshot = h.engine.snapshot();
    snapshot.agents.push({ id: 'B', status: 'available' });
    const engine = RoutingEngine.restore(snapshot, { rng: mulberry32(1) }, 10_000);
    expect(engine.agentView('A')?.held).toBe(1);
    expect(engine.nextDeadline()).toBe(100_000);
    const first = engine.apply({ type: 'tick' }, 10_000);
    expect(only(first, 'assigned')[0]).toMatchObject({ interactionId: 'r2', agentId: 'B' });
  });

  it('replaces what it believes about one interaction with database truth', () => {
    const h = new Harness().campaign(campaignConfig('C', ['A', 'B'], { maxInteractionsPerAgent: 1 })).login('A', 'B');
    h.arrive('x', 'C');
    expect(h.ownerOf('x')).toBe('A');
    // the database says B got it (the conditional write for A lost)
    h.apply({
      type: 'interaction_resynced',
      interaction: { id: 'x', campaignId: 'C', state: 'active', enteredAt: 0, agentId: 'B' },
    });
    expect(h.ownerOf('x')).toBe('B');
    expect(h.engine.agentView('A')?.held).toBe(0);
    expect(h.engine.agentView('B')?.held).toBe(1);
    h.apply({ type: 'interaction_resynced', interaction: { id: 'x', state: 'closed' } });
    expect(h.engine.interaction('x')).toBeUndefined();
    expect(h.engine.agentView('B')?.held).toBe(0);
  });
});

describe('campaign availability', () => {
  it('refuses arrivals for a disabled campaign or outside its schedule', () => {
    const engine = new RoutingEngine({ rng: mulberry32(1), isOpen: (id) => id !== 'Night' });
    engine.apply({ type: 'campaign_upserted', campaign: campaignConfig('Off', [], { enabled: false }) }, 0);
    engine.apply({ type: 'campaign_upserted', campaign: campaignConfig('Night', []) }, 0);
    expect(
      only(
        engine.apply({ type: 'interaction_arrived', interactionId: 'a', campaignId: 'Off' }, 0),
        'arrival_rejected',
      )[0]?.reason,
    ).toBe('campaign_disabled');
    expect(
      only(
        engine.apply({ type: 'interaction_arrived', interactionId: 'b', campaignId: 'Night' }, 0),
        'arrival_rejected',
      )[0]?.reason,
    ).toBe('out_of_schedule');
  });

  it('closes waiting interactions as out_of_schedule when the schedule closes, keeping active ones', () => {
    const h = new Harness().campaign(campaignConfig('C', ['A'])).login('A');
    h.arrive('act', 'C');
    h.arrive('wait', 'C');
    const closed = only(h.apply({ type: 'schedule_closed', campaignId: 'C' }), 'closed');
    expect(closed.map((d) => [d.interactionId, d.reason])).toEqual([['wait', 'out_of_schedule']]);
    expect(h.ownerOf('act')).toBe('A');
  });
});
