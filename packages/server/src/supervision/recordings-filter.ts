import { localDay } from '@switchboard/core';
import type { RecordingQuery } from '@switchboard/protocol';
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DialectName } from '../storage/database';
import type { Tables } from '../storage/schema';

export interface RecordingScope {
  /** Campaigns a supervisor is scoped to; undefined = everything (administrators). */
  campaigns?: readonly string[];
  /** The default "today" of the search: the time zone of the single campaign searched, else UTC. */
  timeZoneOf(campaignId: string): string | undefined;
}

const list = (csv: string | undefined): string[] =>
  (csv ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `%` and `_` typed by a person are literal. */
export const likeFragment = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Words of a free-text search: letters and digits only, so nothing the person types is FTS syntax. */
export function searchWords(text: string): string[] {
  return text
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 12);
}

/**
 * Interactions with a customer-visible message holding a word that starts with each typed word ("mensaj" finds
 * "mensaje"), through the dialect's full-text index (migration 0004): FTS5 on SQLite, the GIN index over
 * `to_tsvector('simple', …)` on PostgreSQL. Supervisor whispers are private notes, not what was said to the
 * customer, so they never match.
 */
function fullText(dialect: DialectName, words: string[]): Expression<SqlBool> {
  if (dialect === 'postgres') {
    // `searchWords` keeps letters and digits only, so `word:*` cannot carry tsquery operators.
    const query = words.map((w) => `${w.toLowerCase()}:*`).join(' & ');
    // `= any(array(…))` runs the index search first, then fetches the matching interactions by key; as a plain
    // `in (…)` the planner liked to hash-join it against every interaction of the date range instead (measured
    // 120 ms at 1M interactions for a rare word).
    return sql<SqlBool>`interactions.id = any(array(select m.interaction_id from messages m where to_tsvector('simple', coalesce(m.body, '')) @@ to_tsquery('simple', ${query}) and m.kind <> 'whisper'))`;
  }
  // FTS5 prefix queries: each word quoted (no syntax inside) and followed by `*`.
  const match = words.map((w) => `${phrase(w)}*`).join(' ');
  return sql<SqlBool>`interactions.id in (select m.interaction_id from messages_fts f join messages m on m.rowid = f.rowid where messages_fts match ${match} and m.kind <> 'whisper')`;
}

/**
 * A number or name fragment anywhere in the customer. Both dialects answer it from a trigram index
 * (migration 0004): FTS5's trigram tokenizer on SQLite (fragments of 3+ characters), pg_trgm on PostgreSQL
 * (the expressions below match its index). Shorter fragments scan the date range.
 */
function customerFragment(dialect: DialectName, fragment: string): Expression<SqlBool> {
  const pattern = likeFragment(fragment);
  if (dialect === 'postgres') {
    // Backslash is PostgreSQL's default LIKE escape; no ESCAPE clause keeps the expression indexable.
    return sql<SqlBool>`(lower(interactions.customer_number) like ${pattern} or lower(coalesce(interactions.customer_name, '')) like ${pattern})`;
  }
  if ([...fragment].length >= 3) return trigramMatch(`{customer_number customer_name} : ${phrase(fragment)}`);
  return sql<SqlBool>`(lower(interactions.customer_number) like ${pattern} escape '\\' or lower(coalesce(interactions.customer_name, '')) like ${pattern} escape '\\')`;
}

/** An FTS5 string: the text in double quotes, inner quotes doubled (nothing the person typed is syntax). */
const phrase = (text: string): string => `"${text.replace(/"/g, '""')}"`;

const trigramMatch = (match: string): Expression<SqlBool> =>
  sql<SqlBool>`interactions.rowid in (select rowid from interactions_fts where interactions_fts match ${match})`;

/**
 * Any level of the stored `{"l1":…,"l2":…,"l3":…}`; "A > B" matches that path from the top (case-insensitive
 * for ASCII on SQLite). Scans the date range through the (created_at, disposition_json) index.
 */
function disposition(dialect: DialectName, value: string): Expression<SqlBool> {
  const levels = value
    .split('>')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  // Names only ever appear as JSON values, so `":"name"` is a whole value at any level: one LIKE, not three.
  const wanted =
    levels.length <= 1
      ? [`":${JSON.stringify(levels[0] ?? '')}`]
      : levels.map((name, i) => `"l${i + 1}":${JSON.stringify(name)}`);
  const escape = dialect === 'sqlite' ? sql` escape '\\'` : sql``;
  const likes = wanted.map((w) => sql<SqlBool>`lower(interactions.disposition_json) like ${likeFragment(w)}${escape}`);
  return sql<SqlBool>`(${sql.join(likes, sql.raw(levels.length <= 1 ? ' or ' : ' and '))})`;
}

/** Start of "today" for a search without `from` (the range defaults to today). */
export function defaultFrom(query: RecordingQuery, scope: RecordingScope, now: number): number {
  const campaigns = list(query.campaignIds);
  const zone = campaigns.length === 1 ? scope.timeZoneOf(campaigns[0]!) : undefined;
  return localDay(zone ?? 'UTC', now).startsAt;
}

/** The interactions a recordings query selects, with every recordings filter applied, for the caller's scope. */
export function recordingsQuery(
  db: Kysely<Tables>,
  dialect: DialectName,
  query: RecordingQuery,
  scope: RecordingScope,
  now: number,
) {
  let q = db
    .selectFrom('interactions')
    .where('interactions.created_at', '>=', query.from ?? defaultFrom(query, scope, now));
  if (query.to !== undefined) q = q.where('interactions.created_at', '<=', query.to);
  let campaigns = list(query.campaignIds);
  if (scope.campaigns)
    campaigns = campaigns.length ? campaigns.filter((c) => scope.campaigns!.includes(c)) : [...scope.campaigns];
  if (scope.campaigns || campaigns.length)
    q = q.where('interactions.campaign_id', 'in', campaigns.length ? campaigns : ['']);
  const agents = list(query.agentIds);
  if (agents.length) {
    q = q.where((eb) =>
      eb.or([
        eb('interactions.owner_agent_id', 'in', agents),
        eb.exists(
          eb
            .selectFrom('interaction_events')
            .select('interaction_events.id')
            .whereRef('interaction_events.interaction_id', '=', 'interactions.id')
            .where('interaction_events.agent_id', 'in', agents),
        ),
      ]),
    );
  }
  const customer = query.customer?.trim().toLowerCase();
  if (customer) q = q.where(customerFragment(dialect, customer));
  if (query.providerId) q = q.where('interactions.provider_id', '=', query.providerId);
  if (query.status) q = q.where('interactions.status', '=', query.status);
  if (query.disposition?.trim()) q = q.where(disposition(dialect, query.disposition));
  const words = searchWords(query.text ?? '');
  if (words.length) q = q.where(fullText(dialect, words));
  return q;
}
