import { routes, type RecordingQuery } from '@switchboard/protocol';
import { urlOf } from '../../api/client';

type Status = NonNullable<RecordingQuery['status']>;

/** What the filter form holds; days are `YYYY-MM-DD` in the browser's time zone. */
export interface RecordingFilters {
  fromDay: string | null;
  toDay: string | null;
  campaignIds: string[];
  agentIds: string[];
  customer: string;
  providerId: string | null;
  disposition: string;
  status: Status | null;
  text: string;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function dayOf(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The search opens on today's interactions. */
export function defaultFilters(now: Date = new Date()): RecordingFilters {
  const today = dayOf(now);
  return {
    fromDay: today,
    toDay: today,
    campaignIds: [],
    agentIds: [],
    customer: '',
    providerId: null,
    disposition: '',
    status: null,
    text: '',
  };
}

/** Local midnight of a `YYYY-MM-DD` day, in epoch ms. */
export function startOfDay(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1).getTime();
}

/** The last millisecond of a day (the next local midnight minus one, so DST days are right). */
export function endOfDay(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + 1).getTime() - 1;
}

/** The API's query for these filters; blank filters are left out. Pages only for the table. */
export function recordingQuery(filters: RecordingFilters, paging?: { page: number; pageSize: number }): RecordingQuery {
  const query: RecordingQuery = {};
  if (filters.fromDay) query.from = startOfDay(filters.fromDay);
  const lastDay = filters.toDay ?? filters.fromDay;
  if (lastDay) query.to = endOfDay(lastDay);
  if (filters.campaignIds.length) query.campaignIds = filters.campaignIds.join(',');
  if (filters.agentIds.length) query.agentIds = filters.agentIds.join(',');
  const customer = filters.customer.trim();
  if (customer) query.customer = customer;
  if (filters.providerId) query.providerId = filters.providerId;
  const disposition = filters.disposition.trim();
  if (disposition) query.disposition = disposition;
  if (filters.status) query.status = filters.status;
  const text = filters.text.trim();
  if (text) query.text = text;
  if (paging) {
    query.page = paging.page;
    query.pageSize = paging.pageSize;
  }
  return query;
}

export function recordingsCsvUrl(filters: RecordingFilters): string {
  return urlOf(routes.recordingsCsv, { query: recordingQuery(filters) });
}

export function transcriptUrl(interactionId: string, format: 'txt' | 'json'): string {
  return urlOf(routes.transcript, { params: { id: interactionId }, query: { format } });
}
