import { useQuery } from '@tanstack/react-query';
import { routes, type AuditQuery } from '@switchboard/protocol';
import { api } from '../../api/client';

export function useAudit(query: AuditQuery) {
  return useQuery({
    queryKey: ['audit', query],
    queryFn: () => api.call(routes.audit, { query }),
    placeholderData: (previous) => previous,
  });
}
