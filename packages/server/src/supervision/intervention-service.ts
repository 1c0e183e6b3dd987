import type { AuditAction, ConversationMessage, InteractionSummary } from '@switchboard/protocol';
import type { Decision } from '@switchboard/core';
import type { Kysely } from 'kysely';
import type { SessionUser } from '../accounts/session-store';
import type { ConversationStore, InteractionRow } from '../conversations/conversation-store';
import { messagesOf, summaries } from '../conversations/agent/interaction-views';
import { DomainError, notFound, type ErrorCode } from '../errors';
import type { DomainBus } from '../events/domain-events';
import type { LiveGateway } from '../live/live-gateway';
import type { CommandOptions, RouterService } from '../routing/router-service';
import type { Tables } from '../storage/schema';
import { interactionTarget, type AuditWriter } from './audit-log';

export interface InterventionDeps {
  db: Kysely<Tables>;
  store: ConversationStore;
  router: RouterService;
  bus: DomainBus;
  live: LiveGateway;
  /** Writes each intervention's audit record in the transaction of its change. */
  audit: AuditWriter;
  now?: () => number;
}

/** Beyond uContact: a supervisor whispers to the agent of a live conversation, or takes it over. */
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
   * The supervisor becomes the holder, then talks and closes through the agent endpoints (or releases it). It
   * is a router command: the engine moves the interaction to the taken-over state (the former agent's load
   * drops, so waiting work can reach them), the writer records it conditionally with the audit record in one
   * transaction, and a take-over racing a close or a transfer loses cleanly.
   */
  async takeOver(user: SessionUser, interactionId: string, scope?: readonly string[]): Promise<InteractionSummary> {
    const row = await this.activeInScope(interactionId, scope);
    if (row.owner_agent_id === user.id) throw new DomainError('not_allowed_now', 'You already hold this conversation');
    const decisions = await this.deps.router.command(
      { type: 'interaction_taken_over', interactionId, staffId: user.id },
      this.audited(user, row, 'taken_over', () => ({
        action: 'interaction.taken_over',
        detail: row.owner_agent_id ? `from agent ${row.owner_agent_id}` : null,
      })),
    );
    const done = decisions.find((d) => d.type === 'taken_over' && d.interactionId === interactionId);
    if (!done || done.type !== 'taken_over') {
      this.refuse(decisions, interactionId);
      throw new DomainError('not_allowed_now', 'The conversation changed meanwhile; look again and retry');
    }
    // The agent who held it learns who took it and when, so their pane can say so instead of failing on a 404.
    this.deps.bus.emit('interaction.taken_over', {
      interactionId,
      campaignId: row.campaign_id,
      fromAgentId: done.fromAgentId,
      byUserId: user.id,
      byName: user.displayName,
      at: (this.deps.now ?? Date.now)(),
    });
    // The live channel tells the new holder and the campaign's members (the former owner among them) to refetch.
    this.deps.bus.emit('interaction.updated', {
      interactionId,
      campaignId: row.campaign_id,
      status: 'active',
      ownerAgentId: user.id,
    });
    return this.summary(interactionId);
  }

  /** Ends the caller's take-over: to an agent of the campaign (within their cap) or back to the queue. */
  async release(
    user: SessionUser,
    interactionId: string,
    toAgentId: string | null,
    scope?: readonly string[],
  ): Promise<InteractionSummary> {
    const row = await this.inScope(interactionId, scope);
    const decisions = await this.deps.router.command(
      { type: 'takeover_released', interactionId, staffId: user.id, toAgentId },
      this.audited(user, row, 'takeover_released', () => ({
        action: 'interaction.released',
        detail: toAgentId ? `to agent ${toAgentId}` : 'to the queue',
      })),
    );
    if (!decisions.some((d) => d.type === 'takeover_released' && d.interactionId === interactionId)) {
      this.refuse(decisions, interactionId);
      throw new DomainError('not_allowed_now', 'The conversation changed meanwhile; look again and retry');
    }
    return this.summary(interactionId);
  }

  /** Gives a waiting interaction to a chosen member of its campaign, within that member's cap. */
  async assign(
    user: SessionUser,
    interactionId: string,
    agentId: string,
    scope?: readonly string[],
  ): Promise<InteractionSummary> {
    const row = await this.inScope(interactionId, scope);
    if (row.status !== 'waiting') throw new DomainError('not_waiting', 'Only a waiting interaction can be assigned');
    const decisions = await this.deps.router.command(
      { type: 'supervisor_assigned', interactionId, agentId },
      this.audited(user, row, 'supervisor_assigned', () => ({
        action: 'interaction.assigned_by_supervisor',
        detail: `to agent ${agentId}`,
      })),
    );
    if (!decisions.some((d) => d.type === 'supervisor_assigned' && d.interactionId === interactionId)) {
      this.refuse(decisions, interactionId);
      throw new DomainError('not_waiting', 'The interaction changed meanwhile; look again and retry');
    }
    return this.summary(interactionId);
  }

  /** Moves an active interaction from its agent to another member of its campaign, within that member's cap. */
  async move(
    user: SessionUser,
    interactionId: string,
    agentId: string,
    scope?: readonly string[],
  ): Promise<InteractionSummary> {
    const row = await this.activeInScope(interactionId, scope);
    const decisions = await this.deps.router.command(
      { type: 'interaction_moved', interactionId, toAgentId: agentId },
      this.audited(user, row, 'moved', () => ({
        action: 'interaction.moved',
        detail: `from agent ${row.owner_agent_id ?? '?'} to agent ${agentId}`,
      })),
    );
    if (!decisions.some((d) => d.type === 'moved' && d.interactionId === interactionId)) {
      this.refuse(decisions, interactionId);
      throw new DomainError('not_allowed_now', 'The conversation changed meanwhile; look again and retry');
    }
    return this.summary(interactionId);
  }

  /** The audit record goes into the transaction of the decision it records, only when that decision was written. */
  private audited(
    user: SessionUser,
    row: InteractionRow,
    decision: Decision['type'],
    what: () => { action: AuditAction; detail: string | null },
  ): CommandOptions {
    return {
      audit: {
        when: [decision],
        interactionId: row.id,
        actor: { id: user.id, username: user.username, role: user.role },
        ...what(),
      },
    };
  }

  /** The engine's refusal as the caller's error: over cap or not eligible is 409; so is not a member. */
  private refuse(decisions: Decision[], interactionId: string): void {
    const rejected = decisions.find((d) => d.type === 'supervision_rejected' && d.interactionId === interactionId);
    if (!rejected || rejected.type !== 'supervision_rejected') return;
    const code: ErrorCode =
      rejected.reason === 'at_capacity'
        ? 'at_capacity'
        : rejected.reason === 'not_waiting'
          ? 'not_waiting'
          : rejected.reason === 'not_member' || rejected.reason === 'not_eligible'
            ? 'not_eligible'
            : 'not_allowed_now';
    throw new DomainError(code, `Refused: ${rejected.detail}`, 'agentId');
  }

  private async summary(interactionId: string): Promise<InteractionSummary> {
    const fresh = await this.deps.store.getInteraction(this.deps.db, interactionId);
    if (!fresh) throw notFound('Interaction', interactionId);
    return (await summaries(this.deps.db, [fresh]))[0]!;
  }

  private async inScope(interactionId: string, scope?: readonly string[]): Promise<InteractionRow> {
    const row = await this.deps.store.getInteraction(this.deps.db, interactionId);
    // Out of scope looks the same as missing, so ids cannot be probed.
    if (!row || (scope && !(row.campaign_id && scope.includes(row.campaign_id))))
      throw notFound('Interaction', interactionId);
    return row;
  }

  private async activeInScope(interactionId: string, scope?: readonly string[]): Promise<InteractionRow> {
    const row = await this.inScope(interactionId, scope);
    if (row.status !== 'active')
      throw new DomainError('not_allowed_now', 'Only an active conversation can be whispered to or taken over');
    return row;
  }
}
