import { useQueries, useQuery } from '@tanstack/react-query';
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
 * Agents to filter by. Administrators read the user list; a supervisor may not, so their options are
 * the agents of the campaigns they monitor.
 */
function useAgentOptions(): Option[] {
  const me = useMe().data;
  const admin = me?.role === 'administrator';
  const users = useQuery({
    queryKey: [...supervisorKeys.agentOptions, 'users'],
    queryFn: () => api.call(routes.listUsers, { query: { role: 'agent' } }),
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
  if (admin) return (users.data ?? []).map((u) => ({ value: u.id, label: u.displayName })).sort(byLabel);
  const seen = new Map<string, string>();
  for (const d of details) for (const a of d.data?.agents ?? []) seen.set(a.agentId, a.displayName);
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
