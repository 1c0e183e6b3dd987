import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { routes } from '@switchboard/protocol';
import { api } from '../../api/client';
import { useMe } from '../../api/auth';
import { useCampaigns } from '../../api/campaigns';
import { useProviders } from '../../api/providers';
import { supervisorKeys } from '../api/keys';
import { useMonitoring } from '../api/supervision-api';

export interface Option {
  value: string;
  label: string;
}

const byLabel = (a: Option, b: Option) => a.label.localeCompare(b.label);

/**
 * People to filter by: agents, and supervisors too, who close the conversations they took over. Administrators
 * read the user list; a supervisor may not, so their options are the agents of the campaigns they monitor and
 * themselves.
 */
function useAgentOptions(): Option[] {
  const { t } = useTranslation();
  const me = useMe().data;
  const admin = me?.role === 'administrator';
  const users = useQuery({
    queryKey: [...supervisorKeys.agentOptions, 'users'],
    queryFn: () => api.call(routes.listUsers, { query: {} }),
    enabled: admin,
  });
  const monitoring = useMonitoring();
  const details = useQueries({
    queries: (admin ? [] : (monitoring.data ?? [])).map((c) => ({
      queryKey: supervisorKeys.monitoringDetail(c.campaignId),
      queryFn: () => api.call(routes.campaignMonitor, { params: { id: c.campaignId } }),
      staleTime: 60_000,
    })),
  });
  const supervisor = (name: string) => t('supervisor.recordings.supervisorOption', { name });
  if (admin)
    return (users.data ?? [])
      .filter((u) => u.role !== 'administrator')
      .map((u) => ({ value: u.id, label: u.role === 'supervisor' ? supervisor(u.displayName) : u.displayName }))
      .sort(byLabel);
  const seen = new Map<string, string>();
  for (const d of details) for (const a of d.data?.agents ?? []) seen.set(a.agentId, a.displayName);
  if (me?.role === 'supervisor') seen.set(me.id, supervisor(me.displayName));
  return [...seen].map(([value, label]) => ({ value, label })).sort(byLabel);
}

export function useFilterOptions() {
  const campaigns = useCampaigns();
  const providers = useProviders();
  return {
    campaigns: (campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name })).sort(byLabel),
    agents: useAgentOptions(),
    providers: (providers.data ?? []).map((p) => ({ value: p.id, label: p.name })).sort(byLabel),
  };
}
