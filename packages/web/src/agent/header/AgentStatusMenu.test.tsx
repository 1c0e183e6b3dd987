// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentPresence } from '@switchboard/protocol';
import { renderWithProviders } from '../../test/render';
import { AgentStatusMenu } from './AgentStatusMenu';

const T0 = Date.UTC(2025, 0, 6, 12, 0, 0);
const presence = (over: Partial<AgentPresence>): AgentPresence => ({
  agentId: 'a1',
  status: 'available',
  reason: null,
  since: T0,
  wrapupUntil: null,
  busy: false,
  onCall: false,
  ...over,
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

describe('AgentStatusMenu labels', () => {
  it('shows an incall auto-pause as "Busy with a chat", not "Available" with a BUSY badge', () => {
    renderWithProviders(<AgentStatusMenu me={presence({ busy: true, autoPaused: true })} pauseReasons={[]} />);
    const button = screen.getByTestId('agent-status');
    expect(button.textContent).toBe('Busy with a chat');
    expect(within(button).queryByText('busy')).toBeNull();
  });

  it('still shows "Available" with the busy badge when chats do not pause routing', () => {
    renderWithProviders(<AgentStatusMenu me={presence({ busy: true, autoPaused: false })} pauseReasons={[]} />);
    const button = screen.getByTestId('agent-status');
    expect(button.textContent).toContain('Available');
    expect(within(button).getByText('busy')).toBeTruthy();
  });

  it('explains wrap-up: the time left before new chats', () => {
    renderWithProviders(
      <AgentStatusMenu me={presence({ status: 'wrapup', wrapupUntil: T0 + 25_000 })} pauseReasons={[]} />,
    );
    expect(screen.getByTestId('agent-status').textContent).toBe('Wrap-up: 00:25 left before new chats');
  });
});
