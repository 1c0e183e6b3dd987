import type { TFunction } from 'i18next';
import type { AgentPresence } from '@switchboard/protocol';
import { formatDuration } from '../../shared/format';

export const STATUS_COLOR: Record<AgentPresence['status'], string> = {
  available: 'green',
  paused: 'yellow',
  wrapup: 'grape',
  offline: 'gray',
};

/** An incall chat pauses routing for the agent while it lasts: that is being busy, not being available. */
export function isBusyWithChat(me: AgentPresence): boolean {
  return me.status === 'available' && me.autoPaused === true;
}

/** "Available", "Busy with a chat", "Paused (Lunch)", "Wrap-up: 00:23 left before new chats" or "Offline". */
export function statusLabel(me: AgentPresence, now: number, t: TFunction): string {
  switch (me.status) {
    case 'available':
      return isBusyWithChat(me) ? t('agent.status.busyWithChat') : t('agent.status.available');
    case 'paused':
      return me.reason ? t('agent.status.pausedWith', { reason: me.reason }) : t('agent.status.paused');
    case 'wrapup':
      return me.wrapupUntil !== null
        ? t('agent.status.wrapupLeft', { time: formatDuration(me.wrapupUntil - now + 999) })
        : t('agent.status.wrapup');
    case 'offline':
      return t('agent.status.offline');
  }
}
