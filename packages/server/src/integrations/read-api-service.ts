import type {
  InteractionListPage,
  InteractionListQuery,
  InteractionRecord,
  InteractionTranscript,
  RecordingQuery,
  TranscriptMessage,
} from '@switchboard/protocol';
import { READ_API_DEFAULT_LIMIT } from '@switchboard/protocol';
import { sql, type Kysely, type SqlBool } from 'kysely';
import { attachmentsOf, timelineOf } from '../conversations/agent/interaction-views';
import { invalid, notFound } from '../errors';
import type { DialectName } from '../storage/database';
import type { Tables } from '../storage/schema';
import { likeFragment, recordingsQuery } from '../supervision/recordings-filter';
import { readDisposition } from '../storage/json-columns';

export interface ReadApiDeps {
  db: Kysely<Tables>;
  dialect: DialectName;
  now?: () => number;
}

/** Without `from`, the list covers the last 24 hours. */
export const DEFAULT_WINDOW_MS = 24 * 3600_000;

const COLUMNS = [
  'interactions.id',
  'interactions.campaign_id',
  'interactions.owner_agent_id',
  'interactions.customer_number',
  'interactions.customer_name',
  'interactions.status',
  'interactions.disposition_json',
  'interactions.created_at',
  'interactions.taken_at',
  'interactions.closed_at',
  'interactions.close_reason',
] as const;

type Row = {
  id: string;
  campaign_id: string | null;
  owner_agent_id: string | null;
  customer_number: string;
  customer_name: string | null;
  status: string;
  disposition_json: string | null;
  created_at: number;
  taken_at: number | null;
  closed_at: number | null;
  close_reason: string | null;
};

/** Largest time JavaScript dates can hold; anything past it is a typo, not a date. */
const MAX_TIME = 8.64e15;
const OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * `from`/`to` as ISO 8601 or epoch milliseconds. A date-time without an offset is read as UTC (not the
 * server's zone), so the same query means the same range wherever the server runs.
 */
export function parseInstant(name: string, text: string): number {
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text);
  else ms = Date.parse(/[T ]\d/.test(text) && !OFFSET.test(text) ? `${text}Z` : text);
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_TIME) {
    throw invalid(name, 'must be an ISO 8601 date-time or epoch milliseconds');
  }
  return ms;
}

/**
 * The position after an item: its (created_at, id). Opaque to callers (base64url), so the encoding can change;
 * keyed on values rather than an offset, so interactions arriving between two pages shift nothing.
 */
export function encodeCursor(createdAt: number, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: number; id: string } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = null;
  }
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    !Number.isSafeInteger(value[0]) ||
    (value[0] as number) < 0 ||
    typeof value[1] !== 'string' ||
    value[1].length === 0 ||
    value[1].length > 64
  ) {
    throw invalid('cursor', 'is not a cursor this API returned');
  }
  return { createdAt: value[0] as number, id: value[1] };
}

function dispositionLevels(json: string | null): string[] | null {
  if (!json) return null;
  const d = readDisposition(json);
  const levels = [d.l1, d.l2, d.l3].filter((l): l is string => typeof l === 'string' && l !== '');
  return levels.length ? levels : null;
}

/** Issue 14 item 6: interactions and transcripts for integrations, in a shape kept stable under /api/v1. */
export class ReadApiService {
  private readonly now: () => number;

  constructor(private readonly deps: ReadApiDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Oldest first, so a caller paging to the end also meets the interactions that arrived meanwhile. */
  async list(query: InteractionListQuery): Promise<InteractionListPage> {
    const now = this.now();
    const from = query.from === undefined ? now - DEFAULT_WINDOW_MS : parseInstant('from', query.from);
    const to = query.to === undefined ? undefined : parseInstant('to', query.to);
    if (to !== undefined && to < from) throw invalid('to', 'must not be before from');
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const limit = query.limit ?? READ_API_DEFAULT_LIMIT;
    const number = query.customerNumber?.trim().toLowerCase();

    // The same filters as the supervisors' recordings search (and its indexes), for one campaign and one agent.
    const filter: RecordingQuery = { from };
    if (to !== undefined) filter.to = to;
    if (query.campaignId) filter.campaignIds = query.campaignId;
    if (query.agentId) filter.agentIds = query.agentId;
    if (number) filter.customer = number;
    if (query.status) filter.status = query.status;
    let q = recordingsQuery(this.deps.db, this.deps.dialect, filter, { timeZoneOf: () => undefined }, now);
    // The recordings search also matches the customer's name; this parameter is about the number only.
    if (number) {
      const escape = this.deps.dialect === 'sqlite' ? sql` escape '\\'` : sql``;
      q = q.where(sql<SqlBool>`lower(interactions.customer_number) like ${likeFragment(number)}${escape}`);
    }
    if (after) {
      q = q.where((eb) =>
        eb.or([
          eb('interactions.created_at', '>', after.createdAt),
          eb.and([eb('interactions.created_at', '=', after.createdAt), eb('interactions.id', '>', after.id)]),
        ]),
      );
    }
    const rows = await q
      .select(COLUMNS)
      .orderBy('interactions.created_at', 'asc')
      .orderBy('interactions.id', 'asc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.records(page),
      nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }

  async transcript(id: string): Promise<InteractionTranscript> {
    const { db } = this.deps;
    const row = await db.selectFrom('interactions').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Interaction', id);
    const messages = await db
      .selectFrom('messages')
      .select(['id', 'author', 'direction', 'agent_id', 'kind', 'body', 'attachments_json', 'created_at'])
      .where('interaction_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const agentIds = messages.map((m) => m.agent_id).filter((a): a is string => !!a);
    const [[interaction], usernames, timeline] = await Promise.all([
      this.records([row]),
      this.usernames(agentIds),
      timelineOf(db, id),
    ]);
    return {
      interaction: interaction!,
      messages: messages.map((m): TranscriptMessage => ({
        id: m.id,
        author: m.author as TranscriptMessage['author'],
        direction: m.direction as TranscriptMessage['direction'],
        agent: m.agent_id ? { id: m.agent_id, username: usernames.get(m.agent_id) ?? m.agent_id } : null,
        kind: m.kind,
        text: m.body,
        // Metadata only: the link carries nothing a token could use, but it is a session route of the app.
        attachments: attachmentsOf(m.attachments_json).map(({ url: _url, ...meta }) => meta),
        at: m.created_at,
      })),
      timeline,
    };
  }

  /** Campaign names and agents' usernames for a page, in two batched reads. */
  private async records(rows: Row[]): Promise<InteractionRecord[]> {
    if (rows.length === 0) return [];
    const campaignIds = [...new Set(rows.map((r) => r.campaign_id).filter((c): c is string => !!c))];
    const [campaigns, usernames] = await Promise.all([
      campaignIds.length
        ? this.deps.db.selectFrom('campaigns').select(['id', 'name']).where('id', 'in', campaignIds).execute()
        : [],
      this.usernames(rows.map((r) => r.owner_agent_id).filter((a): a is string => !!a)),
    ]);
    const campaignName = new Map(campaigns.map((c) => [c.id, c.name]));
    return rows.map((r) => ({
      id: r.id,
      campaign: r.campaign_id ? { id: r.campaign_id, name: campaignName.get(r.campaign_id) ?? '' } : null,
      agent: r.owner_agent_id
        ? { id: r.owner_agent_id, username: usernames.get(r.owner_agent_id) ?? r.owner_agent_id }
        : null,
      customer: { number: r.customer_number, name: r.customer_name },
      status: r.status as InteractionRecord['status'],
      disposition: dispositionLevels(r.disposition_json),
      createdAt: r.created_at,
      takenAt: r.taken_at,
      closedAt: r.closed_at,
      closeReason: r.close_reason,
    }));
  }

  private async usernames(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const users = await this.deps.db.selectFrom('users').select(['id', 'username']).where('id', 'in', unique).execute();
    return new Map(users.map((u) => [u.id, u.username]));
  }
}
