// @vitest-environment jsdom
import { act, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InboxItem } from '@switchboard/protocol';
import { renderWithProviders } from '../../test/render';
import { ActiveList } from './ActiveList';

const T0 = new Date(2025, 0, 6, 12, 0, 0).getTime();

const item = (id: string, over: Partial<InboxItem>): InboxItem => ({
  id,
  campaignId: 'c1',
  campaignName: 'Ventas',
  providerId: 'p1',
  platformId: null,
  customerNumber: '+598 99 *** 123',
  customerName: id,
  skill: 's',
  status: 'active',
  closeReason: null,
  ownerAgentId: 'a1',
  ownerName: 'Ana',
  createdAt: T0 - 60_000,
  enteredAt: T0 - 60_000,
  takenAt: T0 - 50_000,
  closedAt: null,
  lastCustomerMessageAt: null,
  pendingTransferTo: null,
  ...over,
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

const render = (active: InboxItem[], unread: Record<string, number> = {}) =>
  renderWithProviders(
    <ActiveList
      active={active}
      myId="a1"
      unread={new Map(Object.entries(unread))}
      selectedId={null}
      busyId={null}
      onSelect={() => {}}
      onAction={() => {}}
    />,
  );

describe('ActiveList signals', () => {
  it('shows the unread count, the last message (or its file type) and its time on each card', () => {
    render(
      [
        item('Lucía', {
          lastMessage: {
            direction: 'in',
            author: 'customer',
            text: '¿tienen stock?',
            attachmentType: null,
            at: T0 - 5_000,
          },
        }),
        item('Pedro', {
          lastMessage: {
            direction: 'in',
            author: 'customer',
            text: null,
            attachmentType: 'image/jpeg',
            at: T0 - 9_000,
          },
        }),
        item('Marta', {
          lastMessage: { direction: 'out', author: 'agent', text: 'Listo', attachmentType: null, at: T0 - 1_000 },
        }),
      ],
      { Lucía: 3 },
    );
    const cards = screen.getAllByTestId('active-item');
    const byId = (id: string) => cards.find((c) => c.getAttribute('data-interaction-id') === id)!;
    expect(within(byId('Lucía')).getByTestId('unread-badge').textContent).toBe('3');
    expect(within(byId('Lucía')).getByTestId('card-preview').textContent).toBe('¿tienen stock?');
    expect(within(byId('Lucía')).getByTestId('card-time').textContent).toMatch(/11:59/);
    expect(within(byId('Pedro')).getByTestId('card-preview').textContent).toBe('📎 Image');
    expect(within(byId('Pedro')).queryByTestId('unread-badge')).toBeNull();
    expect(within(byId('Marta')).getByTestId('card-preview').textContent).toBe('You: Listo');
    // Waiting for the agent's reply first, newest activity first.
    expect(cards.map((c) => c.getAttribute('data-interaction-id'))).toEqual(['Lucía', 'Pedro', 'Marta']);
  });

  it('puts an offer on top, highlighted, with a countdown to its expiry that ticks', () => {
    render([
      item('Lucía', {
        lastMessage: { direction: 'in', author: 'customer', text: 'hola', attachmentType: null, at: T0 - 1_000 },
      }),
      item('Oferta', { status: 'offered', offerExpiresAt: T0 + 25_000 }),
    ]);
    const [first] = screen.getAllByTestId('active-item');
    expect(first!.getAttribute('data-interaction-id')).toBe('Oferta');
    expect(first!.getAttribute('data-status')).toBe('offered');
    const countdown = within(first!).getByTestId('offer-countdown');
    expect(countdown.textContent).toBe('00:25');
    act(() => {
      vi.advanceTimersByTime(5_000);
    });
    expect(countdown.textContent).toBe('00:20');
    act(() => {
      vi.advanceTimersByTime(30_000);
    });
    expect(countdown.textContent).toBe('00:00');
  });
});

describe('ActiveList channels', () => {
  it("names each card's channel, so a Facebook or Twitter conversation is told apart from WhatsApp", () => {
    render([item('Lucía', { channel: 'whatsapp' }), item('Bea', { channel: 'facebook' }), item('Rui', {})]);
    const badges = screen.getAllByTestId('channel-badge');
    expect(badges.map((b) => [b.getAttribute('data-channel'), b.textContent])).toEqual([
      ['whatsapp', 'WhatsApp'],
      ['facebook', 'Facebook'],
    ]);
  });
});
