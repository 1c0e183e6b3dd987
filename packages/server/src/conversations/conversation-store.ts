import { statusSupersedes, statusTimeAfter } from '@switchboard/core';
import type { OutboundCommand, OutboundContent } from '@switchboard/protocol';
import type { Kysely, Selectable } from 'kysely';
import { monotonicId } from '../ids';
import { CompiledStatement } from '../storage/compiled-statement';
import type {
  InteractionStatus,
  InteractionsTable,
  MessageDeliveryStatus,
  MessagesTable,
  Tables,
} from '../storage/schema';
import { fieldsOf, readArray } from '../storage/json-columns';
import * as interactions from './interaction-repository';
import {
  insertSurvey,
  surveyContent,
  SURVEY_ANSWER_WINDOW_MS,
  SURVEY_HANDBACK_WAIT_MS,
  type SurveyRequest,
} from './survey/survey-repository';

/** The timeline type of the provider's word that the customer left (the router's close follows it). */
export const CUSTOMER_LEFT = 'customer_left';

/** A database or a transaction: every store function takes one, so callers compose them in one transaction. */
export type Executor = Kysely<Tables>;
export type InteractionRow = Selectable<InteractionsTable>;
export type MessageRow = Selectable<MessagesTable>;

export type { InteractionStatus } from '../storage/schema';

/** Stores a message with a provider id; a redelivery (same provider and provider message id) inserts nothing. */
const insertInbound = new CompiledStatement<MessageRow>((db, arg) =>
  db
    .insertInto('messages')
    .values({
      id: arg('id'),
      interaction_id: arg('interaction_id'),
      provider_id: arg('provider_id'),
      provider_message_id: arg('provider_message_id'),
      direction: arg('direction'),
      author: arg('author'),
      agent_id: arg('agent_id'),
      kind: arg('kind'),
      body: arg('body'),
      attachments_json: arg('attachments_json'),
      status: arg('status'),
      error: arg('error'),
      created_at: arg('created_at'),
      status_at: arg('status_at'),
    })
    .onConflict((oc) => oc.columns(['provider_id', 'provider_message_id']).doNothing()),
);

export interface NewInteraction {
  providerId: string;
  externalConversationId: string;
  campaignId: string | null;
  customerNumber: string;
  customerName?: string | null;
  skill: string;
  status: Exclude<InteractionStatus, 'closed'>;
  enteredAt?: number | null;
  /** Names the hand-off that opens it, so a redelivery is recognised (see findByHandoffKey). */
  handoffKey?: string | null;
}

export interface NewMessage {
  interactionId: string;
  providerId: string;
  /** The provider's id: the idempotency key of inbound messages (null for our own sends until sent). */
  providerMessageId?: string | null;
  direction: 'in' | 'out' | 'internal';
  author: 'customer' | 'bot' | 'agent' | 'supervisor' | 'system';
  agentId?: string | null;
  kind: 'text' | 'media' | 'template' | 'whisper' | 'event';
  body?: string | null;
  attachments?: unknown[] | null;
  /** outbound only; defaults to `pending` for direction `out` */
  status?: MessageDeliveryStatus | null;
  createdAt?: number;
}

export interface OutboundEnqueue {
  interactionId: string;
  providerId: string;
  command: OutboundCommand;
  /** The stored message this send delivers: its status follows the send. */
  messageId?: string;
}

export interface TimelineEntry {
  interactionId: string;
  type: string;
  campaignId?: string | null;
  agentId?: string | null;
  detail?: Record<string, unknown> | null;
}

export interface CloseOptions {
  /** Sent to the customer before the hand-back (out-of-time, not available…). */
  text?: string;
  /** false: the customer already left, HeyNow knows; mark the hand-back done without calling. Default true. */
  handBack?: boolean;
  agentId?: string | null;
  detail?: Record<string, unknown>;
  /** Close only while this user holds it active (an agent's or a supervisor's own close). */
  owner?: string;
  /** The agent's disposition, written by the same statement as the close. */
  dispositionJson?: string | null;
  /** The satisfaction question to send after the close (the campaign asks for one), in the campaign's language. */
  survey?: SurveyRequest;
}

export interface CloseResult {
  /** false when the interaction was already closed: nothing was written. */
  closed: boolean;
  interaction?: InteractionRow;
  /** The outbox got rows (call the worker's notify after commit). */
  enqueued: boolean;
}

/**
 * The repository of interactions, messages, the outbox and the routing timeline. Each method takes the
 * executor to run on, so ingest, the router and the agent API can put several steps in one transaction.
 */
export class ConversationStore {
  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Opens an interaction. At most one open interaction exists per provider conversation (a partial unique
   * index): when one is already open, that one is returned with `created: false`, without an error —
   * ON CONFLICT keeps a PostgreSQL transaction usable where catching the violation would not.
   */
  async createInteraction(
    db: Executor,
    input: NewInteraction,
  ): Promise<{ created: boolean; interaction: InteractionRow }> {
    const at = this.now();
    const row: InteractionRow = {
      id: monotonicId(at),
      provider_id: input.providerId,
      external_conversation_id: input.externalConversationId,
      campaign_id: input.campaignId,
      customer_number: input.customerNumber,
      customer_name: input.customerName ?? null,
      skill: input.skill,
      status: input.status,
      close_reason: null,
      owner_agent_id: null,
      created_at: at,
      entered_at: input.enteredAt ?? null,
      offered_at: null,
      taken_at: null,
      closed_at: null,
      disposition_json: null,
      transfer_json: null,
      transfer_from_agent_id: null,
      transfer_to_agent_id: null,
      transfer_requested_at: null,
      transfer_deadline: null,
      taken_over_at: null,
      attended_sent: 0,
      end_sent: 0,
      version: 0,
      handoff_key: input.handoffKey ?? null,
    };
    if (await interactions.insertOnArrival(db, row)) return { created: true, interaction: row };
    const existing = await this.findOpenByConversation(db, input.providerId, input.externalConversationId);
    if (!existing) throw new Error(`interaction for ${input.externalConversationId} neither inserted nor found`);
    return { created: false, interaction: existing };
  }

  /** The open interaction a customer's message goes to (see interaction-repository's findOpenConversation). */
  findOpenConversation(
    db: Executor,
    providerId: string,
    externalConversationId: string,
  ): Promise<interactions.OpenFound> {
    return interactions.findOpenConversation(db, providerId, externalConversationId);
  }

  findOpenByConversation(
    db: Executor,
    providerId: string,
    externalConversationId: string,
  ): Promise<InteractionRow | undefined> {
    return db
      .selectFrom('interactions')
      .selectAll()
      .where('provider_id', '=', providerId)
      .where('external_conversation_id', '=', externalConversationId)
      .where('status', '<>', interactions.notClosed)
      .executeTakeFirst();
  }

  /** The interaction a hand-off with this key opened, open or closed. */
  findByHandoffKey(db: Executor, providerId: string, handoffKey: string): Promise<InteractionRow | undefined> {
    return db
      .selectFrom('interactions')
      .selectAll()
      .where('provider_id', '=', providerId)
      .where('handoff_key', '=', handoffKey)
      .executeTakeFirst();
  }

  getInteraction(db: Executor, id: string): Promise<InteractionRow | undefined> {
    return db.selectFrom('interactions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every interaction not closed, oldest queue entry first: what a new router rebuilds its state from. */
  loadOpenInteractions(db: Executor): Promise<InteractionRow[]> {
    return db
      .selectFrom('interactions')
      .selectAll()
      .where('status', '<>', interactions.notClosed)
      .orderBy('entered_at')
      .orderBy('id')
      .execute();
  }

  listMessages(db: Executor, interactionId: string): Promise<MessageRow[]> {
    return db
      .selectFrom('messages')
      .selectAll()
      .where('interaction_id', '=', interactionId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  findMessageByProviderId(
    db: Executor,
    providerId: string,
    providerMessageId: string,
  ): Promise<MessageRow | undefined> {
    return db
      .selectFrom('messages')
      .selectAll()
      .where('provider_id', '=', providerId)
      .where('provider_message_id', '=', providerMessageId)
      .executeTakeFirst();
  }

  /**
   * Stores a message; idempotent on (provider, provider message id): a redelivery returns the row stored
   * first with `created: false` and never throws, even when two deliveries race.
   */
  async appendMessage(db: Executor, input: NewMessage): Promise<{ created: boolean; message: MessageRow }> {
    const row = this.messageRow(input);
    if (row.provider_message_id === null) {
      await db.insertInto('messages').values(row).execute();
      if (row.attachments_json) await this.queueMediaDownloads(db, [row]);
      return { created: true, message: row };
    }
    const inserted = await insertInbound.execute(db, row);
    if (Number(inserted.numAffectedRows ?? 0n) === 1) {
      // Most messages are text: no attachment, nothing to queue, and no await for it on the hot path.
      if (row.attachments_json) await this.queueMediaDownloads(db, [row]);
      return { created: true, message: row };
    }
    const existing = await this.findMessageByProviderId(db, row.provider_id, row.provider_message_id);
    if (!existing) throw new Error(`message ${row.provider_message_id} neither inserted nor found`);
    return { created: false, message: existing };
  }

  /**
   * PostgreSQL only: customers' text messages, each to its conversation's open interaction, in one statement
   * on its own (`interactions.storeCustomerMessages`). Answers, in order, each message's row id and where it went.
   */
  async storeCustomerMessages(
    db: Executor,
    inputs: Omit<interactions.CustomerMessageInput, 'messageId'>[],
  ): Promise<{ messageId: string; result: interactions.CustomerMessageResult }[]> {
    const withIds = inputs.map((m) => ({ ...m, messageId: monotonicId(this.now()) }));
    const results = await interactions.storeCustomerMessages(db, withIds);
    return results.map((result, i) => ({ messageId: withIds[i]!.messageId, result }));
  }

  /** Several messages in one statement (a hand-off's history); duplicates are skipped. Returns the rows inserted. */
  async appendMessages(db: Executor, inputs: NewMessage[]): Promise<MessageRow[]> {
    if (inputs.length === 0) return [];
    const rows = inputs.map((m) => this.messageRow(m));
    const ids = await db
      .insertInto('messages')
      .values(rows)
      .onConflict((oc) => oc.columns(['provider_id', 'provider_message_id']).doNothing())
      .returning('id')
      .execute();
    const kept = new Set(ids.map((r) => r.id));
    const created = rows.filter((r) => kept.has(r.id));
    await this.queueMediaDownloads(db, created);
    return created;
  }

  /**
   * Media known only by a provider handle (WhatsApp Cloud media id) is queued for download in the transaction
   * that stores its message: the download survives a restart and is never queued for a duplicate.
   */
  private async queueMediaDownloads(db: Executor, rows: MessageRow[]): Promise<void> {
    const at = this.now();
    const queued = rows.flatMap((row) => {
      if (!row.attachments_json) return [];
      return readArray(row.attachments_json).flatMap((raw, position) => {
        const a = fieldsOf(raw);
        return typeof a.providerMediaId === 'string' && a.providerMediaId !== ''
          ? [
              {
                id: monotonicId(at),
                message_id: row.id,
                position,
                interaction_id: row.interaction_id,
                provider_id: row.provider_id,
                media_id: a.providerMediaId.slice(0, 255),
                mime_type: typeof a.mimeType === 'string' ? a.mimeType.slice(0, 130) : 'application/octet-stream',
                status: 'pending' as const,
                attempts: 0,
                next_attempt_at: at,
                last_error: null,
                created_at: at,
              },
            ]
          : [];
      });
    });
    if (queued.length === 0) return;
    await db
      .insertInto('media_downloads')
      .values(queued)
      .onConflict((oc) => oc.columns(['message_id', 'position']).doNothing())
      .execute();
  }

  /** Writes an outbound call to the outbox; the worker sends it after the transaction commits. */
  async enqueueOutbound(db: Executor, input: OutboundEnqueue): Promise<string> {
    const at = this.now();
    const id = monotonicId(at);
    // Every call carries a key stored with the row, so a retry — even by the next process after a crash —
    // sends the same key and a peer that saw the first attempt can drop the repeat.
    const command: OutboundCommand = input.command.idempotencyKey
      ? input.command
      : { ...input.command, idempotencyKey: input.command.kind === 'message' ? (input.messageId ?? id) : id };
    await db
      .insertInto('outbox')
      .values({
        id,
        interaction_id: input.interactionId,
        provider_id: input.providerId,
        message_id: input.messageId ?? null,
        command_json: JSON.stringify(command),
        status: 'pending',
        attempts: 0,
        next_attempt_at: at,
        last_error: null,
        created_at: at,
      })
      .execute();
    return id;
  }

  /**
   * A text to the customer: stored as an outbound message (so the transcript shows it and status callbacks
   * find it) and queued for sending.
   */
  async sendText(
    db: Executor,
    interaction: Pick<InteractionRow, 'id' | 'provider_id' | 'external_conversation_id'>,
    text: string,
    author: NewMessage['author'] = 'system',
    agentId: string | null = null,
    /** What the provider sends, when more than the text (a list to pick from); the transcript keeps the text. */
    content: OutboundContent = { type: 'text', text },
  ): Promise<MessageRow> {
    const { message } = await this.appendMessage(db, {
      interactionId: interaction.id,
      providerId: interaction.provider_id,
      direction: 'out',
      author,
      agentId,
      kind: 'text',
      body: text,
    });
    await this.enqueueOutbound(db, {
      interactionId: interaction.id,
      providerId: interaction.provider_id,
      messageId: message.id,
      command: {
        kind: 'message',
        externalConversationId: interaction.external_conversation_id,
        content,
      },
    });
    return message;
  }

  async recordTimeline(db: Executor, entry: TimelineEntry): Promise<string> {
    const at = this.now();
    const id = monotonicId(at);
    await db
      .insertInto('interaction_events')
      .values({
        id,
        interaction_id: entry.interactionId,
        at,
        type: entry.type,
        campaign_id: entry.campaignId ?? null,
        agent_id: entry.agentId ?? null,
        detail_json: entry.detail ? JSON.stringify(entry.detail) : null,
      })
      .execute();
    return id;
  }

  /**
   * The provider said the customer left: a timeline fact, written once per interaction, that the router turns into
   * the close (a router restarted before closing finds it here). False when it was recorded before.
   */
  async recordCustomerLeft(db: Executor, entry: Omit<TimelineEntry, 'type' | 'agentId'>): Promise<boolean> {
    const seen = await db
      .selectFrom('interaction_events')
      .select('id')
      .where('interaction_id', '=', entry.interactionId)
      .where('type', '=', CUSTOMER_LEFT)
      .executeTakeFirst();
    if (seen) return false;
    await this.recordTimeline(db, { ...entry, type: CUSTOMER_LEFT });
    return true;
  }

  /**
   * Closes an open interaction: status, reason and time; the optional text to the customer; the hand-back
   * (endConversation) at most once ever, guarded by a conditional UPDATE on `end_sent`; and the timeline.
   * Closing an already closed interaction writes nothing.
   */
  async closeInteraction(db: Executor, id: string, reason: string, options: CloseOptions = {}): Promise<CloseResult> {
    const at = this.now();
    const closed = await interactions.closeOpen(db, id, {
      reason,
      at,
      ...(options.owner !== undefined ? { owner: options.owner } : {}),
      dispositionJson: options.dispositionJson ?? null,
    });
    if (!closed) return { closed: false, enqueued: false };
    const interaction = await this.getInteraction(db, id);
    if (!interaction) return { closed: false, enqueued: false };

    let enqueued = false;
    if (options.handBack === false) {
      // the customer already left and the provider knows: mark the hand-back done without calling
      await interactions.claimEndSent(db, id);
    } else {
      if (options.text) {
        await this.sendText(db, interaction, options.text);
        enqueued = true;
      }
      const held = options.survey ? await this.askSatisfaction(db, interaction, options.survey, options) : false;
      if (options.survey) enqueued = true;
      if (!held && (await this.handBack(db, interaction, reason))) enqueued = true;
    }
    await this.recordTimeline(db, {
      interactionId: id,
      type: 'closed',
      campaignId: interaction.campaign_id,
      agentId: options.agentId ?? null,
      detail: { reason, ...options.detail },
    });
    return { closed: true, interaction: { ...interaction, end_sent: 1 }, enqueued };
  }

  /** Gives the conversation back to the provider (endConversation), at most once ever per interaction. */
  private async handBack(db: Executor, interaction: InteractionRow, reason: string): Promise<boolean> {
    if (!(await interactions.claimEndSent(db, interaction.id))) return false;
    await this.enqueueOutbound(db, {
      interactionId: interaction.id,
      providerId: interaction.provider_id,
      command: { kind: 'endConversation', externalConversationId: interaction.external_conversation_id, reason },
    });
    return true;
  }

  /** The customer left while a hand-back was held: the provider knows, so it is marked done without a call. */
  async forgoHandBack(db: Executor, interactionId: string): Promise<void> {
    await interactions.claimEndSent(db, interactionId);
  }

  /** The hand-back a satisfaction question held, once its wait is over (answer, other message, expiry). */
  async releaseHandBack(db: Executor, interactionId: string): Promise<boolean> {
    const interaction = await this.getInteraction(db, interactionId);
    if (!interaction) return false;
    return this.handBack(db, interaction, interaction.close_reason ?? 'agent');
  }

  /**
   * Sends the satisfaction question and starts waiting for the answer. Returns whether the hand-back waits
   * too: HeyNow's bot takes the conversation back at endConversation and would receive the answer itself, so
   * there the hand-back is held until the answer comes (or the short wait ends). WhatsApp Cloud has nothing to
   * hand back to: the customer's next message reaches us whenever it is sent.
   */
  private async askSatisfaction(
    db: Executor,
    interaction: InteractionRow,
    survey: SurveyRequest,
    options: CloseOptions,
  ): Promise<boolean> {
    const at = this.now();
    const provider = await db
      .selectFrom('providers')
      .select('kind')
      .where('id', '=', interaction.provider_id)
      .executeTakeFirst();
    const hold = provider?.kind === 'heynow-direct';
    await this.sendText(db, interaction, survey.question, 'system', null, surveyContent(survey));
    await insertSurvey(db, {
      interaction_id: interaction.id,
      provider_id: interaction.provider_id,
      external_conversation_id: interaction.external_conversation_id,
      campaign_id: interaction.campaign_id,
      agent_id: options.agentId ?? options.owner ?? null,
      hold_end: hold ? 1 : 0,
      sent_at: at,
      expires_at: at + (hold ? SURVEY_HANDBACK_WAIT_MS : SURVEY_ANSWER_WINDOW_MS),
    });
    return hold;
  }

  /**
   * Applies a provider's delivery status to an outbound message, in the order the statuses happened rather
   * than the order they arrived (see statusSupersedes). `at` is the provider's time of the status. Returns
   * the message when it moved, undefined for an unknown id or a stale callback.
   */
  async updateDeliveryStatus(
    db: Executor,
    providerId: string,
    providerMessageId: string,
    status: 'sent' | 'delivered' | 'read' | 'failed',
    error?: string,
    at?: number,
  ): Promise<MessageRow | undefined> {
    const message = await this.findMessageByProviderId(db, providerId, providerMessageId);
    if (!message || message.direction !== 'out') return undefined;
    return this.moveStatus(db, message, status, error, undefined, at);
  }

  /**
   * The same move for a message known by our id (the outbox worker's results, which carry no provider
   * time). Compare-and-set on (status, status_at): a concurrent status for the same message makes this
   * re-read and decide again instead of overwriting it.
   */
  async moveStatus(
    db: Executor,
    message: MessageRow,
    status: MessageDeliveryStatus,
    error?: string,
    providerMessageId?: string,
    at?: number,
  ): Promise<MessageRow | undefined> {
    const incoming = { status, at: at ?? null };
    let current: MessageRow | undefined = message;
    for (let attempt = 0; attempt < 5 && current; attempt++) {
      const mark = {
        status: current.status ?? 'pending',
        at: current.status_at === null ? null : Number(current.status_at),
      };
      if (!statusSupersedes(mark, incoming)) return undefined;
      const statusAt = statusTimeAfter(mark, incoming);
      const moved = await db
        .updateTable('messages')
        .set({
          status,
          status_at: statusAt,
          error: status === 'failed' ? (error ?? 'failed') : null,
          ...(providerMessageId !== undefined ? { provider_message_id: providerMessageId } : {}),
        })
        .where('id', '=', current.id)
        .where((eb) => (current!.status === null ? eb('status', 'is', null) : eb('status', '=', current!.status)))
        .where((eb) =>
          current!.status_at === null ? eb('status_at', 'is', null) : eb('status_at', '=', current!.status_at),
        )
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) === 1) {
        return {
          ...current,
          status,
          status_at: statusAt,
          error: status === 'failed' ? (error ?? 'failed') : null,
          provider_message_id: providerMessageId ?? current.provider_message_id,
        };
      }
      current = await db.selectFrom('messages').selectAll().where('id', '=', message.id).executeTakeFirst();
    }
    return undefined;
  }

  /**
   * Meta accepted a message and then reported it failed for throughput (130429, 131056): that is not the
   * message's fault, so its outbox row is put back (pending, after a backoff) and the message waits again as
   * pending. Being an older row of its conversation, it goes before any of the conversation's later rows not
   * sent yet. False when the status is stale (the message moved on since), the row is gone or it has used
   * its attempts: then the caller fails the message.
   */
  async requeueThrottled(
    db: Executor,
    message: MessageRow,
    failedAt: number,
    now: number,
    maxAttempts: number,
  ): Promise<boolean> {
    const mark = {
      status: message.status ?? 'pending',
      at: message.status_at === null ? null : Number(message.status_at),
    };
    if (!statusSupersedes(mark, { status: 'failed', at: failedAt })) return false;
    const row = await db
      .selectFrom('outbox')
      .select(['id', 'attempts'])
      .where('message_id', '=', message.id)
      .where('status', '=', 'done')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (!row || row.attempts >= maxAttempts) return false;
    // The same doubling as the outbox's retry policy, without jitter: these arrive one by one.
    const delayMs = Math.min(60_000, 1000 * 2 ** Math.max(0, row.attempts - 1));
    const requeued = await db
      .updateTable('outbox')
      .set({
        status: 'pending',
        next_attempt_at: now + delayMs,
        last_error: 'throttled by the provider after acceptance',
      })
      .where('id', '=', row.id)
      .where('status', '=', 'done')
      .executeTakeFirst();
    if (Number(requeued.numUpdatedRows) !== 1) return false;
    await db
      .updateTable('messages')
      // The old provider id is dropped: that send failed, and a redelivered copy of this status must not
      // find the message and fail it while it waits.
      .set({ status: 'pending', status_at: null, error: null, provider_message_id: null })
      .where('id', '=', message.id)
      .execute();
    return true;
  }

  private messageRow(input: NewMessage): MessageRow {
    const createdAt = input.createdAt ?? this.now();
    return {
      id: monotonicId(this.now()),
      interaction_id: input.interactionId,
      provider_id: input.providerId,
      provider_message_id: input.providerMessageId ?? null,
      direction: input.direction,
      author: input.author,
      agent_id: input.agentId ?? null,
      kind: input.kind,
      body: input.body ?? null,
      attachments_json: input.attachments && input.attachments.length > 0 ? JSON.stringify(input.attachments) : null,
      status: input.status !== undefined ? input.status : input.direction === 'out' ? 'pending' : null,
      error: null,
      created_at: createdAt,
      status_at: null,
    };
  }
}
