import type { RecordingPage, RecordingQuery, RecordingRow } from '@switchboard/protocol';
import type { Kysely } from 'kysely';
import type { DialectName } from '../storage/database';
import type { Tables } from '../storage/schema';
import { recordingsQuery, searchWords, type RecordingScope } from './recordings-filter';
import type { MessageTextIndex } from './message-text-index';
import { readDisposition } from '../storage/json-columns';

export interface RecordingsDeps {
  db: Kysely<Tables>;
  dialect: DialectName;
  now?: () => number;
  /** Brought up to date before a free-text search (SQLite indexes message bodies in batches). */
  textIndex?: Pick<MessageTextIndex, 'catchUp'>;
}

/** A CSV export holds at most this many interactions: past it, narrow the filters. */
export const EXPORT_CAP = 50_000;
const ENRICH_CHUNK = 500;
/** Timeline events that put an agent on an interaction ("agents traversed"). */
const AGENT_EVENTS = ['assigned', 'taken', 'transferred', 'taken_over'];

const COLUMNS = [
  'interactions.id',
  'interactions.created_at',
  'interactions.closed_at',
  'interactions.campaign_id',
  'interactions.customer_number',
  'interactions.customer_name',
  'interactions.provider_id',
  'interactions.entered_at',
  'interactions.taken_at',
  'interactions.disposition_json',
  'interactions.status',
  'interactions.close_reason',
  'interactions.owner_agent_id',
] as const;

/** Recordings: the search, its paging and its export. */
export class RecordingsService {
  private readonly now: () => number;

  constructor(private readonly deps: RecordingsDeps) {
    this.now = deps.now ?? Date.now;
  }

  async search(query: RecordingQuery, scope: RecordingScope): Promise<RecordingPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    await this.indexUpToNow(query);
    const base = recordingsQuery(this.deps.db, this.deps.dialect, query, scope, this.now());
    const [count, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      base
        .select(COLUMNS)
        .orderBy('interactions.created_at', 'desc')
        .orderBy('interactions.id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
    ]);
    return { rows: await this.enrich(rows), total: Number(count.n), page, pageSize };
  }

  /** Every matching interaction, newest first, up to EXPORT_CAP. */
  async exportRows(query: RecordingQuery, scope: RecordingScope): Promise<RecordingRow[]> {
    await this.indexUpToNow(query);
    const rows = await recordingsQuery(this.deps.db, this.deps.dialect, query, scope, this.now())
      .select(COLUMNS)
      .orderBy('interactions.created_at', 'desc')
      .orderBy('interactions.id', 'desc')
      .limit(EXPORT_CAP)
      .execute();
    const out: RecordingRow[] = [];
    for (let i = 0; i < rows.length; i += ENRICH_CHUNK)
      out.push(...(await this.enrich(rows.slice(i, i + ENRICH_CHUNK))));
    return out;
  }

  /** A text search sees every message committed before it began, however far the batch indexer lags. */
  private async indexUpToNow(query: RecordingQuery): Promise<void> {
    if (searchWords(query.text ?? '').length) await this.deps.textIndex?.catchUp();
  }

  /** Names, agents, channels, message counts and satisfaction answers for one page of rows, in batched reads. */
  private async enrich(rows: Row[]): Promise<RecordingRow[]> {
    if (rows.length === 0) return [];
    const { db } = this.deps;
    const ids = rows.map((r) => r.id);
    const campaignIds = [...new Set(rows.map((r) => r.campaign_id).filter((c): c is string => !!c))];
    const providerIds = [...new Set(rows.map((r) => r.provider_id))];
    const [campaigns, counts, passages, providers, surveys] = await Promise.all([
      campaignIds.length
        ? db.selectFrom('campaigns').select(['id', 'name']).where('id', 'in', campaignIds).execute()
        : [],
      db
        .selectFrom('messages')
        .select(['interaction_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('interaction_id', 'in', ids)
        .groupBy('interaction_id')
        .execute(),
      db
        .selectFrom('interaction_events')
        .select(['interaction_id', 'agent_id', 'type'])
        .where('interaction_id', 'in', ids)
        .where('type', 'in', [...AGENT_EVENTS, 'closed'])
        .where('agent_id', 'is not', null)
        .orderBy('id')
        .execute(),
      db.selectFrom('providers').select(['id', 'channel']).where('id', 'in', providerIds).execute(),
      db
        .selectFrom('satisfaction_surveys')
        .select(['interaction_id', 'score'])
        .where('interaction_id', 'in', ids)
        .where('state', '=', 'answered')
        .execute(),
    ]);
    const channel = new Map(providers.map((p) => [p.id, p.channel]));
    const agentsOf = new Map<string, string[]>();
    const add = (interactionId: string, agentId: string) => {
      const agents = agentsOf.get(interactionId) ?? [];
      if (!agents.includes(agentId)) agents.push(agentId);
      agentsOf.set(interactionId, agents);
    };
    // The close event names whoever closed it by hand; closes by the customer or the system carry no one.
    const closerOf = new Map<string, string>();

    for (const p of passages) {
      if (p.type === 'closed') closerOf.set(p.interaction_id, p.agent_id!);
      else add(p.interaction_id, p.agent_id!);
    }
    for (const r of rows) if (r.owner_agent_id) add(r.id, r.owner_agent_id);
    const agentIds = [...new Set([...[...agentsOf.values()].flat(), ...closerOf.values()])];
    const users = agentIds.length
      ? await db.selectFrom('users').select(['id', 'display_name', 'role']).where('id', 'in', agentIds).execute()
      : [];
    const name = new Map(users.map((u) => [u.id, u.display_name]));
    const role = new Map(users.map((u) => [u.id, u.role]));
    const closedBy = (id: string): RecordingRow['closedBy'] => {
      const closer = closerOf.get(id);
      const closerRole = closer === undefined ? undefined : role.get(closer);
      return closer === undefined || closerRole === undefined ? null : { name: name.get(closer)!, role: closerRole };
    };
    const campaignName = new Map(campaigns.map((c) => [c.id, c.name]));
    const count = new Map(counts.map((c) => [c.interaction_id, Number(c.n)]));
    const score = new Map(surveys.map((s) => [s.interaction_id, s.score]));
    return rows.map((r) => ({
      id: r.id,
      startedAt: r.created_at,
      endedAt: r.closed_at,
      campaignId: r.campaign_id,
      campaignName: r.campaign_id ? (campaignName.get(r.campaign_id) ?? null) : null,
      agentNames: (agentsOf.get(r.id) ?? []).map((id) => name.get(id) ?? id),
      customerNumber: r.customer_number,
      customerName: r.customer_name,
      providerId: r.provider_id,
      ...(channel.has(r.provider_id) ? { channel: channel.get(r.provider_id) } : {}),
      waitMs: waitOf(r),
      durationMs: r.closed_at === null ? null : r.closed_at - r.created_at,
      messageCount: count.get(r.id) ?? 0,
      disposition: dispositionPath(r.disposition_json),
      status: r.status as RecordingRow['status'],
      closeReason: r.close_reason,
      closedBy: closedBy(r.id),
      satisfaction: score.get(r.id) ?? null,
    }));
  }
}

type Row = {
  id: string;
  created_at: number;
  closed_at: number | null;
  campaign_id: string | null;
  customer_number: string;
  customer_name: string | null;
  provider_id: string;
  entered_at: number | null;
  taken_at: number | null;
  disposition_json: string | null;
  status: string;
  close_reason: string | null;
  owner_agent_id: string | null;
};

/** Queue wait: entry → taken; for one never taken, entry → close (how long the customer waited in vain). */
function waitOf(r: Row): number | null {
  if (r.entered_at === null) return null;
  const end = r.taken_at ?? r.closed_at;
  return end === null ? null : Math.max(0, end - r.entered_at);
}

export function dispositionPath(json: string | null): string | null {
  if (!json) return null;
  const d = readDisposition(json);
  return [d.l1, d.l2, d.l3].filter(Boolean).join(' > ') || null;
}
