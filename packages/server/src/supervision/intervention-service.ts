import type { ConversationMessage, InteractionSummary } from '@switchboard/protocol';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { SessionUser } from '../accounts/session-store';
import type { ConversationStore, InteractionRow } from '../conversations/conversation-store';
import { messagesOf, summaries } from '../conversations/agent/interaction-views';
import { DomainError, notFound } from '../errors';
import type { DomainBus } from '../events/domain-events';
import type { LiveGateway } from '../live/live-gateway';
import type { RouterService } from '../routing/router-service';
import type { Tables } from '../storage/schema';
import { interactionTarget, type AuditWriter } from './audit-log';
import type { CampaignMonitorService } from './monitor-service';

export interface InterventionDeps {
  db: Kysely<Tables>;
  store: ConversationStore;
  router: RouterService;
  bus: DomainBus;
  live: LiveGateway;
  monitor: CampaignMonitorService;
  /** Writes each intervention's audit record in the transaction of its change. */
  audit: AuditWriter;
  now?: () => number;
}

/** D7 "beyond uContact": a supervisor whispers to the agent of a live conversation, or takes it over. */
export class InterventionService {
  constructor(private readonly deps: InterventionDeps) {}

  /**
   * An internal note: stored with the transcript (direction `internal`), pushed to the owning agent and the
   * campaign's staff. It never enters the outbox, so the customer and the provider never see it.
   */
  async whisper(
    user: SessionUser,
    interactionId: string,
    text: string,
    scope?: readonly string[],
  ): Promise<ConversationMessage> {
    const row = await this.activeInScope(interactionId, scope);
    const message = await this.deps.db.transaction().execute(async (trx) => {
      const appended = await this.deps.store.appendMessage(trx, {
        interactionId,
        providerId: row.provider_id,
        direction: 'internal',
        author: 'supervisor',
        agentId: user.id,
        kind: 'whisper',
        body: text,
      });
      // The note itself stays in the transcript, not in the audit log.
      await this.deps.audit.write(trx, { action: 'whisper.sent', actor: user, target: interactionTarget(row) });
      return appended.message;
    });
    const [view] = await messagesOf(this.deps.db, [message]);
    // The agent's inbox shows `text` and `from` at once; staff views use the stored `message`.
    this.deps.live.whisper(interactionId, row.owner_agent_id, row.campaign_id, {
      message: view!,
      text,
      from: user.displayName,
    });
    return view!;
  }

  /**
   * The supervisor becomes the owner, then talks and closes through the agent endpoints. The write is
   * conditional on the version read, so a take-over racing a close or a transfer loses cleanly. The router
   * is told to forget the interaction: it no longer counts against the former agent's capacity.
   */
  async takeOver(user: SessionUser, interactionId: string, scope?: readonly string[]): Promise<InteractionSummary> {
    const row = await this.activeInScope(interactionId, scope);
    if (row.owner_agent_id === user.id) throw new DomainError('not_allowed_now', 'You already hold this conversation');
    const { db, store } = this.deps;
    const won = await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('interactions')
        .set({ owner_agent_id: user.id, transfer_json: null, version: sql`version + 1` })
        .where('id', '=', interactionId)
        .where('status', '=', 'active')
        .where('version', '=', row.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return false;
      await store.recordTimeline(trx, {
        interactionId,
        type: 'taken_over',
        campaignId: row.campaign_id,
        agentId: user.id,
        detail: { fromAgentId: row.owner_agent_id, text: `Taken over by ${user.displayName}` },
      });
      await this.deps.audit.write(trx, {
        action: 'interaction.taken_over',
        actor: user,
        target: interactionTarget(row),
        detail: row.owner_agent_id ? `from agent ${row.owner_agent_id}` : null,
      });
      return true;
    });
    if (!won) throw new DomainError('not_allowed_now', 'The conversation changed meanwhile; look again and retry');
    await this.deps.monitor.takenOver(interactionId, user.id);
    await this.deps.router.submit({
      type: 'interaction_resynced',
      interaction: { id: interactionId, state: 'closed' },
    });
    // The agent who held it learns who took it and when, so their pane can say so instead of failing on a 404.
    this.deps.bus.emit('interaction.taken_over', {
      interactionId,
      campaignId: row.campaign_id,
      fromAgentId: row.owner_agent_id,
      byUserId: user.id,
      byName: user.displayName,
      at: (this.deps.now ?? Date.now)(),
    });
    // The live channel tells the new owner and the campaign's members (the former owner among them) to refetch.
    this.deps.bus.emit('interaction.updated', {
      interactionId,
      campaignId: row.campaign_id,
      status: 'active',
      ownerAgentId: user.id,
    });
    const fresh = await store.getInteraction(db, interactionId);
    return (await summaries(db, [fresh!]))[0]!;
  }

  private async activeInScope(interactionId: string, scope?: readonly string[]): Promise<InteractionRow> {
    const row = await this.deps.store.getInteraction(this.deps.db, interactionId);
    // Out of scope looks the same as missing (D8).
    if (!row || (scope && !(row.campaign_id && scope.includes(row.campaign_id))))
      throw notFound('Interaction', interactionId);
    if (row.status !== 'active')
      throw new DomainError('not_allowed_now', 'Only an active conversation can be whispered to or taken over');
    return row;
  }
}
