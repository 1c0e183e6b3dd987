import type { Attachment, InteractionDetail, RecordingRow } from '@switchboard/protocol';

const HEADER = [
  'id',
  'started_at',
  'ended_at',
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

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));

export function recordingsCsv(rows: RecordingRow[]): string {
  const lines = [HEADER.join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.id,
        iso(r.startedAt),
        iso(r.endedAt),
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

/** A plain-text transcript: messages in order with author, time and attachments, then the routing timeline. */
export function transcriptText(detail: InteractionDetail): string {
  const i = detail.interaction;
  const out = [
    `Interaction ${i.id}`,
    `Campaign: ${i.campaignName ?? '—'}    Customer: ${i.customerName ? `${i.customerName} ` : ''}${i.customerNumber}`,
    `Started: ${iso(i.createdAt)}    Closed: ${iso(i.closedAt) ?? '—'}${i.closeReason ? ` (${i.closeReason})` : ''}`,
    ...(detail.satisfaction ? [`Satisfaction: ${detail.satisfaction} of 5`] : []),
    '',
    'Messages',
  ];
  for (const m of detail.messages) {
    const internal = m.direction === 'internal' ? ' [internal note]' : '';
    out.push(`[${iso(m.createdAt)}] ${authorOf(m)}${internal}: ${m.text ?? ''}`.trimEnd());
    for (const a of m.attachments)
      out.push(`    attachment: ${a.name ?? 'file'} (${a.mimeType}) ${attachmentWhere(a)}`);
  }
  out.push('', 'Routing timeline');
  for (const e of detail.timeline)
    out.push(
      `[${iso(e.at)}] ${e.type}${e.agentId ? ` agent=${e.agentId}` : ''}${e.campaignId ? ` campaign=${e.campaignId}` : ''}${e.text ? ` — ${e.text}` : ''}`,
    );
  return `${out.join('\n')}\n`;
}

/** The file's address, or what a placeholder stands for (not downloaded yet, or unreadable as received). */
function attachmentWhere(a: Attachment): string {
  if (a.url) return a.url;
  const size = a.size !== undefined ? `, ${a.size} bytes` : '';
  if (a.state === 'failed' && a.reason) return `[could not be downloaded: ${a.reason}${size}]`;
  return a.state === 'failed' ? `[could not be read as received${size}]` : `[not yet downloaded${size}]`;
}
