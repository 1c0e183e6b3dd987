import type { Role } from '@switchboard/protocol';

export interface NavItem {
  to: string;
  label:
    | 'nav.campaigns'
    | 'nav.providers'
    | 'nav.members'
    | 'nav.users'
    | 'nav.pauseReasons'
    | 'nav.monitoring'
    | 'nav.recordings'
    | 'nav.audit'
    | 'nav.serviceTokens'
    | 'nav.webhooks'
    | 'nav.inbox';
}

export interface NavGroup {
  title: 'nav.administration' | 'nav.supervision' | 'nav.agentWork';
  items: readonly NavItem[];
}

const administration: NavGroup = {
  title: 'nav.administration',
  items: [
    { to: '/admin/campaigns', label: 'nav.campaigns' },
    { to: '/admin/providers', label: 'nav.providers' },
    { to: '/admin/members', label: 'nav.members' },
    { to: '/admin/users', label: 'nav.users' },
    { to: '/admin/pause-reasons', label: 'nav.pauseReasons' },
    { to: '/admin/audit', label: 'nav.audit' },
    { to: '/admin/service-tokens', label: 'nav.serviceTokens' },
    { to: '/admin/webhooks', label: 'nav.webhooks' },
  ],
};
const supervision: NavGroup = {
  title: 'nav.supervision',
  items: [
    { to: '/supervisor/monitoring', label: 'nav.monitoring' },
    { to: '/supervisor/recordings', label: 'nav.recordings' },
  ],
};
const agentWork: NavGroup = { title: 'nav.agentWork', items: [{ to: '/agent/inbox', label: 'nav.inbox' }] };

/** The navbar of each role: the administrator also reaches the supervision pages. */
export const NAV: Record<Role, readonly NavGroup[]> = {
  administrator: [administration, supervision],
  supervisor: [supervision],
  agent: [agentWork],
};
