import { describe, expect, it } from 'vitest';
import { explain } from './explain';
import { campaignConfig, Harness, only } from './fixtures';

describe('wrandom', () => {
  it('gives a penalty-0 member markedly more than a penalty-100 member with a seeded RNG', () => {
    const h = new Harness(42).campaign(
      campaignConfig('C', ['low', 'high'], {
        deliveryMode: 'wrandom',
        maxInteractionsPerAgent: 1,
        members: [
          { agentId: 'low', penalty: 0, position: 1 },
          { agentId: 'high', penalty: 100, position: 2 },
        ],
      }),
    );
    h.login('low', 'high');
    const counts: Record<string, number> = { low: 0, high: 0 };
    for (let i = 0; i < 2000; i++) {
      const decision = only(h.arrive(`w${i}`, 'C'), 'assigned')[0]!;
      counts[decision.agentId]!++;
      h.close(`w${i}`);
    }
    // weights 101 : 1 → about 99 % to the skilled agent
    expect(counts.low).toBeGreaterThan(1900);
    expect(counts.high).toBeGreaterThan(0);
  });

  it('is deterministic for the same seed', () => {
    const run = (seed: number) => {
      const h = new Harness(seed)
        .campaign(campaignConfig('C', ['A', 'B', 'C'], { deliveryMode: 'wrandom', maxInteractionsPerAgent: 5 }))
        .login('A', 'B', 'C');
      for (let i = 0; i < 30; i++) h.arrive(`x${i}`, 'C');
      return only(h.log, 'assigned')
        .map((d) => d.agentId)
        .join('');
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
  });

  it('explains the draw', () => {
    const h = new Harness(3).campaign(campaignConfig('C', ['A', 'B'], { deliveryMode: 'wrandom' })).login('A', 'B');
    expect(explain(only(h.arrive('i', 'C'), 'assigned')[0]!)).toMatch(/by wrandom \(weight 101 of 202\)/);
  });
});

describe('rrmemory', () => {
  it('rotates through the members, remembering the last one across closes', () => {
    const h = new Harness()
      .campaign(campaignConfig('C', ['A', 'B', 'C'], { deliveryMode: 'rrmemory', maxInteractionsPerAgent: 3 }))
      .login('A', 'B', 'C');
    const owners: string[] = [];
    for (let i = 0; i < 7; i++) {
      owners.push(only(h.arrive(`r${i}`, 'C'), 'assigned')[0]!.agentId);
      h.close(`r${i}`);
    }
    expect(owners.join('')).toBe('ABCABCA');
  });

  it('skips an ineligible member and explains who came before', () => {
    const h = new Harness()
      .campaign(campaignConfig('C', ['A', 'B', 'C'], { deliveryMode: 'rrmemory', maxInteractionsPerAgent: 3 }))
      .login('A', 'B', 'C');
    h.arrive('r1', 'C'); // A
    h.status('B', 'paused', 'lunch');
    const d = only(h.arrive('r2', 'C'), 'assigned')[0]!;
    expect(d.agentId).toBe('C');
    const text = explain(d);
    expect(text).toContain('chose C by rrmemory (after A)');
    expect(text).toContain('agent B skipped: paused (lunch)');
  });
});

describe('linear tie-breaks', () => {
  it('breaks equal positions by lower load, then longest idle', () => {
    const h = new Harness().campaign(
      campaignConfig('C', [], {
        deliveryMode: 'linear',
        maxInteractionsPerAgent: 3,
        members: [
          { agentId: 'A', penalty: 0, position: 1 },
          { agentId: 'B', penalty: 0, position: 1 },
        ],
      }),
    );
    h.login('A', 'B');
    h.arrive('i1', 'C'); // both idle since 0: member order → A
    expect(h.ownerOf('i1')).toBe('A');
    const second = only(h.arrive('i2', 'C'), 'assigned')[0]!;
    expect(second.agentId).toBe('B');
    expect(second.explanation.tieBreak).toBe('lower_load');
    h.at(10);
    h.close('i1'); // A idle since 10 s
    h.at(20);
    h.close('i2'); // B idle since 20 s
    const third = only(h.arrive('i3', 'C'), 'assigned')[0]!;
    expect(third.agentId).toBe('A');
    expect(third.explanation.tieBreak).toBe('longest_idle');
  });
});

describe('omni', () => {
  it('prefers a free agent, and when everyone is busy hands it to anyone under the cap', () => {
    const h = new Harness()
      .campaign(campaignConfig('C', ['A', 'B'], { strategy: 'omni', maxInteractionsPerAgent: 2 }))
      .login('A', 'B');
    h.arrive('o1', 'C');
    h.arrive('o2', 'C');
    expect([h.ownerOf('o1'), h.ownerOf('o2')]).toEqual(['A', 'B']);
    const third = only(h.arrive('o3', 'C'), 'assigned')[0]!;
    expect(third.explanation.phase).toBe(2);
    expect(explain(third)).toContain('omni: no free agent');
    h.arrive('o4', 'C');
    expect(only(h.arrive('o5', 'C'), 'queued')).toHaveLength(1);
  });

  it('skips an agent on a call in phase 1 only', () => {
    const h = new Harness()
      .campaign(campaignConfig('C', ['A', 'B'], { strategy: 'omni', maxInteractionsPerAgent: 2 }))
      .login('A', 'B');
    h.apply({ type: 'agent_on_call_changed', agentId: 'A', onCall: true });
    h.arrive('o1', 'C');
    expect(h.ownerOf('o1')).toBe('B');
    h.arrive('o2', 'C');
    expect(h.ownerOf('o2')).toBe('A');
  });
});

describe('nopause', () => {
  it('still assigns to an agent auto-paused by an incall interaction (wording b)', () => {
    const h = new Harness()
      .campaign(campaignConfig('Calls', ['A'], { strategy: 'incall' }))
      .campaign(campaignConfig('Chat', ['A'], { strategy: 'nopause', maxInteractionsPerAgent: 2 }))
      .campaign(campaignConfig('Plain', ['A'], { strategy: 'nocall', maxInteractionsPerAgent: 2 }))
      .login('A');
    h.arrive('c1', 'Calls');
    h.arrive('p1', 'Plain');
    h.arrive('n1', 'Chat');
    expect([h.ownerOf('c1'), h.ownerOf('p1'), h.ownerOf('n1')]).toEqual(['A', null, 'A']);
  });
});
