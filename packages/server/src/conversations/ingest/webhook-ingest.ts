import { isOpen } from '@switchboard/core';
import {
  type Attachment,
  type CustomerLeftEvent,
  type CustomerMessageEvent,
  type DeliveryStatusEvent,
  type HandoffEvent,
  type InboundAttachment,
  type InboundEvent,
} from '@switchboard/protocol';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DomainBus, DomainEventName, DomainEvents } from '../../events/domain-events';
import type { Tables } from '../../storage/schema';
import type { AttachmentStore } from '../agent/attachment-store';
import type { ConversationStore, Executor, InteractionRow, MessageRow, NewMessage } from '../conversation-store';
import { openConversationsOf, type OpenConversation } from '../open-conversations';
import type { CampaignDirectory, Resolution } from './campaign-directory';
import type { ReceiptClock } from '../../metrics/receipt-clock';
import { GroupCommit } from './group-commit';
import { conversationOf, openInteractions, plainMessage, type PlainMessage } from './message-batch';
import { attachmentEntry, readArray } from '../../storage/json-columns';
import { findAwaiting, scoreOf, settleSurvey } from '../survey/survey-repository';

export interface WebhookIngestOptions {
  db: Kysely<Tables>;
  store: ConversationStore;
  campaigns: CampaignDirectory;
  bus: DomainBus;
  /** Wakes the outbox worker; called after a commit that enqueued sends. */
  notifyOutbox: () => void;
  /** Wakes the media download worker; called after a commit of a webhook that carried media ids. */
  notifyMedia?: () => void;
  /** Stores customers' inline (base64) files; without it they are kept as unreadable placeholders. */
  files?: Pick<AttachmentStore, 'saveInbound' | 'markReceived'>;
  logger?: Pick<Logger, 'info' | 'debug' | 'warn'>;
  now?: () => number;
  /** Transactions running at once (group-commit lanes): 1 for SQLite's single writer, a few for PostgreSQL. */
  lanes?: number;
  /**
   * Applies runs of plain customer messages sharing a transaction together: one read and one insert for the run
   * instead of one of each per message. Pays where every statement is a round trip (PostgreSQL).
   */
  batchMessages?: boolean;
  /**
   * PostgreSQL only: a batch of nothing but plain customer messages is stored with one statement and no explicit
   * transaction (`storeCustomerMessages`), one round trip instead of four (BEGIN, read, insert, COMMIT).
   */
  messagesAtOnce?: boolean;
  /**
   * SQLite: a plain customer message that has its transaction to itself, to a conversation the open-conversation
   * index knows, is one INSERT and no explicit transaction (`storeLoneMessage`). Saves BEGIN and COMMIT as
   * statements of their own; the commit's writes are the same.
   */
  loneMessageAtOnce?: boolean;
  /** Told when a webhook touching an interaction was received, for the webhook-to-agent latency metric. */
  receipts?: Pick<ReceiptClock, 'stamp'>;
  /** The outbox's attempt limit: a send throttled after acceptance is repeated while under it (default 20). */
  maxSendAttempts?: number;
}

/** What one webhook changed, for the route's answer and for tests. */
export interface IngestSummary {
  created: number;
  duplicates: number;
  unknown: number;
  stored: number;
  /** Customers leaving recorded: the router closes those interactions after the commit. */
  closed: number;
  statuses: number;
}

/** A webhook's effect, released only after its commit. */
type Outcome = {
  summary: IngestSummary;
  pending: { type: DomainEventName; payload: unknown }[];
  enqueued: boolean;
  /** What the open-conversation index may keep, now that the reads behind it are committed. */
  committed: (() => void)[];
};

function isFromCustomer(payload: unknown): boolean {
  return (payload as DomainEvents['message.stored']).author === 'customer';
}

/** The lane key: a webhook's events normally concern one conversation. */
function conversationKey(event: InboundEvent | undefined): string {
  if (!event) return '';
  if (event.kind === 'status') return event.externalConversationId ?? event.providerMessageId;
  return event.externalConversationId;
}

/**
 * One webhook's work inside the transaction. A class, so `emit` is a method: the server runs under tsx, whose
 * esbuild keeps function names by wrapping every named closure in a `__name` call (Object.defineProperty) each
 * time it is created, and an `emit` arrow per webhook showed in the profile (0.5 % of busy time at 800/s).
 */
class Unit {
  readonly pending: Outcome['pending'] = [];
  readonly summary: IngestSummary = { created: 0, duplicates: 0, unknown: 0, stored: 0, closed: 0, statuses: 0 };
  enqueued = false;
  readonly committed: (() => void)[] = [];

  constructor(
    readonly trx: Executor,
    readonly providerId: string,
    readonly at: number,
    /** Inline files already stored before the transaction, by the attachment they came from. */
    readonly files: Files,
  ) {}

  /** Held until the commit: nothing leaves before it. */
  emit<K extends DomainEventName>(type: K, payload: DomainEvents[K]): void {
    this.pending.push({ type, payload });
  }
}

type Files = Map<InboundAttachment, Attachment>;

/** What is kept of an inbound attachment and shown to people: a fetchable URL, or a placeholder saying why not. */
type StoredAttachment = Attachment & { providerMediaId?: string };

function storedAttachment(a: InboundAttachment, files: Files): StoredAttachment {
  const stored = files.get(a);
  if (stored) return stored;
  const known = {
    mimeType: a.mimeType,
    ...(a.name ? { name: a.name } : {}),
    ...(a.size !== undefined ? { size: a.size } : {}),
  };
  // Only web links: a javascript: or data: "URL" from a provider must never become a link in the inbox.
  if (a.url && /^https?:\/\//i.test(a.url)) return { url: a.url, ...known };
  // Kept so the media can be downloaded later; people see a "not yet downloaded" placeholder until then.
  if (a.providerMediaId) return { url: null, state: 'pending', providerMediaId: a.providerMediaId, ...known };
  return { url: null, state: 'failed', ...known };
}

function messageFields(
  text: string | undefined,
  attachments: InboundAttachment[] | undefined,
  files: Files,
): Pick<NewMessage, 'kind' | 'body' | 'attachments'> {
  return {
    kind: text === undefined && attachments && attachments.length > 0 ? 'media' : 'text',
    body: text ?? null,
    attachments: attachments ? attachments.map((a) => storedAttachment(a, files)) : null,
  };
}

/** The stored inline files a message row carries (their ids), to tie them to its interaction. */
function fileIds(rows: MessageRow[]): string[] {
  return rows.flatMap((r) => {
    if (!r.attachments_json) return [];
    return readArray(r.attachments_json).flatMap((raw) => {
      const id = attachmentEntry(raw)?.id;
      return id ? [id] : [];
    });
  });
}

/**
 * The event for a customer's stored message, one-by-one or batched alike: its owner decides whose socket it is
 * pushed to.
 */
function customerMessageStored(
  open: Pick<InteractionRow, 'id' | 'campaign_id' | 'owner_agent_id'>,
  messageId: string,
): DomainEvents['message.stored'] {
  return {
    interactionId: open.id,
    messageId,
    campaignId: open.campaign_id,
    ownerAgentId: open.owner_agent_id,
    direction: 'in',
    author: 'customer',
  };
}

/**
 * A webhook that changed nothing yet. Batched messages start here; batching is PostgreSQL only, where there is no
 * open-conversation index to feed, so `committed` stays empty.
 */
function emptyOutcome(): Outcome {
  return {
    summary: { created: 0, duplicates: 0, unknown: 0, stored: 0, closed: 0, statuses: 0 },
    pending: [],
    enqueued: false,
    committed: [],
  };
}

/**
 * A batched plain message's outcome, from either batch path: stored as `messageId` (its event goes out after the
 * commit), or, without one, a duplicate of a message already stored.
 */
function plainMessageOutcome(
  open: Pick<InteractionRow, 'id' | 'campaign_id' | 'owner_agent_id'>,
  messageId: string | undefined,
): Outcome {
  const outcome = emptyOutcome();
  if (messageId === undefined) {
    outcome.summary.duplicates++;
    return outcome;
  }
  outcome.summary.stored++;
  outcome.pending.push({ type: 'message.stored', payload: customerMessageStored(open, messageId) });
  return outcome;
}

/** Whether an event has media known only by a provider handle (queued for download with its message). */
function carriesMediaId(event: InboundEvent): boolean {
  const lists =
    event.kind === 'handoff'
      ? [...(event.history ?? []).map((h) => h.attachments), event.firstMessage?.attachments]
      : event.kind === 'message'
        ? [event.attachments]
        : [];
  return lists.some((l) => l?.some((a) => !!a.providerMediaId));
}

/** Every attachment of a webhook that carries its bytes inline. */
function inlineAttachments(events: InboundEvent[]): InboundAttachment[] {
  const out: InboundAttachment[] = [];
  for (const event of events) {
    if (event.kind === 'handoff') {
      for (const h of event.history ?? []) out.push(...(h.attachments ?? []));
      out.push(...(event.firstMessage?.attachments ?? []));
    } else if (event.kind === 'message') out.push(...(event.attachments ?? []));
  }
  return out.filter((a) => a.base64 !== undefined && !a.url);
}

/**
 * Turns a verified, parsed webhook into durable state: all its events in one transaction (shared with the
 * webhooks that arrived meanwhile: group commit), then — only after the commit — the domain events and the
 * outbox wake-up. Idempotent: a redelivered webhook changes nothing.
 */
export class WebhookIngest {
  private readonly now: () => number;
  private readonly commits: GroupCommit<Outcome, PlainMessage>;

  constructor(private readonly options: WebhookIngestOptions) {
    this.now = options.now ?? Date.now;
    this.commits = new GroupCommit<Outcome, PlainMessage>(options.db, options.lanes ?? 1, {
      ...(options.batchMessages ? { many: (trx, batch) => this.applyMessages(trx, batch) } : {}),
      ...(options.messagesAtOnce ? { atOnce: (db, batch) => this.storeMessagesAtOnce(db, batch) } : {}),
      ...(options.loneMessageAtOnce && !options.messagesAtOnce
        ? { atOnce: (db, batch) => this.storeLoneMessage(db, batch) }
        : {}),
      onAtOnceFailure: (error, jobs) =>
        options.logger?.warn(
          { err: error, jobs },
          'storing a batch of messages in one statement failed; storing them one transaction at a time',
        ),
    });
  }

  /** Waits for webhooks already accepted to reach the database (graceful stop). */
  idle(): Promise<void> {
    return this.commits.idle();
  }

  /** `receivedAt`: when the webhook request arrived (defaults to now), for the push-latency metric. */
  async ingest(providerId: string, events: InboundEvent[], receivedAt?: number): Promise<IngestSummary> {
    // Resolved before the transaction: the directory may have to read campaigns, and on SQLite a read on
    // the main handle inside a transaction would wait for that transaction forever.
    const resolutions = new Map<HandoffEvent, Resolution>();
    for (const event of events) {
      if (event.kind !== 'handoff') continue;
      resolutions.set(event, await this.options.campaigns.resolve(providerId, event.skill));
    }

    // Inline files are written before the transaction too (disk, not database); each stays unsent, and is
    // purged after a day, unless the message carrying it commits.
    const files: Files = new Map();
    if (this.options.files) {
      for (const a of inlineAttachments(events)) {
        files.set(a, await this.options.files.saveInbound(providerId, { ...a, base64: a.base64! }));
      }
    }

    const key = `${providerId}\u0000${conversationKey(events[0])}`;
    const outcome = await this.commits.submit(
      key,
      (trx) => this.apply(trx, providerId, events, resolutions, files),
      this.options.batchMessages || this.options.loneMessageAtOnce ? plainMessage(providerId, events) : undefined,
    );
    // Durable now: tell the rest of the system.
    for (const remember of outcome.committed) remember();
    if (outcome.enqueued) this.options.notifyOutbox();
    if (events.some(carriesMediaId)) this.options.notifyMedia?.();
    // Stamped before the events go out: a message to an owned conversation is pushed during the emit.
    const receipts = this.options.receipts;
    if (receipts) {
      const at = receivedAt ?? this.now();
      for (const { type, payload } of outcome.pending) {
        if (type === 'interaction.arrived' || (type === 'message.stored' && isFromCustomer(payload)))
          receipts.stamp((payload as { interactionId: string }).interactionId, at);
      }
    }
    for (const { type, payload } of outcome.pending) this.options.bus.emit(type, payload as never);
    return outcome.summary;
  }

  /** The writes of one webhook, inside a (possibly shared) transaction; nothing leaves before the commit. */
  private async apply(
    trx: Executor,
    providerId: string,
    events: InboundEvent[],
    resolutions: Map<HandoffEvent, Resolution>,
    files: Files,
  ): Promise<Outcome> {
    const unit = new Unit(trx, providerId, this.now(), files);
    for (const event of events) {
      switch (event.kind) {
        case 'handoff':
          await this.handoff(unit, event, resolutions.get(event)!);
          break;
        case 'message':
          await this.message(unit, event);
          break;
        case 'customer_left':
          await this.customerLeft(unit, event);
          break;
        case 'status':
          await this.status(unit, event);
          break;
      }
    }
    return { summary: unit.summary, pending: unit.pending, enqueued: unit.enqueued, committed: unit.committed };
  }

  /**
   * Plain customer messages with the same effect as `apply` on each in turn, in fewer statements: one read of
   * the open interactions and one insert of every message (a redelivered one is skipped by the same unique
   * index). A message whose conversation has no open interaction takes the one-by-one path (survey answer or
   * unknown).
   */
  private async applyMessages(trx: Executor, batch: PlainMessage[]): Promise<Outcome[]> {
    const { store } = this.options;
    const open = await openInteractions(trx, batch);
    const outcomes: Outcome[] = batch.map(emptyOutcome);
    const toStore: { index: number; interaction: InteractionRow; message: NewMessage }[] = [];
    for (const [index, m] of batch.entries()) {
      const interaction = open.get(conversationOf(m));
      if (!interaction) {
        outcomes[index] = await this.apply(trx, m.providerId, [m.event], new Map(), new Map());
        continue;
      }
      toStore.push({
        index,
        interaction,
        message: {
          interactionId: interaction.id,
          providerId: m.providerId,
          providerMessageId: m.event.providerMessageId,
          direction: 'in',
          author: 'customer',
          ...messageFields(m.event.text, undefined, new Map()),
          createdAt: m.event.at,
        },
      });
    }
    const stored = await store.appendMessages(
      trx,
      toStore.map((s) => s.message),
    );
    // A message id delivered twice in one run is stored once, for its first delivery (rows insert in order).
    const created = new Map(stored.map((row) => [`${row.provider_id}\u0000${row.provider_message_id}`, row]));
    for (const { index, interaction, message } of toStore) {
      const key = `${message.providerId}\u0000${message.providerMessageId}`;
      const row = created.get(key);
      outcomes[index] = plainMessageOutcome(interaction, row?.id);
      if (!row) continue;
      created.delete(key);
    }
    return outcomes;
  }

  /**
   * A batch of nothing but plain customer messages, with the same effect as `applyMessages`, in one statement
   * and no explicit transaction (PostgreSQL). A message whose conversation has no open interaction is left
   * (`undefined`) for the one-by-one path, which runs after: a survey answer or an unknown conversation.
   */
  private async storeMessagesAtOnce(db: Kysely<Tables>, batch: PlainMessage[]): Promise<(Outcome | undefined)[]> {
    const stored = await this.options.store.storeCustomerMessages(
      db,
      batch.map(({ providerId, event }) => ({
        providerId,
        conversationId: event.externalConversationId,
        providerMessageId: event.providerMessageId,
        body: event.text ?? null,
        at: event.at,
      })),
    );
    return stored.map(({ messageId, result }) =>
      result.open === null ? undefined : plainMessageOutcome(result.open, result.stored ? messageId : undefined),
    );
  }

  /**
   * SQLite: the batch's one plain message stored by one INSERT on its own, which SQLite commits by itself, when
   * its open interaction is in the open-conversation index: the one-by-one path would read nothing else and
   * write nothing else, so the effect is the same without BEGIN and COMMIT. At moderate rates most webhooks
   * have their transaction to themselves (docs/performance.md, sixth pass). Anything else is left (`undefined`)
   * for the transaction path: a batch of several (one transaction for all beats one commit each), or a
   * conversation the index does not know yet (its read must commit before the index may keep it).
   */
  private async storeLoneMessage(db: Kysely<Tables>, batch: PlainMessage[]): Promise<(Outcome | undefined)[]> {
    const index = openConversationsOf(db);
    if (batch.length !== 1 || !index) return batch.map(() => undefined);
    const lone = batch[0]!;
    return db.connection().execute(async (connection) => {
      // Looked up while holding SQLite's one connection: a close cannot land between the lookup and the insert.
      const open = index.get(lone.providerId, lone.event.externalConversationId);
      if (!open) return [undefined];
      const { created, message } = await this.options.store.appendMessage(connection, {
        interactionId: open.id,
        providerId: lone.providerId,
        providerMessageId: lone.event.providerMessageId,
        direction: 'in',
        author: 'customer',
        ...messageFields(lone.event.text, undefined, new Map()),
        createdAt: lone.event.at,
      });
      return [plainMessageOutcome(open, created ? message.id : undefined)];
    });
  }

  private async handoff(u: Unit, event: HandoffEvent, resolution: Resolution): Promise<void> {
    const { store } = this.options;
    // A redelivered hand-off is recognised by its first message even after the interaction closed
    // (unrouted, out of schedule): without this it would open a second one and hand back twice.
    if (
      event.providerMessageId &&
      (await store.findMessageByProviderId(u.trx, u.providerId, event.providerMessageId))
    ) {
      u.summary.duplicates++;
      return;
    }
    // Same for a hand-off with no first message, or no message id at all: it is named by its key.
    const handoffKey = event.implicit ? null : (event.providerMessageId ?? event.deliveryKey ?? null);
    if (handoffKey && (await store.findByHandoffKey(u.trx, u.providerId, handoffKey))) {
      u.summary.duplicates++;
      return;
    }
    const open = await store.findOpenByConversation(u.trx, u.providerId, event.externalConversationId);
    if (open) return this.repeatedHandoff(u, open, event);
    // WhatsApp Cloud: a customer's message after a close arrives as a new hand-off; the answer to the
    // satisfaction question is not one.
    if (
      event.implicit &&
      event.firstMessage &&
      (await this.surveyReply(
        u,
        event.externalConversationId,
        event.providerMessageId ?? null,
        event.firstMessage.text,
        event.at,
      ))
    )
      return;

    const campaign = resolution.kind === 'unrouted' ? null : resolution.campaign;
    const routed = resolution.kind === 'routed' && isOpen(resolution.campaign.schedule, u.at);
    const { created, interaction } = await store.createInteraction(u.trx, {
      providerId: u.providerId,
      externalConversationId: event.externalConversationId,
      campaignId: campaign?.id ?? null,
      customerNumber: event.customer.number,
      customerName: event.customer.name ?? null,
      skill: event.skill,
      status: 'waiting',
      enteredAt: routed ? u.at : null,
      handoffKey,
    });
    // Lost a race with a concurrent delivery of the same conversation (PostgreSQL): treat as repeated.
    if (!created) return this.repeatedHandoff(u, interaction, event);
    u.summary.created++;

    const history: NewMessage[] = (event.history ?? []).map((h) => ({
      interactionId: interaction.id,
      providerId: u.providerId,
      providerMessageId: h.providerMessageId ?? null,
      direction: 'in',
      author: h.author,
      ...messageFields(h.text, h.attachments, u.files),
      createdAt: h.at,
    }));
    if (event.firstMessage) {
      history.push({
        interactionId: interaction.id,
        providerId: u.providerId,
        providerMessageId: event.providerMessageId ?? null,
        direction: 'in',
        author: 'customer',
        ...messageFields(event.firstMessage.text, event.firstMessage.attachments, u.files),
        createdAt: event.at,
      });
    }
    const kept = await store.appendMessages(u.trx, history);
    u.summary.stored += kept.length;
    await this.options.files?.markReceived(u.trx, fileIds(kept), interaction.id, u.at);

    if (routed && campaign) {
      await store.recordTimeline(u.trx, {
        interactionId: interaction.id,
        type: 'entered_queue',
        campaignId: campaign.id,
        detail: { skill: event.skill, resolution: resolution.kind === 'routed' ? resolution.how : undefined },
      });
      const welcome = campaign.messages.welcome.trim();
      if (welcome !== '') {
        await store.sendText(u.trx, interaction, welcome);
        u.enqueued = true;
      }
      u.emit('interaction.arrived', { interactionId: interaction.id, campaignId: campaign.id, enteredAt: u.at });
      return;
    }

    // Refused at the door (no campaign, a disabled one, out of schedule): stored like any hand-off, and the router
    // decides the close, the text the customer gets and the hand-back. Its entry time stays empty: it never
    // entered a queue, and that is how a restarted router finds hand-offs it has not decided yet.
    u.emit('interaction.arrived', { interactionId: interaction.id, campaignId: campaign?.id ?? null, enteredAt: u.at });
  }

  /**
   * A message after the close while the satisfaction question waits. A 1–5 answer is stored with the closed
   * interaction (and its transcript) and consumed; anything else ends the wait and goes on as usual. Either way
   * a hand-back held for the answer is sent now, so HeyNow's bot gets its customer back at once.
   */
  private async surveyReply(
    u: Unit,
    externalConversationId: string,
    providerMessageId: string | null,
    text: string | undefined,
    at: number,
  ): Promise<boolean> {
    const { store } = this.options;
    const survey = await findAwaiting(u.trx, u.providerId, externalConversationId, u.at);
    if (!survey) return false;
    const score = scoreOf(text);
    const settled = await settleSurvey(
      u.trx,
      survey.interaction_id,
      score === null ? { state: 'skipped' } : { state: 'answered', score, at: u.at },
    );
    if (settled && survey.hold_end === 1 && (await store.releaseHandBack(u.trx, survey.interaction_id)))
      u.enqueued = true;
    if (score === null || !settled) return false;
    const kept = await store.appendMessages(u.trx, [
      {
        interactionId: survey.interaction_id,
        providerId: u.providerId,
        providerMessageId,
        direction: 'in',
        author: 'customer',
        kind: 'text',
        body: text ?? null,
        createdAt: at,
      },
    ]);
    u.summary.stored += kept.length;
    u.emit('survey.answered', {
      interactionId: survey.interaction_id,
      campaignId: survey.campaign_id,
      agentId: survey.agent_id,
      score,
      at: u.at,
    });
    return true;
  }

  /** Same conversation handed off again while open: never a second interaction; implicit ones add their message. */
  private async repeatedHandoff(u: Unit, open: InteractionRow, event: HandoffEvent): Promise<void> {
    if (!event.implicit || !event.firstMessage) {
      u.summary.duplicates++;
      return;
    }
    await this.appendCustomerMessage(
      u,
      open,
      event.providerMessageId ?? null,
      event.firstMessage.text,
      event.firstMessage.attachments,
      event.at,
    );
  }

  private async message(u: Unit, event: CustomerMessageEvent): Promise<void> {
    const found = await this.options.store.findOpenConversation(u.trx, u.providerId, event.externalConversationId);
    if (found.committed) u.committed.push(found.committed);
    const open = found.open;
    if (
      !open &&
      (await this.surveyReply(u, event.externalConversationId, event.providerMessageId, event.text, event.at))
    )
      return;
    if (!open) {
      // Acknowledged with a 2xx, not an error — the conversation ended here or never reached us.
      u.summary.unknown++;
      // Routine (a conversation that ended here): debug, or a busy gateway would fill the log at info.
      this.options.logger?.debug(
        { providerId: u.providerId, conversationId: event.externalConversationId },
        'message for an unknown conversation ignored',
      );
      return;
    }
    const text = event.reaction ? await this.reactionText(u, event.reaction, event.text) : event.text;
    await this.appendCustomerMessage(u, open, event.providerMessageId, text, event.attachments, event.at);
  }

  /** A reaction quotes the message it is about when we have it (ours or the customer's), else keeps the id. */
  private async reactionText(
    u: Unit,
    reaction: { emoji: string; providerMessageId: string },
    fallback: string | undefined,
  ): Promise<string | undefined> {
    const target = await this.options.store.findMessageByProviderId(u.trx, u.providerId, reaction.providerMessageId);
    const body = target?.body?.trim();
    if (!body) return fallback;
    const quote = `“${body.length > 80 ? `${body.slice(0, 79)}…` : body}”`;
    return reaction.emoji ? `Reacted ${reaction.emoji} to ${quote}` : `Removed a reaction from ${quote}`;
  }

  private async appendCustomerMessage(
    u: Unit,
    open: OpenConversation,
    providerMessageId: string | null,
    text: string | undefined,
    attachments: InboundAttachment[] | undefined,
    at: number,
  ): Promise<void> {
    const { store } = this.options;
    const { created, message } = await store.appendMessage(u.trx, {
      interactionId: open.id,
      providerId: u.providerId,
      providerMessageId,
      direction: 'in',
      author: 'customer',
      ...messageFields(text, attachments, u.files),
      createdAt: at,
    });
    if (!created) {
      u.summary.duplicates++;
      return;
    }
    u.summary.stored++;
    await this.options.files?.markReceived(u.trx, fileIds([message]), open.id, u.at);
    u.emit('message.stored', customerMessageStored(open, message.id));
  }

  /**
   * Recorded where it arrives (in the batch with the messages around it); the router closes the interaction
   * afterwards, like every other close. The timeline entry makes the leaving durable before the webhook is
   * acknowledged: a router that restarts before closing finds it there. A redelivery records nothing new.
   */
  private async customerLeft(u: Unit, event: CustomerLeftEvent): Promise<void> {
    const { store } = this.options;
    const open = await store.findOpenByConversation(u.trx, u.providerId, event.externalConversationId);
    if (!open) {
      // Gone while the satisfaction question waited: no answer will come, and HeyNow needs no hand-back.
      const survey = await findAwaiting(u.trx, u.providerId, event.externalConversationId, u.at);
      if (survey && (await settleSurvey(u.trx, survey.interaction_id, { state: 'skipped' })) && survey.hold_end === 1)
        await store.forgoHandBack(u.trx, survey.interaction_id);
      u.summary.unknown++;
      return;
    }
    const recorded = await store.recordCustomerLeft(u.trx, {
      interactionId: open.id,
      campaignId: open.campaign_id,
      detail: event.reason ? { providerReason: event.reason } : null,
    });
    if (!recorded) {
      u.summary.duplicates++;
      return;
    }
    u.summary.closed++;
    u.emit('customer.left', { interactionId: open.id, campaignId: open.campaign_id });
  }

  private async status(u: Unit, event: DeliveryStatusEvent): Promise<void> {
    const { store } = this.options;
    if (event.status === 'failed' && event.error?.retryable) {
      const message = await store.findMessageByProviderId(u.trx, u.providerId, event.providerMessageId);
      if (
        message?.direction === 'out' &&
        (await store.requeueThrottled(u.trx, message, event.at, u.at, this.options.maxSendAttempts ?? 20))
      ) {
        u.enqueued = true;
        u.summary.statuses++;
        u.emit('message.status', { interactionId: message.interaction_id, messageId: message.id, status: 'pending' });
        return;
      }
    }
    // The adapter's sentence for a known code (never the provider's body); else the code and its title.
    const error = event.error ? (event.error.reason ?? `${event.error.code}: ${event.error.message}`) : undefined;
    const moved = await store.updateDeliveryStatus(
      u.trx,
      u.providerId,
      event.providerMessageId,
      event.status,
      error,
      event.at,
    );
    if (!moved) {
      u.summary.unknown++;
      return;
    }
    u.summary.statuses++;
    u.emit('message.status', {
      interactionId: moved.interaction_id,
      messageId: moved.id,
      status: event.status,
      ...(error && event.status === 'failed' ? { error } : {}),
    });
  }
}
