import { describe, expect, it } from 'vitest';
import { campaignConfig, Harness, only } from './fixtures';

/** Campaign C, cap 1, agents A and B; A holds i1, i2 waits behind it. */
function busy(): Harness {
  const h = new Harness().campaign(campaignConfig('C', ['A', 'B'])).login('A');
  h.arrive('i1', 'C');
  h.arrive('i2', 'C');
  expect(h.ownerOf('i1')).toBe('A');
  expect(h.engine.interaction('i2')?.state).toBe('waiting');
  return h;
}

describe('take-over as a routing state', () => {
  it('frees the former agent at once: what waits is routed to them, and the taken-over one counts for nobody', () => {
    const h = busy();
    const out = h.apply({ type: 'interaction_taken_over', interactionId: 'i1', staffId: 'S' });
    expect(only(out, 'taken_over')).toEqual([
      { type: 'taken_over', interactionId: 'i1', campaignId: 'C', staffId: 'S', fromAgentId: 'A' },
    ]);
    expect(only(out, 'assigned')[0]).toMatchObject({ interactionId: 'i2', agentId: 'A' });
    expect(h.engine.interaction('i1')).toMatchObject({ state: 'taken_over', agentId: null, staffId: 'S' });
    expect(h.engine.agentView('A')?.held).toBe(1);
    expect(h.engine.agentView('S')).toBeUndefined();
  });

  it('is still open and attended: a schedule close leaves it, the customer leaving is no abandon', () => {
    const h = busy();
    h.apply({ type: 'interaction_taken_over', interactionId: 'i1', staffId: 'S' });
    h.status('A', 'paused', 'break');
    h.arrive('i3', 'C');
    const closed = only(h.apply({ type: 'schedule_closed', campaignId: 'C' }), 'closed');
    expect(closed.map((d) => d.interactionId)).toEqual(['i3']);
    expect(h.engine.interaction('i1')?.state).toBe('taken_over');
    expect(only(h.apply({ type: 'customer_left', interactionId: 'i1' }), 'closed')).toEqual([
      { type: 'closed', interactionId: 'i1', campaignId: 'C', reason: 'customer_left', agentId: 'S', abandoned: false },
    ]);
  });

  it('is closed only by its holder, without a wrap-up for anyone', () => {
    const h = busy();
    h.apply({ type: 'interaction_taken_over', interactionId: 'i1', staffId: 'S' });
    expect(only(h.apply({ type: 'interaction_closed', interactionId: 'i1', agentId: 'A' }), 'closed')).toEqual([]);
    const out = h.apply({ type: 'interaction_closed', interactionId: 'i1', agentId: 'S', wrapUpSeconds: 30 });
    expect(only(out, 'closed')[0]).toMatchObject({ reason: 'agent', agentId: 'S' });
    expect(only(out, 'wrapup_started')).toEqual([]);
  });

  it('refuses to take over what is not active or already taken over, and cancels a pending transfer', () => {
    const h = busy();
    expect(
      only(h.apply({ type: 'interaction_taken_over', interactionId: 'i2', staffId: 'S' }), 'supervision_rejected')[0],
    ).toMatchObject({ reason: 'not_active' });
    h.login('B');
    h.apply({ type: 'transfer_to_agent', interactionId: 'i1', fromAgentId: 'A', toAgentId: 'B' });
    h.apply({ type: 'interaction_taken_over', interactionId: 'i1', staffId: 'S' });
    expect(h.engine.interaction('i1')?.transfer).toBeNull();
    expect(
      only(h.apply({ type: 'transfer_accepted', interactionId: 'i1', agentId: 'B' }), 'transfer_accept_rejected'),
    ).toHaveLength(1);
    expect(
      only(h.apply({ type: 'interaction_taken_over', interactionId: 'i1', staffId: 'T' }), 'supervision_rejected')[0],
    ).toMatchObject({ reason: 'not_active' });
  });
});

describe('release, supervisor assign and move', () => {
  it('releases back to the queue at its entry-time place, ahead of later arrivals', () => {
    const h = busy();
    h.apply({ type: 'interaction_taken_over', interactionId: 'i1', staffId: 'S' });
    h.arrive('i3', 'C');
    expect(
      only(h.apply({ type: 'takeover_released', interactionId: 'i1', staffId: 'T' }), 'supervision_rejected')[0],
    ).toMatchObject({ reason: 'not_taken_over' });
    const out = h.apply({ type: 'takeover_released', interactionId: 'i1', staffId: 'S' });
    expect(only(out, 'takeover_released')[0]).toMatchObject({ toAgentId: null });
    expect(h.engine.campaignQueue('C').map((q) => q.interactionId)).toEqual(['i1', 'i3']);
  });

  it('releases to an agent only within their cap and membership', () => {
    const h = busy();
    h.apply({ type: 'interaction_taken_over', interactionId: 'i1', staffId: 'S' });
    const rejected = (agentId: string) =>
      only(
        h.apply({ type: 'takeover_released', interactionId: 'i1', staffId: 'S', toAgentId: agentId }),
        'supervision_rejected',
      )[0]?.reason;
    expect(rejected('A')).toBe('at_capacity');
    expect(rejected('Z')).toBe('not_member');
    expect(rejected('B')).toBe('not_eligible'); // offline
    h.login('B');
    expect(only(h.arrive('i9', 'C'), 'assigned')[0]).toMatchObject({ agentId: 'B' });
    h.close('i9', 0);
    h.status('B', 'paused', 'break');
    expect(rejected('B')).toBeUndefined();
    expect(h.engine.interaction('i1')).toMatchObject({ state: 'active', agentId: 'B', staffId: null });
  });

  it('assigns a waiting interaction to a chosen member under the cap, and moves an active one', () => {
    const h = new Harness().campaign(campaignConfig('C', ['A', 'B'], { maxInteractionsPerAgent: 2 })).login('A');
    h.status('B', 'paused', 'break');
    h.status('A', 'paused', 'break');
    h.arrive('i1', 'C');
    h.arrive('i2', 'C');
    h.arrive('i3', 'C');
    expect(
      only(h.apply({ type: 'supervisor_assigned', interactionId: 'i1', agentId: 'B' }), 'supervisor_assigned'),
    ).toHaveLength(1);
    h.apply({ type: 'supervisor_assigned', interactionId: 'i2', agentId: 'B' });
    expect(
      only(h.apply({ type: 'supervisor_assigned', interactionId: 'i3', agentId: 'B' }), 'supervision_rejected')[0],
    ).toMatchObject({ reason: 'at_capacity' });
    expect(
      only(h.apply({ type: 'supervisor_assigned', interactionId: 'i1', agentId: 'A' }), 'supervision_rejected')[0],
    ).toMatchObject({ reason: 'not_waiting' });

    const moved = h.apply({ type: 'interaction_moved', interactionId: 'i1', toAgentId: 'A' });
    expect(only(moved, 'moved')).toEqual([
      { type: 'moved', interactionId: 'i1', campaignId: 'C', fromAgentId: 'B', toAgentId: 'A' },
    ]);
    expect(h.engine.agentView('A')?.held).toBe(1);
    expect(h.engine.agentView('B')?.held).toBe(1);
    expect(
      only(h.apply({ type: 'interaction_moved', interactionId: 'i1', toAgentId: 'A' }), 'supervision_rejected')[0],
    ).toMatchObject({ reason: 'same_agent' });
  });
});
