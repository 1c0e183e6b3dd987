import type { RecordingQuery } from '@switchboard/protocol';

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

/** D7: the search opens on today's interactions. */
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

/** The API's query string for these filters; blank filters are left out. Pages only for the table. */
export function recordingParams(
  filters: RecordingFilters,
  paging?: { page: number; pageSize: number },
): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.fromDay) params.set('from', String(startOfDay(filters.fromDay)));
  const lastDay = filters.toDay ?? filters.fromDay;
  if (lastDay) params.set('to', String(endOfDay(lastDay)));
  if (filters.campaignIds.length) params.set('campaignIds', filters.campaignIds.join(','));
  if (filters.agentIds.length) params.set('agentIds', filters.agentIds.join(','));
  const customer = filters.customer.trim();
  if (customer) params.set('customer', customer);
  if (filters.providerId) params.set('providerId', filters.providerId);
  const disposition = filters.disposition.trim();
  if (disposition) params.set('disposition', disposition);
  if (filters.status) params.set('status', filters.status);
  const text = filters.text.trim();
  if (text) params.set('text', text);
  if (paging) {
    params.set('page', String(paging.page));
    params.set('pageSize', String(paging.pageSize));
  }
  return params;
}

export function recordingsCsvUrl(filters: RecordingFilters): string {
  const query = recordingParams(filters).toString();
  return `/api/recordings.csv${query ? `?${query}` : ''}`;
}

export function transcriptUrl(interactionId: string, format: 'txt' | 'json'): string {
  return `/api/recordings/${encodeURIComponent(interactionId)}/transcript?format=${format}`;
}
