import { describe, expect, it } from 'vitest';
import { explain } from './explain';
import { campaignConfig, Harness, only } from './fixtures';

// The routing acceptance scenarios: campaign C, agents A, B, C added in that order, penalties 0, all Available
// unless stated.

describe('scenario 5: incall', () => {
  it('assigns to the free agent, auto-pauses them without a break, and gives them the next one after the close', () => {
    const h = new Harness()
      .campaign(campaignConfig('C', ['A', 'B', 'C'], { strategy: 'incall', maxInteractionsPerAgent: 3 }))
      .login('A', 'B', 'C');
    h.apply({ type: 'agent_on_call_changed', agentId: 'B', onCall: true });
    h.status('C', 'paused', 'break');

    expect(only(h.arrive('i1', 'C'), 'assigned')[0]?.agentId).toBe('A');
    expect(h.engine.agentView('A')).toMatchObject({ status: 'available', autoPaused: true, pauseReason: null });

    const second = h.arrive('i2', 'C');
    const queued = only(second, 'queued')[0]!;
    expect(queued.position).toBe(1);
    const text = explain(queued);
    expect(text).toContain('agent A skipped: auto-paused by an incall interaction');
    expect(text).toContain('agent B skipped: on a call');
    expect(text).toContain('agent C skipped: paused (break)');

    const afterClose = h.close('i1');
    expect(h.engine.agentView('A')?.autoPaused).toBe(true);
    expect(only(afterClose, 'assigned')[0]).toMatchObject({ interactionId: 'i2', agentId: 'A' });
  });
});

describe('scenario 6: interaction strategy', () => {
  it('gives one interaction per agent even with max 5, and skips an agent busy in another campaign', () => {
    const h = new Harness()
      .campaign(campaignConfig('C', ['A', 'B'], { strategy: 'interaction', maxInteractionsPerAgent: 5 }))
      .campaign(campaignConfig('Other', ['B'], { strategy: 'nocall', maxInteractionsPerAgent: 5 }))
      .login('A', 'B');
    h.arrive('x1', 'C');
    h.arrive('x2', 'C');
    h.arrive('x3', 'C');
    expect([h.ownerOf('x1'), h.ownerOf('x2'), h.ownerOf('x3')]).toEqual(['A', 'B', null]);
    expect(h.engine.campaignQueue('C').map((q) => q.interactionId)).toEqual(['x3']);

    // a fresh pair: B already holds one interaction in Other, so only A is eligible in C
    const g = new Harness()
      .campaign(campaignConfig('C', ['A', 'B'], { strategy: 'interaction', maxInteractionsPerAgent: 5 }))
      .campaign(campaignConfig('Other', ['B'], { strategy: 'nocall', maxInteractionsPerAgent: 5 }))
      .login('A', 'B');
    g.arrive('o1', 'Other');
    expect(g.ownerOf('o1')).toBe('B');
    g.arrive('y1', 'C');
    const y2 = g.arrive('y2', 'C');
    expect(g.ownerOf('y1')).toBe('A');
    expect(explain(only(y2, 'queued')[0]!)).toContain('agent B skipped: busy (holds 1)');
  });
});

function ringallQueue(strategy: 'ringall' | 'ringallmultiple', max = 1): Harness {
  const h = new Harness()
    .campaign(campaignConfig('C', ['A', 'B', 'C'], { strategy, maxInteractionsPerAgent: max }))
    .login('A', 'B', 'C');
  h.at(0);
  h.arrive('q0', 'C');
  h.at(10);
  h.arrive('q10', 'C');
  h.at(20);
  h.arrive('q20', 'C');
  return h;
}

describe('scenario 7: ringall (manual)', () => {
  it('shows the oldest as Pending, allows only the oldest, then nothing more until the close', () => {
    const h = ringallQueue('ringall');
    expect(h.log.filter((d) => d.type === 'assigned' || d.type === 'offered')).toEqual([]);
    expect(h.engine.waitingVisibleTo('A').map((p) => [p.interactionId, p.takeable])).toEqual([['q0', true]]);

    expect(only(h.take('q10', 'A'), 'take_rejected')[0]?.reason).toBe('not_oldest');
    expect(only(h.take('q0', 'A'), 'taken')).toHaveLength(1);
    expect(only(h.take('q10', 'A'), 'take_rejected')[0]?.reason).toBe('at_capacity');
    h.close('q0');
    expect(only(h.take('q10', 'A'), 'taken')).toHaveLength(1);
  });

  it('lets the first of two simultaneous takes win and answers the second with already_taken', () => {
    const h = ringallQueue('ringall');
    expect(only(h.take('q0', 'A'), 'taken')).toHaveLength(1);
    expect(only(h.take('q0', 'B'), 'take_rejected')[0]?.reason).toBe('already_taken');
    expect(h.ownerOf('q0')).toBe('A');
  });
});

describe('scenario 8: ringallmultiple', () => {
  it('allows any order up to the campaign maximum and never auto-assigns', () => {
    const h = ringallQueue('ringallmultiple', 2);
    expect(h.engine.waitingVisibleTo('A').map((p) => p.interactionId)).toEqual(['q0', 'q10', 'q20']);
    expect(only(h.take('q20', 'A'), 'taken')).toHaveLength(1);
    expect(only(h.take('q0', 'A'), 'taken')).toHaveLength(1);
    const third = only(h.take('q10', 'A'), 'take_rejected')[0];
    expect(third?.reason).toBe('at_capacity');
    expect(h.log.some((d) => d.type === 'assigned' || d.type === 'offered')).toBe(false);
  });

  it('rejects takes from non-members and paused agents with typed reasons', () => {
    const h = ringallQueue('ringallmultiple', 2);
    h.status('B', 'paused', 'lunch');
    expect(only(h.take('q0', 'Z'), 'take_rejected')[0]?.reason).toBe('not_member');
    expect(only(h.take('q0', 'B'), 'take_rejected')[0]).toMatchObject({
      reason: 'not_eligible',
      detail: 'paused (lunch)',
    });
    expect(only(h.take('nope', 'A'), 'take_rejected')[0]?.reason).toBe('not_waiting');
  });
});

describe('scenario 12: linear', () => {
  it('sends every arrival to A while A is eligible, then to B, and follows a reorder immediately', () => {
    const h = new Harness()
      .campaign(campaignConfig('C', ['A', 'B', 'C'], { deliveryMode: 'linear', maxInteractionsPerAgent: 2 }))
      .login('A', 'B', 'C');
    h.arrive('l1', 'C');
    h.arrive('l2', 'C');
    const third = h.arrive('l3', 'C');
    expect([h.ownerOf('l1'), h.ownerOf('l2'), h.ownerOf('l3')]).toEqual(['A', 'A', 'B']);
    expect(explain(only(third, 'assigned')[0]!)).toContain('agent A skipped: at capacity 2/2 in C');

    h.apply({ type: 'members_reordered', campaignId: 'C', agentIds: ['C', 'A', 'B'] });
    h.arrive('l4', 'C');
    expect(h.ownerOf('l4')).toBe('C');
  });
});

describe('scenario 19: transfer with max transfer time', () => {
  it('returns an untaken transfer to the transferring agent after 60 s with path A, B, A', () => {
    const h = new Harness()
      .campaign(campaignConfig('C', ['A', 'B'], { maxTransferSeconds: 60, maxInteractionsPerAgent: 3 }))
      .login('A', 'B');
    h.arrive('t1', 'C');
    expect(h.ownerOf('t1')).toBe('A');
    h.at(5);
    const requested = h.apply({ type: 'transfer_to_agent', interactionId: 't1', fromAgentId: 'A', toAgentId: 'B' });
    expect(only(requested, 'transfer_requested')[0]?.deadline).toBe(65_000);
    expect(h.engine.nextDeadline()).toBe(65_000);
    expect(h.at(64)).toEqual([]);
    const back = only(h.at(65), 'transfer_returned')[0];
    expect(back).toMatchObject({ agentId: 'A', targetAgentId: 'B', reason: 'timeout', agentPath: ['A', 'B', 'A'] });
    expect(h.ownerOf('t1')).toBe('A');
  });

  it('moves the interaction to B when B accepts in time', () => {
    const h = new Harness().campaign(campaignConfig('C', ['A', 'B'], { maxTransferSeconds: 60 })).login('A', 'B');
    h.arrive('t1', 'C');
    h.apply({ type: 'transfer_to_agent', interactionId: 't1', fromAgentId: 'A', toAgentId: 'B' });
    h.at(30);
    expect(
      only(h.apply({ type: 'transfer_accepted', interactionId: 't1', agentId: 'B' }), 'transfer_accepted'),
    ).toHaveLength(1);
    expect(h.ownerOf('t1')).toBe('B');
    expect(h.engine.agentView('A')?.held).toBe(0);
    expect(h.engine.nextDeadline()).toBeNull();
  });

  it('queues a transfer to campaign Soporte with its original entry time, ahead of later arrivals', () => {
    const h = new Harness()
      .campaign(campaignConfig('Ventas', ['A']))
      .campaign(campaignConfig('Soporte', ['S']))
      .login('A', 'S');
    h.at(0);
    h.arrive('v1', 'Ventas');
    h.at(10);
    h.arrive('s1', 'Soporte'); // S takes it
    h.at(20);
    h.arrive('s2', 'Soporte'); // waits behind nobody, entered at 20 s
    h.at(30);
    const moved = h.apply({
      type: 'transfer_to_campaign',
      interactionId: 'v1',
      fromAgentId: 'A',
      campaignId: 'Soporte',
    });
    expect(only(moved, 'transferred_to_campaign')[0]).toMatchObject({
      fromCampaignId: 'Ventas',
      toCampaignId: 'Soporte',
      enteredAt: 0,
    });
    expect(h.engine.campaignQueue('Soporte').map((q) => [q.interactionId, q.enteredAt])).toEqual([
      ['v1', 0],
      ['s2', 20_000],
    ]);
    h.close('s1');
    expect(h.ownerOf('v1')).toBe('S');
    expect(h.engine.interaction('v1')?.campaignPath).toEqual(['Ventas', 'Soporte']);
  });
});
