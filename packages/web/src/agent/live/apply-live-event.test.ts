import { QueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { liveEvent } from '../../test/live-events';
import { agentKeys } from '../api/keys';
import { applyLiveEvent } from './apply-live-event';
import { TakeoverStore } from './takeovers';
import { WhisperStore } from './whispers';

const event = liveEvent;

function setup() {
  const client = new QueryClient();
  client.setQueryData(agentKeys.inbox, { active: [] });
  client.setQueryData(agentKeys.interaction('i1'), { interaction: { id: 'i1' } });
  const takeovers = new TakeoverStore();
  const apply = (e: LiveEvent) => applyLiveEvent(e, client, new WhisperStore(), takeovers);
  const stale = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated ?? false;
  return { client, takeovers, apply, stale };
}

describe('a take-over on the live channel', () => {
  it('records who took it and when, refreshes the inbox and leaves the conversation unread', () => {
    const { takeovers, apply, stale } = setup();
    apply(event(1, 'interaction.taken_over', { interactionId: 'i1', byUserId: 's1', byName: 'Sofía', at: 500 }));
    expect(takeovers.get('i1')).toEqual({ interactionId: 'i1', by: 'Sofía', byUserId: 's1', at: 500 });
    expect(stale(agentKeys.inbox)).toBe(true);
    expect(stale(agentKeys.interaction('i1'))).toBe(false);
  });

  it("keeps the notice while the supervisor holds it, and drops it once it is someone else's again", () => {
    const { takeovers, apply, stale } = setup();
    apply(event(1, 'interaction.taken_over', { interactionId: 'i1', byUserId: 's1', byName: 'Sofía', at: 500 }));
    apply(event(2, 'inbox.changed', { interactionId: 'i1', status: 'active', ownerAgentId: 's1' }));
    expect(takeovers.get('i1')).not.toBeNull();
    expect(stale(agentKeys.interaction('i1'))).toBe(false);

    apply(event(3, 'inbox.changed', { interactionId: 'i1', status: 'offered', ownerAgentId: 'a1' }));
    expect(takeovers.get('i1')).toBeNull();
    expect(stale(agentKeys.interaction('i1'))).toBe(true);
  });
});

describe('a message on the live channel', () => {
  it('refreshes the inbox too, so the card shows the new preview and unread count', () => {
    const { apply, stale } = setup();
    apply(event(1, 'message', { interactionId: 'i2', messageId: 'm9', direction: 'in', author: 'customer' }));
    expect(stale(agentKeys.inbox)).toBe(true);
  });

  it('leaves the inbox alone for a downloaded file or a whisper', () => {
    const { apply, stale } = setup();
    apply(event(1, 'message', { interactionId: 'i1', messageId: 'm9', direction: 'in', updated: true }));
    apply(event(2, 'message', { interactionId: 'i1', messageId: 'w1', direction: 'internal', author: 'supervisor' }));
    expect(stale(agentKeys.inbox)).toBe(false);
    expect(stale(agentKeys.interaction('i1'))).toBe(true);
  });
});
