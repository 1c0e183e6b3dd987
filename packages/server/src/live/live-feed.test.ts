import type { LiveEvent, LiveEventBody } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { LiveFeed, type Viewer } from './live-feed';

/** The n-th message of one interaction, told apart by its id. */
const message = (n: number): LiveEventBody => ({
  type: 'message',
  data: { interactionId: 'i1', messageId: `m${n}`, direction: 'in', author: 'customer' },
});
const numbers = (events: LiveEvent[] | null) =>
  events?.map((e) => (e.type === 'message' ? Number(e.data.messageId.slice(1)) : null));

const agent = (id: string): Viewer => ({ id, role: 'agent', scope: new Set() });
const supervisor = (...campaigns: string[]): Viewer => ({ id: 's', role: 'supervisor', scope: new Set(campaigns) });
const admin: Viewer = { id: 'a', role: 'administrator', scope: new Set() };

describe('live feed', () => {
  const members = new Map([['c1', new Set(['ana'])]]);
  const feed = () => new LiveFeed(5, (c) => members.get(c) ?? new Set());

  it('lets each viewer see only what D8 allows', () => {
    const f = feed();
    const queue = { agentIds: [], campaignMembers: 'c1', staffCampaign: undefined };
    expect(f.sees(agent('ana'), queue)).toBe(true);
    expect(f.sees(agent('bruno'), queue)).toBe(false);
    expect(f.sees(admin, queue)).toBe(false);
    const monitor = { agentIds: [], campaignMembers: null, staffCampaign: 'c1' };
    expect(f.sees(supervisor('c1'), monitor)).toBe(true);
    expect(f.sees(supervisor('c2'), monitor)).toBe(false);
    expect(f.sees({ id: 's', role: 'supervisor', scope: 'all' }, monitor)).toBe(true);
    expect(f.sees({ id: 's', role: 'supervisor', scope: 'all' }, { ...monitor, staffCampaign: null })).toBe(false);
    expect(f.sees(admin, monitor)).toBe(true);
    expect(f.sees(agent('ana'), monitor)).toBe(false);
    expect(f.sees(agent('bruno'), { agentIds: ['bruno'], campaignMembers: null, staffCampaign: null })).toBe(true);
  });

  it('replays exactly what a viewer missed, and asks for a resync once the ring no longer reaches back', () => {
    const f = feed();
    const toAna = { agentIds: ['ana'], campaignMembers: null, staffCampaign: null };
    const toBruno = { agentIds: ['bruno'], campaignMembers: null, staffCampaign: null };
    f.append(message(1), toAna, 1);
    f.append(message(2), toBruno, 2);
    f.append(message(3), toAna, 3);
    expect(numbers(f.replay(agent('ana'), 1))).toEqual([3]);
    expect(numbers(f.replay(agent('ana'), 0))).toEqual([1, 3]);
    expect(f.replay(agent('ana'), 3)).toEqual([]);
    for (let i = 4; i <= 9; i++) f.append(message(i), toAna, i);
    expect(f.replay(agent('ana'), 1)).toBeNull();
    expect(numbers(f.replay(agent('ana'), 4))).toEqual([5, 6, 7, 8, 9]);
  });

  it('gives a held socket what followed its position, across gaps in the numbering, until the ring drops some', () => {
    const f = feed();
    const toAna = { agentIds: ['ana'], campaignMembers: null, staffCampaign: null };
    // Numbered by the cluster's stream: growing, not consecutive. A fresh node's ring starts empty.
    const held = f.lastSeq;
    f.append(message(1), toAna, 1, 1_000);
    f.append(message(2), toAna, 2, 1_500);
    expect(numbers(f.after(agent('ana'), held))).toEqual([1, 2]);
    expect(numbers(f.after(agent('ana'), 1_000))).toEqual([2]);
    expect(f.after(agent('bruno'), held)).toEqual([]);
    for (let i = 3; i <= 6; i++) f.append(message(i), toAna, i, 1_500 + i);
    // Capacity 5: message 1 has left the ring, so a socket held from before it cannot be served exactly.
    expect(f.after(agent('ana'), held)).toBeNull();
    expect(numbers(f.after(agent('ana'), 1_000))).toEqual([2, 3, 4, 5, 6]);
  });

  it('holds exactly the last `capacity` events however many went through, and their audiences', () => {
    const f = feed();
    const toAna = { agentIds: ['ana'], campaignMembers: null, staffCampaign: null };
    const toBruno = { agentIds: ['bruno'], campaignMembers: null, staffCampaign: null };
    // Many times the capacity (5), so the ring's front is cut off several times on the way.
    for (let i = 1; i <= 23; i++) {
      f.append(message(i), i % 2 === 0 ? toBruno : toAna, i);
      const since = Math.max(0, i - 5);
      const held = Array.from({ length: i - since }, (_, k) => since + 1 + k);
      expect(numbers(f.replay(agent('ana'), since))).toEqual(held.filter((n) => n % 2 === 1));
      if (i > 5) expect(f.replay(agent('ana'), since - 1)).toBeNull();
    }
    expect(numbers(f.after(agent('bruno'), 18))).toEqual([20, 22]);
    expect(f.after(agent('bruno'), 17)).toBeNull();
    expect(f.audienceOf(19)).toBe(toAna);
    expect(f.audienceOf(18)).toBeUndefined();
  });
});
