import type { Member, MembersChange, MemberUpdate } from '@switchboard/protocol';
import type { Kysely } from 'kysely';
import { DomainError, notFound } from '../errors';
import type { Tables } from '../storage/schema';

export class MemberService {
  constructor(private readonly db: Kysely<Tables>) {}

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
   * already a member keeps their penalty and order; new members go to the end with penalty 0.
   */
  async change(input: MembersChange): Promise<void> {
    const campaignIds = [...new Set(input.campaignIds)];
    const add = [...new Set(input.add ?? [])];
    const remove = [...new Set(input.remove ?? [])];
    const both = add.find((a) => remove.includes(a));
    if (both) throw new DomainError('validation_failed', `add: agent ${both} is also in remove`, 'add');
    await this.assertCampaigns(campaignIds);
    await this.assertAgents(add, 'add');
    await this.db.transaction().execute(async (trx) => {
      for (const campaignId of campaignIds) {
        if (remove.length > 0) {
          await trx
            .deleteFrom('members')
            .where('campaign_id', '=', campaignId)
            .where('agent_id', 'in', remove)
            .execute();
        }
        if (add.length === 0) continue;
        const existing = await trx
          .selectFrom('members')
          .select(['agent_id', 'position'])
          .where('campaign_id', '=', campaignId)
          .execute();
        const present = new Set(existing.map((e) => e.agent_id));
        let next = existing.reduce((max, e) => Math.max(max, e.position), 0);
        const fresh = add.filter((a) => !present.has(a));
        if (fresh.length === 0) continue;
        await trx
          .insertInto('members')
          .values(fresh.map((agent_id) => ({ campaign_id: campaignId, agent_id, penalty: 0, position: ++next })))
          .execute();
      }
    });
  }

  async update(campaignId: string, agentId: string, input: MemberUpdate): Promise<Member> {
    const members = await this.list(campaignId);
    const current = members.find((m) => m.agentId === agentId);
    if (!current) throw notFound('Member', `${agentId} of campaign ${campaignId}`);
    if (input.position !== undefined && input.position !== current.position) {
      // Moving one member renumbers the others so positions stay 1..n without gaps.
      const order = members.filter((m) => m.agentId !== agentId).map((m) => m.agentId);
      order.splice(Math.min(input.position, order.length + 1) - 1, 0, agentId);
      await this.reorder(campaignId, order);
    }
    if (input.penalty !== undefined) {
      await this.db
        .updateTable('members')
        .set({ penalty: input.penalty })
        .where('campaign_id', '=', campaignId)
        .where('agent_id', '=', agentId)
        .execute();
    }
    return (await this.list(campaignId)).find((m) => m.agentId === agentId)!;
  }

  /** Sets the order from the complete list of the campaign's agent ids. */
  async reorder(campaignId: string, agentIds: string[]): Promise<Member[]> {
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
      for (const [i, agentId] of agentIds.entries()) {
        await trx
          .updateTable('members')
          .set({ position: i + 1 })
          .where('campaign_id', '=', campaignId)
          .where('agent_id', '=', agentId)
          .execute();
      }
    });
    return this.list(campaignId);
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
