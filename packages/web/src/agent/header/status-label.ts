import type { TFunction } from 'i18next';
import type { AgentPresence } from '@switchboard/protocol';
import { formatDuration } from '../format';

export const STATUS_COLOR: Record<AgentPresence['status'], string> = {
  available: 'green',
  paused: 'yellow',
  wrapup: 'grape',
  offline: 'gray',
};

/** "Available", "Paused (Lunch)", "Wrap-up (00:23)" or "Offline". */
export function statusLabel(me: AgentPresence, now: number, t: TFunction): string {
  switch (me.status) {
    case 'available':
      return t('agent.status.available');
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
