import { describe, expect, it } from 'vitest';
import { OpenConversations } from './open-conversations';

const ana = { id: 'i1', campaign_id: 'c1', owner_agent_id: 'ana' };

describe('the open-conversation index', () => {
  it('keeps what a committed read found, by provider and conversation', () => {
    const index = new OpenConversations();
    index.remember('p1', 'conv', ana, index.stamp());
    expect(index.get('p1', 'conv')).toEqual(ana);
    expect(index.get('p2', 'conv')).toBeUndefined();
  });

  it('drops a read when any interaction was written after it: the row may have changed since', () => {
    const index = new OpenConversations();
    const stamp = index.stamp();
    index.forget('some-other-interaction');
    index.remember('p1', 'conv', ana, stamp);
    expect(index.get('p1', 'conv')).toBeUndefined();
  });

  it('forgets an interaction written to (new owner, closed), so the next message reads the database', () => {
    const index = new OpenConversations();
    index.remember('p1', 'conv', ana, index.stamp());
    index.forget('i1');
    expect(index.get('p1', 'conv')).toBeUndefined();
    expect(index.size).toBe(0);
  });

  it('starts over when full instead of growing without bound', () => {
    const index = new OpenConversations(2);
    for (const n of [1, 2, 3]) index.remember('p1', `c${n}`, { ...ana, id: `i${n}` }, index.stamp());
    expect(index.size).toBe(1);
    expect(index.get('p1', 'c3')?.id).toBe('i3');
  });
});
