import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveEvent } from '../../test/live-events';
import { supervisorKeys } from '../api/keys';
import { LiveInvalidator } from './live-invalidator';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const event = liveEvent;

function setup() {
  const client = new QueryClient();
  const spy = vi.spyOn(client, 'invalidateQueries');
  const keys = () => spy.mock.calls.map((c) => c[0]?.queryKey);
  return { invalidator: new LiveInvalidator(client), keys, spy };
}

describe('LiveInvalidator', () => {
  it('coalesces a burst into one refetch of monitoring and of each transcript it touched', () => {
    const { invalidator, keys } = setup();
    invalidator.handle(event(1, 'interaction.changed', { interactionId: 'i1' }));
    invalidator.handle(event(2, 'message', { interactionId: 'i2' }));
    invalidator.handle(event(3, 'message', { interactionId: 'i2' }));
    invalidator.handle(event(4, 'agent.status', { agentId: 'a1' }));
    vi.advanceTimersByTime(299);
    expect(keys()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(keys()).toEqual([
      supervisorKeys.monitoring,
      supervisorKeys.interaction('i1'),
      supervisorKeys.interaction('i2'),
    ]);
  });

  it("refetches monitoring and the rated conversation's transcript when a customer answers the survey", () => {
    const { invalidator, keys } = setup();
    invalidator.handle(event(1, 'satisfaction.answered', { interactionId: 'i7', score: 5 }));
    vi.advanceTimersByTime(300);
    expect(keys()).toEqual([supervisorKeys.monitoring, supervisorKeys.interaction('i7')]);
  });

  it('is not postponed forever by a steady stream of events', () => {
    const { invalidator, keys } = setup();
    for (let i = 0; i < 10; i += 1) {
      invalidator.handle(event(i, 'agent.status'));
      vi.advanceTimersByTime(100);
    }
    expect(keys().length).toBeGreaterThanOrEqual(3);
  });

  it('leaves monitoring alone for message traffic, refetches everything on resync, and stops when disposed', () => {
    const { invalidator, keys, spy } = setup();
    invalidator.handle(event(1, 'message.status', { interactionId: 'i3' }));
    vi.advanceTimersByTime(300);
    expect(keys()).toEqual([supervisorKeys.interaction('i3')]);

    spy.mockClear();
    invalidator.handle(event(2, 'agent.status'));
    invalidator.handle(event(3, 'resync'));
    expect(keys()).toEqual([supervisorKeys.all]);
    vi.advanceTimersByTime(1000);
    expect(keys()).toEqual([supervisorKeys.all]);

    spy.mockClear();
    invalidator.handle(event(4, 'agent.status'));
    invalidator.dispose();
    vi.advanceTimersByTime(1000);
    expect(keys()).toEqual([]);
  });
});
