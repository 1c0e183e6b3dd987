import { channelWindow, checkSend, validateDisposition, windowApplies, type Decision } from '@switchboard/core';
import type {
  AgentPresence,
  AgentStatusBody,
  CloseBody,
  EarlierConversation,
  Inbox,
  InteractionDetail,
  InteractionSummary,
  PendingEntry,
  SendMessageBody,
  TransferBody,
  ConversationMessage,
  OutboundContent,
  AuditAction,
} from '@switchboard/protocol';
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { SessionUser } from '../../accounts/session-store';
import type { SettingsService } from '../../accounts/settings-service';
import { DomainError, notFound, type ErrorCode } from '../../errors';
import type { DomainBus } from '../../events/domain-events';
import type { CommandOptions, RouterService } from '../../routing/router-service';
import type { AuditWriter } from '../../supervision/audit-log';
import type { InteractionsTable, Tables } from '../../storage/schema';
import type { ConversationStore, NewMessage } from '../conversation-store';
import { incomingTransfers } from '../interaction-repository';
import { lastCustomerMessageAt } from '../last-customer-message';
import type { AttachmentStore } from './attachment-store';
import { dispositionLevels, inboxSignals, messagesOf, summaries, timelineOf } from './interaction-views';
import { readPresence, writeOnCall, writePresence } from './presence';
import { WINDOW_CLOSED_REASON } from '../../providers/whatsapp-cloud/error-codes';

type Row = Selectable<InteractionsTable>;

export interface AgentWorkDeps {
  db: Kysely<Tables>;
  store: ConversationStore;
  router: RouterService;
  bus: DomainBus;
  settings: SettingsService;
  attachments: AttachmentStore;
  outboxChanged: () => void;
  /** Writes each action's audit record in the transaction of its change. */
  audit: AuditWriter;
  now?: () => number;
  /** Why a template cannot be sent through a provider (unknown, not approved, wrong parameter count), or null. */
  templateProblem?: (providerId: string, template: NonNullable<SendMessageBody['template']>) => Promise<string | null>;
}

/**
 * What an agent does with interactions: see, take, talk, transfer, close. Writes go through the router
 * (ownership) or the conversation store (messages, close) and are announced on the bus after they commit.
 */
export class AgentWork {
  private readonly now: () => number;

  constructor(private readonly deps: AgentWorkDeps) {
    this.now = deps.now ?? Date.now;
  }

  async presence(agentId: string): Promise<AgentPresence> {
    const p = await readPresence(this.deps.db, agentId);
    const view = this.deps.router.views.agentView(agentId);
    return { ...p, busy: (view?.held ?? 0) > 0, autoPaused: view?.autoPaused ?? false };
  }

  async setStatus(agentId: string, body: AgentStatusBody): Promise<AgentPresence> {
    let reason: string | null = null;
    if (body.status === 'paused') {
      const reasons = await this.deps.settings.pauseReasons();
      if (!body.reason || !reasons.includes(body.reason)) {
        throw new DomainError('validation_failed', `reason: choose one of ${reasons.join(', ')}`, 'reason');
      }
      reason = body.reason;
    }
    const now = this.now();
    await writePresence(this.deps.db, agentId, body.status, reason, now);
    await this.deps.router.command({
      type: 'agent_status_changed',
      agentId,
      status: body.status,
      ...(reason ? { reason } : {}),
    });
    this.deps.bus.emit('agent.status', { agentId, status: body.status, reason, since: now });
    return this.presence(agentId);
  }

  /**
   * Phone-system presence (`onCall`, docs/operations.md): stored first, so a restart keeps it, then the router
   * re-evaluates the agent (incall and omni route by it), then monitoring and the agent hear of it.
   */
  async setOnCall(agentId: string, onCall: boolean): Promise<AgentPresence> {
    const now = this.now();
    await writeOnCall(this.deps.db, agentId, onCall, now);
    await this.deps.router.command({ type: 'agent_on_call_changed', agentId, onCall });
    this.deps.bus.emit('agent.phone', { agentId, onCall, at: now });
    return this.presence(agentId);
  }

  /** The agent a phone system names, by id or by username; anyone else is "no such agent". */
  async agentId(by: { id: string } | { username: string }): Promise<string> {
    let query = this.deps.db.selectFrom('users').select('id').where('role', '=', 'agent');
    query = 'id' in by ? query.where('id', '=', by.id) : query.where('username_key', '=', by.username.toLowerCase());
    const row = await query.executeTakeFirst();
    if (!row) throw notFound('Agent', 'id' in by ? by.id : by.username);
    return row.id;
  }

  async inbox(agentId: string): Promise<Inbox> {
    const { db, router } = this.deps;
    const memberships = await db.selectFrom('members').select('campaign_id').where('agent_id', '=', agentId).execute();
    const campaigns = memberships
      .map((m) => router.campaign(m.campaign_id))
      .filter((c): c is NonNullable<typeof c> => !!c);
    const visible = router.views.waitingVisibleTo(agentId, 200);
    const waitingRows = visible.length
      ? await db
          .selectFrom('interactions')
          .selectAll()
          .where(
            'id',
            'in',
            visible.map((v) => v.interactionId),
          )
          .execute()
      : [];
    const byId = new Map(waitingRows.map((r) => [r.id, r]));
    const pending: PendingEntry[] = visible.flatMap((v) => {
      const row = byId.get(v.interactionId);
      if (!row) return [];
      return [
        {
          interactionId: v.interactionId,
          campaignId: v.campaignId,
          campaignName: router.campaign(v.campaignId)?.name ?? '',
          customerNumber: row.customer_number,
          customerName: row.customer_name,
          enteredAt: v.enteredAt,
          takeable: v.takeable,
        },
      ];
    });
    const mine = await db
      .selectFrom('interactions')
      .selectAll()
      .where('owner_agent_id', '=', agentId)
      .where('status', 'in', ['offered', 'active'])
      .orderBy('taken_at')
      .execute();
    // Transfers waiting for this agent to take them are held by the transferring agent until then.
    const incoming = await incomingTransfers(db, agentId);
    const held = [...mine, ...incoming];
    const signals = await inboxSignals(
      db,
      held.map((r) => r.id),
    );
    const active = (await summaries(db, held)).map((s) => {
      // The router arms the offer-expiry timer while an interaction is offered; that is the countdown shown.
      const view = s.status === 'offered' ? this.deps.router.views.interaction(s.id) : undefined;
      return {
        ...s,
        lastMessage: signals.get(s.id)?.lastMessage ?? null,
        customerMessages: signals.get(s.id)?.customerMessages ?? 0,
        offerExpiresAt: view?.state === 'offered' ? view.deadline : null,
      };
    });
    return {
      me: await this.presence(agentId),
      pending,
      active,
      campaigns: campaigns.map((c) => ({
        id: c.id,
        name: c.name,
        strategy: c.strategy,
        maxInteractionsPerAgent: c.maxInteractionsPerAgent,
        cannedResponses: c.cannedResponses,
        dispositions: c.dispositions,
      })),
      pauseReasons: await this.deps.settings.pauseReasons(),
    };
  }

  async take(agentId: string, interactionId: string): Promise<InteractionSummary> {
    const decisions = await this.deps.router.command(
      { type: 'interaction_taken', interactionId, agentId },
      this.auditIf(agentId, interactionId, ['taken'], () => ({
        action: 'interaction.taken',
      })),
    );
    this.refuse(decisions, interactionId);
    if (!decisions.some((d) => d.type === 'taken' && d.interactionId === interactionId)) {
      throw new DomainError('not_waiting', 'This interaction is no longer waiting');
    }
    return this.summary(interactionId);
  }

  async answerOffer(agentId: string, interactionId: string, accept: boolean): Promise<void> {
    const type = accept ? 'offer_accepted' : 'offer_declined';
    const decisions = await this.deps.router.command(
      { type, interactionId, agentId },
      this.auditIf(agentId, interactionId, [type], () =>
        accept
          ? { action: 'interaction.taken', detail: 'accepted the offer' }
          : { action: 'interaction.offer_declined' },
      ),
    );
    if (!decisions.some((d) => d.type === (accept ? 'offer_accepted' : 'offer_declined'))) {
      throw new DomainError('not_waiting', 'This offer is no longer open to you');
    }
  }

  async detail(user: SessionUser, interactionId: string, scope?: string[]): Promise<InteractionDetail> {
    const row = await this.readable(user, interactionId, scope);
    const { db } = this.deps;
    const [interaction] = await summaries(db, [row]);
    const earlier = await db
      .selectFrom('interactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(this.earlierVisible(user, row, scope))
      .executeTakeFirstOrThrow();
    const lastCustomerAt = interaction!.lastCustomerMessageAt;
    const window = channelWindow(interaction!.channel ?? 'whatsapp', lastCustomerAt, this.now());
    const rows = await this.deps.store.listMessages(db, row.id);
    const survey = await db
      .selectFrom('satisfaction_surveys')
      .select('score')
      .where('interaction_id', '=', row.id)
      .where('state', '=', 'answered')
      .executeTakeFirst();
    // Meta's word beats our clock: a send refused as a re-engagement (131047) since the customer last wrote
    // means the window is closed, so the composer offers templates.
    const closedByMeta = rows.some(
      (m) =>
        m.direction === 'out' &&
        m.status === 'failed' &&
        m.error === WINDOW_CLOSED_REASON &&
        m.created_at >= (lastCustomerAt ?? 0),
    );
    return {
      interaction: interaction!,
      messages: await messagesOf(db, rows),
      timeline: await timelineOf(db, row.id),
      window: { open: window.open && !closedByMeta, closesAt: window.closesAt ?? null, applies: window.applies },
      earlierCount: Number(earlier.n),
      satisfaction: survey?.score ?? null,
    };
  }

  /** Who the conversation is with and through which provider, for a reader of it (the template picker). */
  async party(
    user: SessionUser,
    interactionId: string,
    scope?: string[],
  ): Promise<{ providerId: string; customerNumber: string }> {
    const row = await this.readable(user, interactionId, scope);
    return { providerId: row.provider_id, customerNumber: row.customer_number };
  }

  async earlier(user: SessionUser, interactionId: string, scope?: string[]): Promise<EarlierConversation[]> {
    const row = await this.readable(user, interactionId, scope);
    const { db } = this.deps;
    const rows = await db
      .selectFrom('interactions')
      .leftJoin('campaigns', 'campaigns.id', 'interactions.campaign_id')
      .select([
        'interactions.id',
        'campaigns.name as campaignName',
        'interactions.created_at',
        'interactions.closed_at',
        'interactions.close_reason',
        'interactions.disposition_json',
      ])
      .where(this.earlierVisible(user, row, scope))
      .orderBy('interactions.created_at', 'desc')
      .limit(50)
      .execute();
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const counts = await db
      .selectFrom('messages')
      .select(['interaction_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('interaction_id', 'in', ids)
      .groupBy('interaction_id')
      .execute();
    const agents = await db
      .selectFrom('interaction_events')
      .innerJoin('users', 'users.id', 'interaction_events.agent_id')
      .select(['interaction_events.interaction_id', 'users.display_name'])
      .where('interaction_events.interaction_id', 'in', ids)
      .where('interaction_events.type', 'in', ['assigned', 'taken', 'transferred'])
      .execute();
    const count = new Map(counts.map((c) => [c.interaction_id, Number(c.n)]));
    const names = new Map<string, Set<string>>();
    for (const a of agents) names.set(a.interaction_id, (names.get(a.interaction_id) ?? new Set()).add(a.display_name));
    return rows.map((r) => ({
      id: r.id,
      campaignName: r.campaignName,
      createdAt: r.created_at,
      closedAt: r.closed_at,
      closeReason: r.close_reason,
      agentNames: [...(names.get(r.id) ?? [])],
      messageCount: count.get(r.id) ?? 0,
      disposition: dispositionLevels(r.disposition_json),
    }));
  }

  /** `author` is `supervisor` when a supervisor who took the conversation over writes. */
  async send(
    agentId: string,
    interactionId: string,
    body: SendMessageBody,
    author: 'agent' | 'supervisor' = 'agent',
  ): Promise<ConversationMessage> {
    const row = await this.owned(agentId, interactionId);
    if (!body.text && !body.template && !body.attachmentIds?.length) {
      throw new DomainError('validation_failed', 'text: write something, attach a file or choose a template', 'text');
    }
    const kind = body.template ? 'template' : 'text';
    const channel = await this.channelOf(row.provider_id);
    if (body.template && !windowApplies(channel)) {
      throw new DomainError(
        'validation_failed',
        `template: templates are a WhatsApp feature; this conversation is on ${channel}`,
        'template',
      );
    }
    if (body.template && this.deps.templateProblem) {
      const problem = await this.deps.templateProblem(row.provider_id, body.template);
      if (problem) throw new DomainError('validation_failed', `template: ${problem}`, 'template');
    }
    const allowed = checkSend(kind, await lastCustomerMessageAt(this.deps.db, row.id), this.now(), channel);
    if (!allowed.ok) {
      throw new DomainError(
        'outside_24h_window',
        'The customer last wrote more than 24 hours ago: WhatsApp only allows an approved template now (the 24-hour customer service window is closed)',
        'text',
      );
    }
    const { db, store } = this.deps;
    // Only the agent's own uploads, each sent once (claimed in the transaction below).
    const files = await Promise.all(
      (body.attachmentIds ?? []).map((id) => this.deps.attachments.sendable(id, agentId)),
    );
    // Each outbound piece is one stored message plus its outbox row, written together; the last one answers.
    const parts: {
      message: Omit<NewMessage, 'interactionId' | 'providerId' | 'direction' | 'author' | 'agentId'>;
      content: OutboundContent;
      to?: string;
    }[] = [];
    for (const [i, file] of files.entries()) {
      const caption = i === files.length - 1 ? body.text : undefined;
      parts.push({
        message: { kind: 'media', body: caption ?? null, attachments: [this.deps.attachments.view(file)] },
        content: {
          type: 'media',
          url: this.deps.attachments.publicLink(file),
          mimeType: file.mime_type,
          name: file.name,
          ...(caption ? { caption } : {}),
        },
      });
    }
    if (body.template) {
      const t = body.template;
      parts.push({
        message: { kind: 'template', body: `[template ${t.name}] ${(t.params ?? []).join(' · ')}`.trim() },
        content: { type: 'template', name: t.name, language: t.language, params: t.params ?? [] },
        to: row.customer_number,
      });
    } else if (body.text && files.length === 0) {
      parts.push({ message: { kind: 'text', body: body.text }, content: { type: 'text', text: body.text } });
    }
    let stored: ConversationMessage | undefined;
    await db.transaction().execute(async (trx) => {
      for (const file of files) await this.deps.attachments.claim(trx, file.id, agentId, interactionId);
      for (const part of parts) {
        const { message } = await store.appendMessage(trx, {
          ...part.message,
          interactionId,
          providerId: row.provider_id,
          direction: 'out',
          author,
          agentId,
        });
        await store.enqueueOutbound(trx, {
          interactionId,
          providerId: row.provider_id,
          messageId: message.id,
          command: {
            kind: 'message',
            externalConversationId: row.external_conversation_id,
            ...(part.to ? { to: part.to } : {}),
            content: part.content,
          },
        });
        [stored] = await messagesOf(trx, [message]);
      }
    });
    this.deps.outboxChanged();
    this.deps.bus.emit('message.stored', {
      interactionId,
      messageId: stored!.id,
      campaignId: row.campaign_id,
      ownerAgentId: agentId,
      direction: 'out',
      author,
    });
    return stored!;
  }

  async close(agentId: string, interactionId: string, body: CloseBody): Promise<void> {
    const row = await this.owned(agentId, interactionId);
    const campaign = row.campaign_id ? this.deps.router.campaign(row.campaign_id) : undefined;
    const verdict = validateDisposition(campaign?.dispositions ?? [], body.disposition ?? null);
    if (!verdict.ok) {
      throw new DomainError(
        verdict.code === 'disposition_required' ? 'disposition_required' : 'validation_failed',
        `disposition: ${verdict.message}`,
        'disposition',
      );
    }
    // The router closes it (with the disposition and the audit record, in one transaction), frees the agent's
    // load, starts their wrap-up and announces the close; a supervisor who took it over closes the same way.
    const decisions = await this.deps.router.command(
      { type: 'interaction_closed', interactionId, agentId },
      {
        context: body.disposition ? { disposition: body.disposition } : {},
        audit: {
          when: ['closed'],
          interactionId,
          action: 'interaction.closed',
          actor: agentId,
          detail: body.disposition ? `disposition: ${dispositionText(body.disposition)}` : null,
        },
      },
    );
    if (!decisions.some((d) => d.type === 'closed' && d.interactionId === interactionId))
      throw new DomainError('not_waiting', 'This interaction is already closed');
  }

  async transfer(agentId: string, interactionId: string, body: TransferBody): Promise<void> {
    await this.owned(agentId, interactionId);
    if (!!body.toAgentId === !!body.toCampaignId) {
      throw new DomainError('validation_failed', 'toAgentId: give either an agent or a campaign', 'toAgentId');
    }
    const decisions = await this.deps.router.command(
      body.toAgentId
        ? { type: 'transfer_to_agent', interactionId, fromAgentId: agentId, toAgentId: body.toAgentId }
        : { type: 'transfer_to_campaign', interactionId, fromAgentId: agentId, campaignId: body.toCampaignId! },
      this.auditIf(agentId, interactionId, ['transfer_requested', 'transferred_to_campaign'], () => ({
        action: 'interaction.transferred',
        detail: body.toAgentId ? `to agent ${body.toAgentId}` : `to campaign ${body.toCampaignId}`,
      })),
    );
    const refused = decisions.find((d) => d.type === 'transfer_rejected');
    if (refused && refused.type === 'transfer_rejected')
      throw new DomainError('transfer_refused', `The transfer was refused: ${refused.reason.replace(/_/g, ' ')}`);
  }

  async acceptTransfer(agentId: string, interactionId: string): Promise<void> {
    const decisions = await this.deps.router.command(
      { type: 'transfer_accepted', interactionId, agentId },
      this.auditIf(agentId, interactionId, ['transfer_accepted'], () => ({
        action: 'interaction.transfer_accepted',
      })),
    );
    const refused = decisions.find((d) => d.type === 'transfer_accept_rejected');
    if (refused && refused.type === 'transfer_accept_rejected')
      throw new DomainError('transfer_refused', refused.detail);
    if (!decisions.some((d) => d.type === 'transfer_accepted'))
      throw new DomainError('transfer_refused', 'No transfer to you is pending');
  }

  async colleagues(agentId: string): Promise<{ id: string; displayName: string; status: string }[]> {
    const { db } = this.deps;
    const mine = db.selectFrom('members').select('campaign_id').where('agent_id', '=', agentId);
    const rows = await db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.agent_id')
      .leftJoin('agent_presence', 'agent_presence.agent_id', 'members.agent_id')
      .select(['users.id', 'users.display_name', 'agent_presence.status'])
      .where('members.campaign_id', 'in', mine)
      .where('users.id', '<>', agentId)
      .where('users.enabled', '=', 1)
      .distinct()
      .orderBy('users.display_name')
      .execute();
    return rows.map((r) => ({ id: r.id, displayName: r.display_name, status: r.status ?? 'offline' }));
  }

  private async summary(id: string): Promise<InteractionSummary> {
    const row = await this.deps.store.getInteraction(this.deps.db, id);
    if (!row) throw notFound('Interaction', id);
    return (await summaries(this.deps.db, [row]))[0]!;
  }

  /** The channel of a provider; a provider removed since counts as WhatsApp, the strictest rule. */
  private async channelOf(providerId: string): Promise<string> {
    const provider = await this.deps.db
      .selectFrom('providers')
      .select('channel')
      .where('id', '=', providerId)
      .executeTakeFirst();
    return provider?.channel ?? 'whatsapp';
  }

  private async owned(agentId: string, interactionId: string): Promise<Row> {
    const row = await this.deps.store.getInteraction(this.deps.db, interactionId);
    if (!row) throw notFound('Interaction', interactionId);
    if (row.owner_agent_id !== agentId || row.status !== 'active')
      throw new DomainError('not_owner', 'Only the agent who holds this conversation can do that');
    return row;
  }

  /**
   * An agent reads what is offered to or owned by them, what waits in their campaigns, and the earlier
   * conversations of a customer they hold now — only as far as the three-dot menu lists them (earlierVisible):
   * closed, started before the one held, and in the agent's campaigns. A later conversation of the same number,
   * or one in another campaign, is not theirs to read. Supervisors read their campaigns; administrators all.
   */
  private async readable(user: SessionUser, interactionId: string, scope?: string[]): Promise<Row> {
    const { db } = this.deps;
    const row = await this.deps.store.getInteraction(db, interactionId);
    if (!row) throw notFound('Interaction', interactionId);
    if (user.role === 'administrator') return row;
    if (user.role === 'supervisor') {
      if (row.campaign_id && scope?.includes(row.campaign_id)) return row;
      throw notFound('Interaction', interactionId);
    }
    if (row.owner_agent_id === user.id) return row;
    if ((row.status === 'waiting' || row.status === 'closed') && row.campaign_id) {
      const member = await db
        .selectFrom('members')
        .select('agent_id')
        .where('campaign_id', '=', row.campaign_id)
        .where('agent_id', '=', user.id)
        .executeTakeFirst();
      if (member && row.status === 'waiting') return row;
      if (member) {
        const heldLater = await db
          .selectFrom('interactions')
          .select('id')
          .where('owner_agent_id', '=', user.id)
          .where('status', 'in', ['offered', 'active'])
          .where('customer_number', '=', row.customer_number)
          .where('id', '<>', row.id)
          .where('created_at', '>=', row.created_at)
          .executeTakeFirst();
        if (heldLater) return row;
      }
    }
    throw notFound('Interaction', interactionId);
  }

  /**
   * Which earlier conversations of the same number a reader is shown (and so may open): an agent's are closed
   * and in their campaigns; a supervisor's in their scope; an administrator's all.
   */
  private earlierVisible(user: SessionUser, row: Row, scope?: string[]) {
    const { db } = this.deps;
    return (eb: ExpressionBuilder<Tables, 'interactions'>) => {
      const same = [
        eb('interactions.customer_number', '=', row.customer_number),
        eb('interactions.id', '<>', row.id),
        eb('interactions.created_at', '<=', row.created_at),
      ];
      if (user.role === 'administrator') return eb.and(same);
      if (user.role === 'supervisor')
        return eb.and([...same, eb('interactions.campaign_id', 'in', scope?.length ? scope : [''])]);
      return eb.and([
        ...same,
        eb('interactions.status', '=', 'closed'),
        eb(
          'interactions.campaign_id',
          'in',
          db.selectFrom('members').select('members.campaign_id').where('members.agent_id', '=', user.id),
        ),
      ]);
    };
  }

  /** The audit record of a router command: written with the decision the user asked for, when it happened. */
  private auditIf(
    actorId: string,
    interactionId: string,
    when: Decision['type'][],
    what: () => { action: AuditAction; detail?: string },
  ): CommandOptions {
    const { action, detail } = what();
    return { audit: { when, interactionId, action, actor: actorId, detail: detail ?? null } };
  }

  private refuse(decisions: Decision[], interactionId: string): void {
    const rejected = decisions.find((d) => d.type === 'take_rejected' && d.interactionId === interactionId);
    if (rejected && rejected.type === 'take_rejected') {
      const code: ErrorCode = rejected.reason;
      throw new DomainError(code, rejected.detail);
    }
  }
}

/** "Ventas › Consulta › Precio": the levels of the disposition an agent chose. */
function dispositionText(d: NonNullable<CloseBody['disposition']>): string {
  return [d.l1, d.l2, d.l3].filter(Boolean).join(' › ').slice(0, 300);
}
