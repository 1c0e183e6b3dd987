import { useQuery } from '@tanstack/react-query';
import type { AuditPage } from '@switchboard/protocol';
import { api } from '../../api/client';

export function useAudit(query: string) {
  return useQuery({
    queryKey: ['audit', query],
    queryFn: () => api.get<AuditPage>(`/api/audit?${query}`),
    placeholderData: (previous) => previous,
  });
}
