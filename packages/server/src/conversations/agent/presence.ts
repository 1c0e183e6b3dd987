import type { AgentPresence, AgentStatusName } from '@switchboard/protocol';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema';

export async function readPresence(db: Kysely<Tables>, agentId: string): Promise<Omit<AgentPresence, 'busy'>> {
  const row = await db.selectFrom('agent_presence').selectAll().where('agent_id', '=', agentId).executeTakeFirst();
  return row
    ? {
        agentId,
        status: row.status,
        reason: row.reason,
        since: row.since,
        wrapupUntil: row.wrapup_until,
        onCall: row.on_call === 1,
      }
    : { agentId, status: 'offline', reason: null, since: 0, wrapupUntil: null, onCall: false };
}

export async function writePresence(
  db: Kysely<Tables>,
  agentId: string,
  status: AgentStatusName,
  reason: string | null,
  now: number,
): Promise<void> {
  const values = { status, reason, since: now, wrapup_until: null };
  await db
    .insertInto('agent_presence')
    .values({ agent_id: agentId, on_call: 0, ...values })
    .onConflict((oc) => oc.column('agent_id').doUpdateSet(values))
    .execute();
}

/**
 * Phone-system presence: only the on_call flag changes. An agent the phone system reports before they ever
 * signed in gets an offline row, so the flag is there (and survives a restart) when they do.
 */
export async function writeOnCall(db: Kysely<Tables>, agentId: string, onCall: boolean, now: number): Promise<void> {
  const flag = onCall ? 1 : 0;
  await db
    .insertInto('agent_presence')
    .values({ agent_id: agentId, status: 'offline', reason: null, since: now, wrapup_until: null, on_call: flag })
    .onConflict((oc) => oc.column('agent_id').doUpdateSet({ on_call: flag }))
    .execute();
}
