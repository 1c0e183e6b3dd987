import { offsetAt } from '@switchboard/core';
import type { Attachment, InteractionDetail, RecordingRow, TimelineEvent } from '@switchboard/protocol';

const HEADER = [
  'id',
  'started_at',
  'ended_at',
  'time_zone',
  'campaign',
  'agents',
  'customer_number',
  'customer_name',
  'provider_id',
  'wait_seconds',
  'duration_seconds',
  'messages',
  'disposition',
  'status',
  'close_reason',
  'closed_by',
  'satisfaction',
];

/** A number written with only an optional sign and digits ("+59899…", "-3") runs nothing in a spreadsheet. */
const PLAIN_NUMBER = /^[+-]?\d+$/;
/**
 * What a spreadsheet may read as the start of a formula: =, +, -, @ (also after leading white space, which
 * some spreadsheets skip), and a leading tab or carriage return (which others strip before looking).
 */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/;

/**
 * RFC 4180 quoting. A cell a spreadsheet could run as a formula gets a leading apostrophe — "+1+cmd" included;
 * only a plain signed number such as the phone number "+59899…" stays as it is.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));
const two = (n: number) => String(n).padStart(2, '0');

/**
 * The instant as the campaign's wall clock with its UTC offset ("2026-03-10 12:00:00 -03:00"): people read
 * exports in the campaign's local time, and the offset keeps the value exact across daylight-saving changes.
 */
export function localStamp(ms: number | null, timeZone: string): string | null {
  if (ms === null) return null;
  const offset = offsetAt(timeZone, ms);
  const wall = new Date(ms + offset).toISOString();
  const minutes = Math.abs(offset) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  return `${wall.slice(0, 10)} ${wall.slice(11, 19)} ${sign}${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
}

/** Who closed it, with "supervisor" said when a supervisor did (after a take-over). */
export function closerLabel(closedBy: RecordingRow['closedBy']): string | null {
  if (!closedBy) return null;
  return closedBy.role === 'agent' ? closedBy.name : `${closedBy.name} (${closedBy.role})`;
}

/** The time zone of a campaign's schedule; UTC for a campaign without one (or gone). */
export type TimeZoneOf = (campaignId: string) => string | undefined;
const zoneOf = (timeZoneOf: TimeZoneOf, campaignId: string | null) =>
  (campaignId === null ? undefined : timeZoneOf(campaignId)) ?? 'UTC';

export function recordingsCsv(rows: RecordingRow[], timeZoneOf: TimeZoneOf): string {
  const lines = [HEADER.join(',')];
  for (const r of rows) {
    const zone = zoneOf(timeZoneOf, r.campaignId);
    lines.push(
      [
        r.id,
        localStamp(r.startedAt, zone),
        localStamp(r.endedAt, zone),
        zone,
        r.campaignName,
        r.agentNames.join('; '),
        r.customerNumber,
        r.customerName,
        r.providerId,
        seconds(r.waitMs),
        seconds(r.durationMs),
        r.messageCount,
        r.disposition,
        r.status,
        r.closeReason,
        closerLabel(r.closedBy),
        r.satisfaction,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

function authorOf(m: InteractionDetail['messages'][number]): string {
  if (m.author === 'agent' || m.author === 'supervisor')
    return m.authorName ? `${m.authorName} (${m.author})` : m.author;
  return m.author;
}

/** A timeline entry as a line, with names rather than ids and "(supervisor)" after a supervisor who closed it. */
function timelineLine(e: TimelineEvent, closer: RecordingRow['closedBy']): string {
  const name = e.type === 'closed' && closer && e.agentId ? closerLabel(closer) : (e.agentName ?? e.agentId);
  const campaign = e.campaignName ?? e.campaignId;
  const details: string[] = [];
  if (name) details.push(e.type === 'closed' ? `by ${name}` : `agent ${name}`);
  if (campaign) details.push(`campaign ${campaign}`);
  if (e.facts?.reason) details.push(`reason ${e.facts.reason.replace(/_/g, ' ')}`);
  if (e.facts?.disposition?.length) details.push(`disposition ${e.facts.disposition.join(' > ')}`);
  const type = e.type.replace(/_/g, ' ');
  return details.length ? `${type}: ${details.join(', ')}` : type;
}

/**
 * A plain-text transcript in the campaign's local time: messages in order with author and attachments, then
 * the routing timeline with people and campaigns named.
 */
export function transcriptText(
  detail: InteractionDetail,
  timeZone: string,
  closedBy: RecordingRow['closedBy'],
): string {
  const i = detail.interaction;
  const at = (ms: number | null) => localStamp(ms, timeZone);
  const closer = closedBy ? ` by ${closerLabel(closedBy)}` : '';
  const out = [
    `Interaction ${i.id}`,
    `Campaign: ${i.campaignName ?? '—'}    Customer: ${i.customerName ? `${i.customerName} ` : ''}${i.customerNumber}`,
    `Started: ${at(i.createdAt)}    Closed: ${at(i.closedAt) ?? '—'}${i.closeReason ? ` (${i.closeReason})` : ''}${i.closedAt !== null ? closer : ''}`,
    `Times in ${timeZone}`,
    ...(detail.satisfaction ? [`Satisfaction: ${detail.satisfaction} of 5`] : []),
    '',
    'Messages',
  ];
  for (const m of detail.messages) {
    const internal = m.direction === 'internal' ? ' [internal note]' : '';
    out.push(`[${at(m.createdAt)}] ${authorOf(m)}${internal}: ${m.text ?? ''}`.trimEnd());
    for (const a of m.attachments)
      out.push(`    attachment: ${a.name ?? 'file'} (${a.mimeType}) ${attachmentWhere(a)}`);
  }
  out.push('', 'Routing timeline');
  for (const e of detail.timeline) out.push(`[${at(e.at)}] ${timelineLine(e, closedBy)}`);
  return `${out.join('\n')}\n`;
}

/** The file's address, or what a placeholder stands for (not downloaded yet, or unreadable as received). */
function attachmentWhere(a: Attachment): string {
  if (a.url) return a.url;
  const size = a.size !== undefined ? `, ${a.size} bytes` : '';
  if (a.state === 'failed' && a.reason) return `[could not be downloaded: ${a.reason}${size}]`;
  return a.state === 'failed' ? `[could not be read as received${size}]` : `[not yet downloaded${size}]`;
}
