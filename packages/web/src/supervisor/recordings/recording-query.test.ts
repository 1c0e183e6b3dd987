import { describe, expect, it } from 'vitest';
import {
  defaultFilters,
  endOfDay,
  recordingQuery,
  recordingsCsvUrl,
  startOfDay,
  transcriptUrl,
} from './recording-query';

describe('recording query', () => {
  it('defaults to today, from local midnight to the last millisecond of the day', () => {
    const filters = defaultFilters(new Date(2025, 2, 14, 15, 30));
    expect(filters.fromDay).toBe('2025-03-14');
    expect(filters.toDay).toBe('2025-03-14');
    expect(recordingQuery(filters)).toEqual({
      from: new Date(2025, 2, 14).getTime(),
      to: new Date(2025, 2, 15).getTime() - 1,
    });
  });

  it('puts every non-blank filter in the query, trimmed and comma-joined, pages only when asked', () => {
    const query = recordingQuery(
      {
        fromDay: '2025-03-01',
        toDay: '2025-03-03',
        campaignIds: ['c1', 'c2'],
        agentIds: ['a1'],
        customer: ' 555 ',
        providerId: 'p1',
        disposition: 'Precio',
        status: 'closed',
        text: '  precio  ',
      },
      { page: 2, pageSize: 50 },
    );
    expect(Object.keys(query)).toEqual([
      'from',
      'to',
      'campaignIds',
      'agentIds',
      'customer',
      'providerId',
      'disposition',
      'status',
      'text',
      'page',
      'pageSize',
    ]);
    expect(query.from).toBe(startOfDay('2025-03-01'));
    expect(query.to).toBe(endOfDay('2025-03-03'));
    expect(query.campaignIds).toBe('c1,c2');
    expect(query.customer).toBe('555');
    expect(query.text).toBe('precio');
    expect(query.page).toBe(2);
  });

  it('a single chosen day is searched whole; blank filters are left out of the CSV link', () => {
    const csv = recordingsCsvUrl({
      ...defaultFilters(),
      fromDay: '2025-03-01',
      toDay: null,
      customer: '  ',
      disposition: '',
    });
    expect(csv).toBe(`/api/recordings.csv?from=${startOfDay('2025-03-01')}&to=${endOfDay('2025-03-01')}`);
    expect(transcriptUrl('i 1', 'json')).toBe('/api/recordings/i%201/transcript?format=json');
  });
});
