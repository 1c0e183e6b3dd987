// @vitest-environment jsdom
import { act, fireEvent, screen } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationMessage } from '@switchboard/protocol';
import { renderWithProviders } from '../../test/render';
import { MessageList } from './MessageList';

/*
 * jsdom has no layout: the scroll viewport is given one here. Each message is 50 px tall, the viewport 300 px,
 * and scrollTop is clamped like a browser's.
 */
const ROW = 50;
const VIEW = 300;
const scrollTops = new WeakMap<Element, number>();
const isViewport = (el: Element) => el.classList.contains('mantine-ScrollArea-viewport');
const contentHeight = (el: Element) => el.querySelectorAll('[data-testid="message"], img').length * ROW;
const saved = {
  scrollTop: Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTop')!,
  scrollHeight: Object.getOwnPropertyDescriptor(Element.prototype, 'scrollHeight')!,
  clientHeight: Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight')!,
};
beforeAll(() => {
  Object.defineProperty(Element.prototype, 'scrollHeight', {
    configurable: true,
    get(this: Element) {
      return isViewport(this) ? contentHeight(this) : 0;
    },
  });
  Object.defineProperty(Element.prototype, 'clientHeight', {
    configurable: true,
    get(this: Element) {
      return isViewport(this) ? VIEW : 0;
    },
  });
  Object.defineProperty(Element.prototype, 'scrollTop', {
    configurable: true,
    get(this: Element) {
      return scrollTops.get(this) ?? 0;
    },
    set(this: Element, value: number) {
      scrollTops.set(this, Math.max(0, Math.min(value, contentHeight(this) - VIEW)));
    },
  });
});
afterAll(() => {
  for (const [name, descriptor] of Object.entries(saved)) Object.defineProperty(Element.prototype, name, descriptor);
});

const now = Date.UTC(2026, 2, 10, 15, 0, 0);
const message = (n: number, over: Partial<ConversationMessage> = {}): ConversationMessage => ({
  id: `m${n}`,
  interactionId: 'i1',
  direction: 'in',
  author: 'customer',
  agentId: null,
  authorName: null,
  kind: 'text',
  text: `mensaje ${n}`,
  attachments: [],
  status: null,
  error: null,
  createdAt: now - 100_000 + n,
  ...over,
});
const many = (count: number) => Array.from({ length: count }, (_, i) => message(i));

function viewport(): HTMLElement {
  return screen.getByTestId('message-list').querySelector('.mantine-ScrollArea-viewport')!;
}
const bottom = (el: HTMLElement) => el.scrollHeight - el.clientHeight;

describe('the message list', () => {
  it('opens at the newest message', () => {
    renderWithProviders(<MessageList messages={many(30)} myId="a1" now={now} />);
    expect(viewport().scrollHeight).toBe(30 * ROW);
    expect(viewport().scrollTop).toBe(bottom(viewport()));
  });

  it('follows a new message while the agent is at the bottom, and shows no pill', () => {
    const { rerender } = renderWithProviders(<MessageList messages={many(30)} myId="a1" now={now} />);
    rerender(<MessageList messages={many(31)} myId="a1" now={now} />);
    expect(viewport().scrollTop).toBe(bottom(viewport()));
    expect(screen.queryByTestId('new-messages-pill')).toBeNull();
  });

  it('keeps the position when scrolled up and shows a "new messages" pill that scrolls to the bottom', () => {
    const { rerender } = renderWithProviders(<MessageList messages={many(30)} myId="a1" now={now} />);
    const el = viewport();
    el.scrollTop = 200;
    fireEvent.scroll(el);
    rerender(<MessageList messages={many(31)} myId="a1" now={now} />);
    rerender(<MessageList messages={many(32)} myId="a1" now={now} />);
    expect(el.scrollTop).toBe(200);
    const pill = screen.getByTestId('new-messages-pill');
    expect(pill.textContent).toContain('New messages');
    expect(pill.getAttribute('data-count')).toBe('2');

    fireEvent.click(pill);
    expect(el.scrollTop).toBe(bottom(el));
    expect(screen.queryByTestId('new-messages-pill')).toBeNull();
  });

  it('drops the pill once the agent scrolls down to the newest message', () => {
    const { rerender } = renderWithProviders(<MessageList messages={many(30)} myId="a1" now={now} />);
    const el = viewport();
    el.scrollTop = 0;
    fireEvent.scroll(el);
    rerender(<MessageList messages={many(31)} myId="a1" now={now} />);
    expect(screen.getByTestId('new-messages-pill')).toBeTruthy();
    el.scrollTop = bottom(el);
    fireEvent.scroll(el);
    expect(screen.queryByTestId('new-messages-pill')).toBeNull();
  });

  it("shows the agent's own message even when scrolled up", () => {
    const { rerender } = renderWithProviders(<MessageList messages={many(30)} myId="a1" now={now} />);
    const el = viewport();
    el.scrollTop = 0;
    fireEvent.scroll(el);
    const sent = message(30, { direction: 'out', author: 'agent', agentId: 'a1', status: 'pending' });
    rerender(<MessageList messages={[...many(30), sent]} myId="a1" now={now} />);
    expect(el.scrollTop).toBe(bottom(el));
    expect(screen.queryByTestId('new-messages-pill')).toBeNull();
  });

  it('stays pinned to the bottom when an image finishes loading, and leaves a scrolled-up list alone', () => {
    const photo = message(30, {
      kind: 'media',
      text: null,
      attachments: [{ url: '/api/attachments/x', mimeType: 'image/png', name: 'foto.png' }],
    });
    renderWithProviders(<MessageList messages={[...many(30), photo]} myId="a1" now={now} />);
    const el = viewport();
    // The image counts as one more row of content: it "grew" the list after it was placed.
    const img = el.querySelector('img')!;
    el.scrollTop = bottom(el) - ROW;
    expect(el.scrollTop).toBe(bottom(el) - ROW);
    act(() => {
      fireEvent.load(img);
    });
    expect(el.scrollTop).toBe(bottom(el));

    el.scrollTop = 100;
    fireEvent.scroll(el);
    act(() => {
      fireEvent.load(img);
    });
    expect(el.scrollTop).toBe(100);
  });
});
