import { randomUUID } from 'node:crypto';
import type { Role, User, UserCreate, UserUpdate } from '@switchboard/protocol';
import type { Kysely, Selectable } from 'kysely';
import { DomainError, notFound } from '../errors';
import type { DomainBus } from '../events/domain-events';
import { generatePassword, hashPassword, verifyPassword } from '../security/passwords';
import { isUniqueViolation } from '../storage/constraint-errors';
import type { Tables, UsersTable } from '../storage/schema';
import { AuditLog, SYSTEM_ACTOR, type Actor, type AuditWriter, type AuditTarget } from '../supervision/audit-log';
import { changedFields } from '../supervision/audit-detail';
import type { SessionUser } from './session-store';

// A fixed hash to compare against when the username is unknown, so a login takes as long either way and
// the response time does not tell which usernames exist.
const DECOY_HASH = hashPassword('decoy-password-never-used');

export class UserService {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly now: () => number = Date.now,
    private readonly audit: AuditWriter = new AuditLog(db, now),
    private readonly bus?: DomainBus,
  ) {}

  async authenticate(username: string, password: string): Promise<SessionUser> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('username_key', '=', username.toLowerCase())
      .executeTakeFirst();
    const ok = await verifyPassword(password, row?.password_hash ?? (await DECOY_HASH));
    if (!row || !ok) throw new DomainError('invalid_credentials', 'Wrong username or password');
    if (!row.enabled) throw new DomainError('account_disabled', 'This account is disabled; ask an administrator');
    return { id: row.id, username: row.username, displayName: row.display_name, role: row.role };
  }

  async list(filter: { role?: Role } = {}): Promise<User[]> {
    let q = this.db.selectFrom('users').selectAll().orderBy('username_key');
    if (filter.role) q = q.where('role', '=', filter.role);
    const rows = await q.execute();
    const [scopes, memberships] = await Promise.all([this.scopes(rows.map((r) => r.id)), this.memberships(rows)]);
    return rows.map((r) => toUser(r, scopes.get(r.id) ?? [], memberships.get(r.id) ?? []));
  }

  async get(id: string): Promise<User> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('User', id);
    const [scopes, memberships] = await Promise.all([this.scopes([id]), this.memberships([row])]);
    return toUser(row, scopes.get(id) ?? [], memberships.get(id) ?? []);
  }

  async create(input: UserCreate, actor: Actor = SYSTEM_ACTOR): Promise<User> {
    const id = randomUUID();
    const at = this.now();
    const passwordHash = await hashPassword(input.password);
    await this.db
      .transaction()
      .execute(async (trx) => {
        await this.assertUsernameFree(trx, input.username);
        await trx
          .insertInto('users')
          .values({
            id,
            username: input.username,
            username_key: input.username.toLowerCase(),
            display_name: input.displayName,
            role: input.role,
            password_hash: passwordHash,
            enabled: input.enabled === false ? 0 : 1,
            all_campaigns: input.role === 'supervisor' && input.allCampaigns === true ? 1 : 0,
            created_at: at,
            updated_at: at,
          })
          .execute();
        await this.writeScope(trx, id, input.role, input.allCampaigns === true ? [] : (input.campaignIds ?? []));
        await this.audit.write(trx, {
          action: 'user.created',
          actor,
          target: userTarget(id, input.username, input.displayName),
          detail: input.role,
        });
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error))
          throw new DomainError('name_taken', `The username "${input.username}" is taken`, 'username');
        throw error;
      });
    return this.get(id);
  }

  async update(id: string, input: UserUpdate, actor: Actor = SYSTEM_ACTOR): Promise<User> {
    const current = await this.get(id);
    const role = input.role ?? current.role;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({
          ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
          ...(input.role !== undefined ? { role: input.role } : {}),
          ...(input.enabled !== undefined ? { enabled: input.enabled ? 1 : 0 } : {}),
          all_campaigns: role === 'supervisor' && (input.allCampaigns ?? current.allCampaigns) ? 1 : 0,
          updated_at: this.now(),
        })
        .where('id', '=', id)
        .execute();
      if (input.campaignIds !== undefined || input.role !== undefined || input.allCampaigns !== undefined) {
        const all = input.allCampaigns ?? current.allCampaigns;
        await this.writeScope(trx, id, role, all ? [] : (input.campaignIds ?? current.campaignIds));
      }
      // A disabled account loses its sessions at once, not when they expire.
      if (input.enabled === false) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      const action =
        input.enabled === false && current.enabled
          ? 'user.disabled'
          : input.enabled === true && !current.enabled
            ? 'user.enabled'
            : 'user.updated';
      await this.audit.write(trx, {
        action,
        actor,
        target: userTarget(id, current.username, input.displayName ?? current.displayName),
        detail: changedFields(input),
      });
    });
    // After the commit: the live channel re-reads role, scope and sessions of this user before it feeds them.
    this.bus?.emit('user.changed', { userId: id });
    return this.get(id);
  }

  async resetPassword(id: string, password: string, actor: Actor = SYSTEM_ACTOR): Promise<void> {
    const current = await this.get(id);
    const passwordHash = await hashPassword(password);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, updated_at: this.now() })
        .where('id', '=', id)
        .execute();
      await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      await this.audit.write(trx, {
        action: 'user.password_reset',
        actor,
        target: userTarget(id, current.username, current.displayName),
      });
    });
    this.bus?.emit('user.changed', { userId: id });
  }

  /**
   * Creates the first administrator when there is no user at all. Returns the generated password (to print
   * once) when none was configured.
   */
  async ensureFirstAdministrator(
    username: string,
    configured: string | null,
  ): Promise<{ created: boolean; password?: string }> {
    const any = await this.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (any) return { created: false };
    const password = configured ?? generatePassword();
    try {
      await this.create({ username, displayName: 'Administrator', role: 'administrator', password });
    } catch (error) {
      // Another process starting at the same moment won the race: that is fine.
      if (error instanceof DomainError && error.code === 'name_taken') return { created: false };
      throw error;
    }
    return configured ? { created: true } : { created: true, password };
  }

  /**
   * Campaign ids a supervisor is scoped to; undefined when they see every campaign (checked at each request,
   * so a campaign created later is in scope at once).
   */
  async scopeOf(userId: string): Promise<string[] | undefined> {
    const row = await this.db.selectFrom('users').select('all_campaigns').where('id', '=', userId).executeTakeFirst();
    if (row?.all_campaigns === 1) return undefined;
    return (await this.scopes([userId])).get(userId) ?? [];
  }

  private async assertUsernameFree(db: Kysely<Tables>, username: string): Promise<void> {
    const taken = await db
      .selectFrom('users')
      .select('id')
      .where('username_key', '=', username.toLowerCase())
      .executeTakeFirst();
    if (taken) throw new DomainError('name_taken', `The username "${username}" is taken`, 'username');
  }

  private async writeScope(db: Kysely<Tables>, userId: string, role: Role, campaignIds: string[]): Promise<void> {
    await db.deleteFrom('user_campaigns').where('user_id', '=', userId).execute();
    const ids = role === 'supervisor' ? [...new Set(campaignIds)] : [];
    if (ids.length === 0) return;
    const found = await db.selectFrom('campaigns').select('id').where('id', 'in', ids).execute();
    if (found.length !== ids.length) {
      const known = new Set(found.map((f) => f.id));
      const missing = ids.find((i) => !known.has(i));
      throw new DomainError('validation_failed', `campaignIds: campaign ${missing} does not exist`, 'campaignIds');
    }
    await db
      .insertInto('user_campaigns')
      .values(ids.map((campaign_id) => ({ user_id: userId, campaign_id })))
      .execute();
  }

  private async memberships(rows: { id: string; role: Role }[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    const agentIds = rows.filter((r) => r.role === 'agent').map((r) => r.id);
    if (agentIds.length === 0) return map;
    const members = await this.db
      .selectFrom('members')
      .select(['agent_id', 'campaign_id'])
      .where('agent_id', 'in', agentIds)
      .execute();
    for (const m of members) map.set(m.agent_id, [...(map.get(m.agent_id) ?? []), m.campaign_id]);
    return map;
  }

  private async scopes(userIds: string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (userIds.length === 0) return map;
    const rows = await this.db.selectFrom('user_campaigns').selectAll().where('user_id', 'in', userIds).execute();
    for (const r of rows) map.set(r.user_id, [...(map.get(r.user_id) ?? []), r.campaign_id]);
    return map;
  }
}

function toUser(row: Selectable<UsersTable>, campaignIds: string[], memberOf: string[]): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    enabled: row.enabled === 1,
    allCampaigns: row.all_campaigns === 1,
    campaignIds: row.all_campaigns === 1 ? [] : campaignIds,
    memberOf,
    createdAt: row.created_at,
  };
}

function userTarget(id: string, username: string, displayName: string): AuditTarget {
  return { kind: 'user', id, name: `${displayName} (${username})` };
}
