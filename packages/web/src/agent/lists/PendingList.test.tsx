// @vitest-environment jsdom
import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PendingEntry } from '@switchboard/protocol';
import { renderWithProviders } from '../../test/render';
import { PendingList } from './PendingList';

const T0 = Date.UTC(2025, 0, 6, 12, 0, 0);

const entry = (over: Partial<PendingEntry>): PendingEntry => ({
  interactionId: 'i1',
  campaignId: 'c1',
  campaignName: 'Ventas',
  customerNumber: '+598 99 *** 123',
  customerName: null,
  enteredAt: T0,
  takeable: true,
  ...over,
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

describe('PendingList', () => {
  it('shows each waiting time as mm:ss and ticks every second', () => {
    renderWithProviders(
      <PendingList
        pending={[
          entry({ interactionId: 'new', enteredAt: T0 - 5_000, customerName: 'Lucía' }),
          entry({ interactionId: 'old', enteredAt: T0 - 61_000 }),
        ]}
        manualCampaignIds={new Set()}
        takingId={null}
        onTake={() => {}}
      />,
    );
    const items = screen.getAllByTestId('pending-item');
    // Oldest first, as the queue serves them.
    expect(items.map((i) => i.getAttribute('data-interaction-id'))).toEqual(['old', 'new']);
    const times = () => screen.getAllByTestId('waiting-time').map((el) => el.textContent);
    expect(times()).toEqual(['01:01', '00:05']);
    expect(items[1]?.textContent).toContain('Lucía');
    expect(items[0]?.textContent).toContain('+598 99 *** 123');
    expect(items[0]?.textContent).toContain('Ventas');

    act(() => {
      vi.advanceTimersByTime(1_000);
    });
    expect(times()).toEqual(['01:02', '00:06']);
    act(() => {
      vi.advanceTimersByTime(60 * 60_000);
    });
    expect(times()).toEqual(['1:01:02', '1:00:06']);
  });

  it("says why a manual campaign's item cannot be taken now", () => {
    renderWithProviders(
      <PendingList
        pending={[entry({ interactionId: 'b', campaignId: 'c2', takeable: false })]}
        manualCampaignIds={new Set(['c2'])}
        takingId={null}
        onTake={() => {}}
      />,
    );
    expect(screen.queryByTestId('take-button')).toBeNull();
    expect(screen.getByTestId('not-takeable').textContent).toContain('oldest first');
  });

  it('offers Take only on takeable items', () => {
    const onTake = vi.fn();
    renderWithProviders(
      <PendingList
        pending={[
          entry({ interactionId: 'a', takeable: true }),
          entry({ interactionId: 'b', takeable: false, enteredAt: T0 + 1 }),
        ]}
        manualCampaignIds={new Set(['c2'])}
        takingId={null}
        onTake={onTake}
      />,
    );
    const buttons = screen.getAllByTestId('take-button');
    expect(buttons).toHaveLength(1);
    fireEvent.click(buttons[0]!);
    expect(onTake).toHaveBeenCalledWith('a');
    expect(screen.getByTestId('not-takeable').textContent).toBe('Assigned automatically');
  });

  it('says why an automatic item waits instead of "Assigned automatically" when the agent is paused or at the cap', () => {
    const campaigns = [
      {
        id: 'c1',
        name: 'Ventas',
        strategy: 'nocall' as const,
        maxInteractionsPerAgent: 1,
        cannedResponses: [],
        dispositions: [],
      },
    ];
    const me = {
      agentId: 'a1',
      status: 'available' as const,
      reason: null,
      since: T0,
      wrapupUntil: null,
      busy: false,
      onCall: false,
    };
    const props = {
      pending: [entry({ takeable: false })],
      manualCampaignIds: new Set<string>(),
      takingId: null,
      onTake: () => {},
      campaigns,
    };
    const { rerender } = renderWithProviders(<PendingList {...props} me={me} active={[]} />);
    expect(screen.getByTestId('not-takeable').textContent).toBe('Assigned automatically');

    rerender(<PendingList {...props} me={{ ...me, status: 'paused', reason: 'Lunch' }} active={[]} />);
    expect(screen.getByTestId('not-takeable').textContent).toBe('Waiting: you are paused');

    const holding = {
      id: 'x',
      campaignId: 'c1',
      campaignName: 'Ventas',
      providerId: 'p1',
      platformId: null,
      customerNumber: '+598',
      customerName: null,
      skill: 's',
      status: 'active' as const,
      closeReason: null,
      ownerAgentId: 'a1',
      ownerName: 'Ana',
      createdAt: T0,
      enteredAt: T0,
      takenAt: T0,
      closedAt: null,
      lastCustomerMessageAt: null,
      pendingTransferTo: null,
    };
    rerender(<PendingList {...props} me={{ ...me, busy: true }} active={[holding]} />);
    expect(screen.getByTestId('not-takeable').textContent).toBe('Waiting: you have the maximum of 1 chats');
  });
});
