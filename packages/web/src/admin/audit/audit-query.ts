import type { AuditAction, AuditQuery } from '@switchboard/protocol';
import { dayOf, endOfDay, startOfDay } from '../../supervisor/recordings/recording-query';

export interface AuditFilters {
  fromDay: string | null;
  toDay: string | null;
  userId: string | null;
  action: AuditAction | null;
  campaignId: string | null;
}

/** The audit log opens on the last seven days. */
export function defaultAuditFilters(now: Date = new Date()): AuditFilters {
  const weekAgo = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 6);
  return { fromDay: dayOf(weekAgo), toDay: dayOf(now), userId: null, action: null, campaignId: null };
}

export function auditQuery(filters: AuditFilters, page: number, pageSize: number): AuditQuery {
  const query: AuditQuery = {};
  if (filters.fromDay) query.from = startOfDay(filters.fromDay);
  const lastDay = filters.toDay ?? filters.fromDay;
  if (lastDay) query.to = endOfDay(lastDay);
  if (filters.userId) query.userId = filters.userId;
  if (filters.action) query.action = filters.action;
  if (filters.campaignId) query.campaignId = filters.campaignId;
  query.page = page;
  query.pageSize = pageSize;
  return query;
}
