import type { AuditEntry, AuditPage, AuditQuery } from '@switchboard/protocol';
import type { Kysely } from 'kysely';
import { monotonicId } from '../ids';
import type { Tables } from '../storage/schema';

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

/** D7: every change a supervisor or administrator makes, append-only. */
export class AuditLog {
  constructor(private readonly db: Kysely<Tables>) {}

  async record(entry: NewAuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        id: monotonicId(entry.at),
        at: entry.at,
        user_id: entry.userId,
        username: entry.username,
        role: entry.role,
        action: entry.action,
        target: entry.target,
        detail: entry.detail,
      })
      .execute();
  }

  async search(query: AuditQuery): Promise<AuditPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    let q = this.db.selectFrom('audit_log');
    if (query.from !== undefined) q = q.where('at', '>=', query.from);
    if (query.to !== undefined) q = q.where('at', '<=', query.to);
    if (query.userId) q = q.where('user_id', '=', query.userId);
    if (query.action) q = q.where('action', '=', query.action);
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
    return {
      rows: rows.map((r) => ({
        id: r.id,
        at: r.at,
        userId: r.user_id,
        username: r.username,
        role: r.role,
        action: r.action,
        target: r.target,
        detail: r.detail,
      })),
      total: Number(count.n),
      page,
      pageSize,
    };
  }
}
