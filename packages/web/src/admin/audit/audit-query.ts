import { dayOf, endOfDay, startOfDay } from '../../supervisor/recordings/recording-query';

export interface AuditFilters {
  fromDay: string | null;
  toDay: string | null;
  userId: string | null;
  action: string;
}

/** The audit log opens on the last seven days. */
export function defaultAuditFilters(now: Date = new Date()): AuditFilters {
  const weekAgo = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 6);
  return { fromDay: dayOf(weekAgo), toDay: dayOf(now), userId: null, action: '' };
}

export function auditParams(filters: AuditFilters, page: number, pageSize: number): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.fromDay) params.set('from', String(startOfDay(filters.fromDay)));
  const lastDay = filters.toDay ?? filters.fromDay;
  if (lastDay) params.set('to', String(endOfDay(lastDay)));
  if (filters.userId) params.set('userId', filters.userId);
  const action = filters.action.trim();
  if (action) params.set('action', action);
  params.set('page', String(page));
  params.set('pageSize', String(pageSize));
  return params;
}
