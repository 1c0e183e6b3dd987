import type { AuditAction, Member, MembersChange, MemberUpdate } from '@switchboard/protocol';
import type { Kysely } from 'kysely';
import { DomainError, notFound } from '../errors';
import type { Tables } from '../storage/schema';
import { AuditLog, SYSTEM_ACTOR, type Actor, type AuditWriter } from '../supervision/audit-log';
import { changedFields } from '../supervision/audit-detail';

export class MemberService {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly audit: AuditWriter = new AuditLog(db),
  ) {}

  async list(campaignId: string): Promise<Member[]> {
    await this.assertCampaigns([campaignId]);
    const rows = await this.db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.agent_id')
      .select([
        'members.campaign_id',
        'members.agent_id',
        'members.penalty',
        'members.position',
        'users.username',
        'users.display_name',
      ])
      .where('members.campaign_id', '=', campaignId)
      .orderBy('members.position')
      .execute();
    return rows.map((r) => ({
      campaignId: r.campaign_id,
      agentId: r.agent_id,
      username: r.username,
      displayName: r.display_name,
      penalty: r.penalty,
      position: r.position,
    }));
  }

  /**
   * uContact's Members screen: add or remove agents in every selected campaign at once. Adding an agent who is
   * already a member keeps their penalty and order; new members go to the end with penalty 0. Each actual
   * addition or removal is one audit record, in the same transaction.
   */
  async change(input: MembersChange, actor: Actor = SYSTEM_ACTOR): Promise<void> {
    const campaignIds = [...new Set(input.campaignIds)];
    const add = [...new Set(input.add ?? [])];
    const remove = [...new Set(input.remove ?? [])];
    const both = add.find((a) => remove.includes(a));
    if (both) throw new DomainError('validation_failed', `add: agent ${both} is also in remove`, 'add');
    await this.assertCampaigns(campaignIds);
    await this.assertAgents(add, 'add');
    await this.db.transaction().execute(async (trx) => {
      const names = await this.names(trx, campaignIds, [...add, ...remove]);
      for (const campaignId of campaignIds) {
        const existing = await trx
          .selectFrom('members')
          .select(['agent_id', 'position'])
          .where('campaign_id', '=', campaignId)
          .execute();
        const present = new Set(existing.map((e) => e.agent_id));
        const gone = remove.filter((a) => present.has(a));
        if (gone.length > 0) {
          await trx.deleteFrom('members').where('campaign_id', '=', campaignId).where('agent_id', 'in', gone).execute();
          for (const agentId of gone) await this.record(trx, 'member.removed', actor, names, campaignId, agentId);
        }
        const fresh = add.filter((a) => !present.has(a));
        if (fresh.length === 0) continue;
        let next = existing.filter((e) => !gone.includes(e.agent_id)).reduce((max, e) => Math.max(max, e.position), 0);
        await trx
          .insertInto('members')
          .values(fresh.map((agent_id) => ({ campaign_id: campaignId, agent_id, penalty: 0, position: ++next })))
          .execute();
        for (const agentId of fresh) await this.record(trx, 'member.added', actor, names, campaignId, agentId);
      }
    });
  }

  async update(campaignId: string, agentId: string, input: MemberUpdate, actor: Actor = SYSTEM_ACTOR): Promise<Member> {
    const members = await this.list(campaignId);
    const current = members.find((m) => m.agentId === agentId);
    if (!current) throw notFound('Member', `${agentId} of campaign ${campaignId}`);
    await this.db.transaction().execute(async (trx) => {
      if (input.position !== undefined && input.position !== current.position) {
        // Moving one member renumbers the others so positions stay 1..n without gaps.
        const order = members.filter((m) => m.agentId !== agentId).map((m) => m.agentId);
        order.splice(Math.min(input.position, order.length + 1) - 1, 0, agentId);
        await writeOrder(trx, campaignId, order);
      }
      if (input.penalty !== undefined) {
        await trx
          .updateTable('members')
          .set({ penalty: input.penalty })
          .where('campaign_id', '=', campaignId)
          .where('agent_id', '=', agentId)
          .execute();
      }
      const names = await this.names(trx, [campaignId], [agentId]);
      await this.record(trx, 'member.updated', actor, names, campaignId, agentId, changedFields(input));
    });
    return (await this.list(campaignId)).find((m) => m.agentId === agentId)!;
  }

  /** Sets the order from the complete list of the campaign's agent ids. */
  async reorder(campaignId: string, agentIds: string[], actor: Actor = SYSTEM_ACTOR): Promise<Member[]> {
    const members = await this.list(campaignId);
    const known = new Set(members.map((m) => m.agentId));
    const stranger = agentIds.find((a) => !known.has(a));
    if (stranger)
      throw new DomainError('validation_failed', `agentIds: ${stranger} is not a member of this campaign`, 'agentIds');
    if (agentIds.length !== members.length) {
      throw new DomainError(
        'validation_failed',
        `agentIds: list all ${members.length} members, got ${agentIds.length}`,
        'agentIds',
      );
    }
    await this.db.transaction().execute(async (trx) => {
      await writeOrder(trx, campaignId, agentIds);
      const names = await this.names(trx, [campaignId], []);
      await this.audit.write(trx, {
        action: 'members.reordered',
        actor,
        target: { kind: 'campaign', id: campaignId, name: names.campaigns.get(campaignId) ?? null },
      });
    });
    return this.list(campaignId);
  }

  /** Campaign and agent names as they are now, for the audit records of this change. */
  private async names(
    trx: Kysely<Tables>,
    campaignIds: string[],
    agentIds: string[],
  ): Promise<{ campaigns: Map<string, string>; agents: Map<string, string> }> {
    const campaigns = campaignIds.length
      ? await trx.selectFrom('campaigns').select(['id', 'name']).where('id', 'in', campaignIds).execute()
      : [];
    const agents = agentIds.length
      ? await trx.selectFrom('users').select(['id', 'username', 'display_name']).where('id', 'in', agentIds).execute()
      : [];
    return {
      campaigns: new Map(campaigns.map((c) => [c.id, c.name])),
      agents: new Map(agents.map((a) => [a.id, `${a.display_name} (${a.username})`])),
    };
  }

  private async record(
    trx: Kysely<Tables>,
    action: AuditAction,
    actor: Actor,
    names: { campaigns: Map<string, string>; agents: Map<string, string> },
    campaignId: string,
    agentId: string,
    detail: string | null = null,
  ): Promise<void> {
    const campaign = names.campaigns.get(campaignId) ?? campaignId;
    await this.audit.write(trx, {
      action,
      actor,
      target: { kind: 'member', id: agentId, name: `${names.agents.get(agentId) ?? agentId} in ${campaign}` },
      detail: detail ? `campaign ${campaignId}; ${detail}` : `campaign ${campaignId}`,
    });
  }

  private async assertCampaigns(ids: string[]): Promise<void> {
    const found = await this.db.selectFrom('campaigns').select('id').where('id', 'in', ids).execute();
    const known = new Set(found.map((f) => f.id));
    const missing = ids.find((i) => !known.has(i));
    if (missing) throw notFound('Campaign', missing);
  }

  private async assertAgents(ids: string[], field: string): Promise<void> {
    if (ids.length === 0) return;
    const found = await this.db.selectFrom('users').select(['id', 'role']).where('id', 'in', ids).execute();
    const roles = new Map(found.map((f) => [f.id, f.role]));
    ids.forEach((id, i) => {
      const role = roles.get(id);
      if (!role)
        throw new DomainError('validation_failed', `${field}.${i}: user ${id} does not exist`, `${field}.${i}`);
      if (role !== 'agent')
        throw new DomainError(
          'validation_failed',
          `${field}.${i}: only agents can be campaign members (this user is a ${role})`,
          `${field}.${i}`,
        );
    });
  }
}

async function writeOrder(trx: Kysely<Tables>, campaignId: string, agentIds: string[]): Promise<void> {
  for (const [i, agentId] of agentIds.entries()) {
    await trx
      .updateTable('members')
      .set({ position: i + 1 })
      .where('campaign_id', '=', campaignId)
      .where('agent_id', '=', agentId)
      .execute();
  }
}
