import type { AuditAction, AuditEntry, AuditPage, AuditQuery } from '@switchboard/protocol';
import { sql, type Kysely } from 'kysely';
import { monotonicId } from '../ids';
import type { AuditRole, Tables } from '../storage/schema';

/** Who made a change: a signed-in user, or the server itself (first administrator, demo data). */
export interface Actor {
  id: string;
  username: string;
  role: AuditRole;
}
export const SYSTEM_ACTOR: Actor = { id: 'system', username: 'system', role: 'system' };

export interface AuditTarget {
  kind: 'provider' | 'campaign' | 'member' | 'user' | 'interaction' | 'settings' | 'service_token' | 'webhook_endpoint';
  id: string;
  /** The human name as it is now; stored, so it still shows after a rename or a delete. */
  name: string | null;
}

export interface AuditRecord {
  /** A domain action from the protocol's list, so the web has a label for every one. */
  action: AuditAction;
  /** The actor, or the id of a user to read it from (agents' actions, known only by id where they happen). */
  actor: Actor | string;
  target: AuditTarget | null;
  /** Never a request body: names of changed fields, a destination, a count. */
  detail?: string | null;
}

/**
 * Writes one audit record with the executor it is given — the transaction of the change it records, so the
 * change and its record commit or roll back together. Injectable, so a test can make it fail.
 */
export interface AuditWriter {
  write(db: Kysely<Tables>, record: AuditRecord): Promise<void>;
}

/** How an interaction is named in the audit log: the customer, as the agent saw them. */
export function interactionTarget(row: {
  id: string;
  customer_name: string | null;
  customer_number: string;
}): AuditTarget {
  return {
    kind: 'interaction',
    id: row.id,
    name: row.customer_name ? `${row.customer_name} (${row.customer_number})` : row.customer_number,
  };
}

/** Every change a user makes, append-only, in the transaction of the change. */
export class AuditLog implements AuditWriter {
  /** The read-only live view is recorded once per user and interaction within this window. */
  private static readonly VIEW_WINDOW_MS = 10 * 60_000;
  private readonly lastViews = new Map<string, number>();
  private readonly writer: AuditWriter;

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly now: () => number = Date.now,
    /** What actually writes: the audit_log table unless a test injects another. */
    writer?: AuditWriter,
  ) {
    this.writer = writer ?? auditTable(now);
  }

  async write(db: Kysely<Tables>, record: AuditRecord): Promise<void> {
    return this.writer.write(db, record);
  }

  /**
   * The read-only live view is audited, though it changes nothing: written before the view is answered, once
   * per user and interaction within ten minutes however often the screen refreshes.
   */
  async viewed(actor: Actor, target: AuditTarget): Promise<void> {
    const key = `${actor.id}\u0000${target.id}`;
    const at = this.now();
    if (at - (this.lastViews.get(key) ?? Number.NEGATIVE_INFINITY) < AuditLog.VIEW_WINDOW_MS) return;
    await this.write(this.db, { action: 'interaction.viewed', actor, target });
    if (this.lastViews.size > 10_000) this.lastViews.clear();
    this.lastViews.set(key, at);
  }

  /** For actions that change nothing in this database (a one-off send through a provider). */
  async record(record: AuditRecord): Promise<void> {
    await this.write(this.db, record);
  }

  async search(query: AuditQuery): Promise<AuditPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    let q = this.db.selectFrom('audit_log');
    if (query.from !== undefined) q = q.where('at', '>=', query.from);
    if (query.to !== undefined) q = q.where('at', '<=', query.to);
    if (query.userId) q = q.where('user_id', '=', query.userId);
    if (query.action) q = q.where('action', '=', query.action);
    const campaignId = query.campaignId;
    if (campaignId) {
      // The campaign itself, its members (whose records name the campaign first in the detail), and its
      // interactions. A prefix compare rather than LIKE: an id may hold % or _.
      const member = `campaign ${campaignId}`;
      q = q.where((eb) =>
        eb.or([
          eb.and([eb('target_kind', '=', 'campaign'), eb('target', '=', campaignId)]),
          eb.and([
            eb('target_kind', '=', 'member'),
            eb.or([
              eb('detail', '=', member),
              eb(sql<string>`substr(detail, 1, ${member.length + 1})`, '=', `${member};`),
            ]),
          ]),
          eb.and([
            eb('target_kind', '=', 'interaction'),
            eb('target', 'in', eb.selectFrom('interactions').select('id').where('campaign_id', '=', campaignId)),
          ]),
        ]),
      );
    }
    const [count, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      q
        .selectAll()
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
    ]);
    const names = await this.currentNames([
      ...rows.filter((r) => r.target_name === null),
      ...rows.flatMap((r) => mentionsIn(r.detail)),
    ]);
    return {
      rows: rows.map((r): AuditEntry => ({
        id: r.id,
        at: r.at,
        userId: r.user_id,
        username: r.username,
        role: r.role,
        action: r.action,
        target: r.target,
        targetKind: r.target_kind,
        targetName: r.target_name ?? (r.target ? (names.get(`${r.target_kind}:${r.target}`) ?? null) : null),
        detail: r.detail === null ? null : namedDetail(r.detail, names),
      })),
      total: Number(count.n),
      page,
      pageSize,
    };
  }
  /**
   * Names as they are now, for records written without one (older rows): `kind:id` → name. Targets that no
   * longer exist keep showing their id.
   */
  private async currentNames(
    rows: readonly { target: string | null; target_kind: string | null }[],
  ): Promise<Map<string, string>> {
    const ids = (kind: string) => [
      ...new Set(rows.filter((r) => r.target_kind === kind && r.target).map((r) => r.target!)),
    ];
    const names = new Map<string, string>();
    const users = ids('user');
    const campaigns = ids('campaign');
    const providers = ids('provider');
    const interactions = ids('interaction');
    const [u, c, p, i] = await Promise.all([
      users.length
        ? this.db.selectFrom('users').select(['id', 'username', 'display_name']).where('id', 'in', users).execute()
        : [],
      campaigns.length
        ? this.db.selectFrom('campaigns').select(['id', 'name']).where('id', 'in', campaigns).execute()
        : [],
      providers.length
        ? this.db.selectFrom('providers').select(['id', 'name']).where('id', 'in', providers).execute()
        : [],
      interactions.length
        ? this.db
            .selectFrom('interactions')
            .select(['id', 'customer_name', 'customer_number'])
            .where('id', 'in', interactions)
            .execute()
        : [],
    ]);
    for (const r of u) names.set(`user:${r.id}`, `${r.display_name} (${r.username})`);
    for (const r of c) names.set(`campaign:${r.id}`, r.name);
    for (const r of p) names.set(`provider:${r.id}`, r.name);
    for (const r of i) names.set(`interaction:${r.id}`, interactionTarget(r).name!);
    return names;
  }
}

/** Details mention agents and campaigns by id ("to agent <id>", "campaign <id>"); ids are uuid-like. */
const MENTION = /\b(agent|campaign) ([0-9A-Za-z][0-9A-Za-z-]{7,63})\b/g;

function mentionsIn(detail: string | null): { target: string; target_kind: string }[] {
  if (!detail) return [];
  return [...detail.matchAll(MENTION)].map((m) => ({
    target: m[2]!,
    target_kind: m[1] === 'agent' ? 'user' : 'campaign',
  }));
}

/** The detail with each mentioned agent or campaign named as it is now; unknown ids stay as they are. */
function namedDetail(detail: string, names: ReadonlyMap<string, string>): string {
  return detail.replace(MENTION, (whole, kind: string, id: string) => {
    const name = names.get(`${kind === 'agent' ? 'user' : 'campaign'}:${id}`);
    return name ? `${kind} ${name}` : whole;
  });
}

/** The writer that inserts into `audit_log` with the executor it is given. */
export function auditTable(now: () => number = Date.now): AuditWriter {
  return {
    async write(db, record) {
      const actor = typeof record.actor === 'string' ? await actorById(db, record.actor) : record.actor;
      const at = now();
      await db
        .insertInto('audit_log')
        .values({
          id: monotonicId(at),
          at,
          user_id: actor.id,
          username: actor.username,
          role: actor.role,
          action: record.action,
          target: record.target?.id ?? null,
          target_kind: record.target?.kind ?? null,
          target_name: record.target?.name?.slice(0, 300) ?? null,
          detail: record.detail ?? null,
        })
        .execute();
    },
  };
}

async function actorById(db: Kysely<Tables>, id: string): Promise<Actor> {
  const user = await db.selectFrom('users').select(['id', 'username', 'role']).where('id', '=', id).executeTakeFirst();
  return user ? { id: user.id, username: user.username, role: user.role } : { ...SYSTEM_ACTOR, id };
}
