import type { WebhookEvent } from '@switchboard/protocol';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DomainBus, DomainEvents } from '../events/domain-events';
import { monotonicId } from '../ids';
import { isUniqueViolation } from '../storage/constraint-errors';
import type { Tables } from '../storage/schema';
import { eventsOf } from './endpoint-service';
import { parseStored, readArray } from '../storage/json-columns';

export interface WebhookEventRecorderOptions {
  db: Kysely<Tables>;
  bus: DomainBus;
  now: () => number;
  /** The base URL people and CRMs reach this server at (SWITCHBOARD_PUBLIC_URL or the listening URL). */
  publicUrl: () => string;
  /** Called after rows were recorded: the delivery worker wakes up. */
  recorded: () => void;
  logger?: Pick<Logger, 'error'>;
}

/** A CRM-facing event before it is addressed to endpoints: what is signed and sent, and what names it. */
interface Outgoing {
  type: WebhookEvent;
  /** Unique per endpoint: the same event seen twice is recorded once. */
  key: string;
  occurredAt: number;
  data: Record<string, unknown>;
}

/**
 * Turns domain events into durable delivery rows, one per enabled endpoint subscribed to the event.
 *
 * It listens on the bus, so it records right after the change committed, not in the change's transaction:
 * the write paths (router decisions, agent close, ingest) emit after their commit, and threading every
 * endpoint lookup into each of them would couple the router to CRMs. The window is a crash between that
 * commit and this insert (milliseconds), in which the event is lost for CRMs; everything after the insert
 * survives restarts.
 */
const ENDPOINTS_TTL_MS = 5_000;

export class WebhookEventRecorder {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly unsubscribe: (() => void)[] = [];
  private endpoints: { readAt: number; rows: Promise<{ id: string; events: WebhookEvent[] }[]> } | null = null;

  constructor(private readonly options: WebhookEventRecorderOptions) {}

  start(): void {
    if (this.unsubscribe.length > 0) return;
    const { bus } = this.options;
    this.unsubscribe.push(
      bus.onLocal('interaction.updated', (e) => this.track(this.onUpdated(e))),
      bus.onLocal('interaction.closed', (e) => this.track(this.onClosed(e))),
      bus.onLocal('message.stored', (e) => this.track(this.onMessage(e))),
      bus.onLocal('survey.answered', (e) => this.track(this.onSatisfaction(e))),
    );
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** Resolves once every event seen so far is recorded (tests, graceful shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private track(work: Promise<void>): void {
    const p = work.catch((error: unknown) =>
      this.options.logger?.error({ err: error }, 'recording a webhook delivery failed'),
    );
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async onUpdated(e: DomainEvents['interaction.updated']): Promise<void> {
    // The router re-announces the owner on transfers; the key makes one delivery per (interaction, agent).
    if (e.status !== 'active' || !e.ownerAgentId) return;
    if (!(await this.anySubscribed('interaction.assigned'))) return;
    const row = await this.interaction(e.interactionId);
    if (!row) return;
    await this.record({
      type: 'interaction.assigned',
      key: `interaction.assigned:${e.interactionId}:${e.ownerAgentId}`,
      occurredAt: Number(row.taken_at ?? this.options.now()),
      data: { ...(await this.describe(row)), agent: await this.agent(e.ownerAgentId) },
    });
  }

  private async onClosed(e: DomainEvents['interaction.closed']): Promise<void> {
    if (!(await this.anySubscribed('interaction.closed'))) return;
    const row = await this.interaction(e.interactionId);
    if (!row) return;
    const agentId = e.ownerAgentId ?? row.owner_agent_id;
    await this.record({
      type: 'interaction.closed',
      key: `interaction.closed:${e.interactionId}`,
      occurredAt: Number(row.closed_at ?? this.options.now()),
      data: {
        ...(await this.describe(row)),
        reason: e.reason,
        disposition: row.disposition_json ? parseStored(row.disposition_json) : null,
        agent: agentId ? await this.agent(agentId) : null,
        transcriptUrl: `${this.options.publicUrl()}/api/recordings/${encodeURIComponent(row.id)}/transcript`,
      },
    });
  }

  private async onMessage(e: DomainEvents['message.stored']): Promise<void> {
    // Whispers are between a supervisor and an agent: never a CRM's business.
    if (e.direction === 'internal') return;
    if (!(await this.anySubscribed('message.stored'))) return;
    const [row, message] = await Promise.all([
      this.interaction(e.interactionId),
      this.options.db.selectFrom('messages').selectAll().where('id', '=', e.messageId).executeTakeFirst(),
    ]);
    if (!row || !message) return;
    const attachments = message.attachments_json ? readArray(message.attachments_json) : [];
    await this.record({
      type: 'message.stored',
      key: `message.stored:${message.id}`,
      occurredAt: Number(message.created_at),
      data: {
        interactionId: row.id,
        campaign: await this.campaign(row.campaign_id),
        customer: { number: row.customer_number, name: row.customer_name },
        message: {
          id: message.id,
          direction: message.direction,
          author: message.author,
          kind: message.kind,
          text: message.body,
          attachments: Array.isArray(attachments) ? attachments.length : 0,
          createdAt: Number(message.created_at),
        },
        agent: message.agent_id ? await this.agent(message.agent_id) : null,
      },
    });
  }

  /** The customer's 1–5 answer to the satisfaction question, with whom it rates. */
  private async onSatisfaction(e: DomainEvents['survey.answered']): Promise<void> {
    if (!(await this.anySubscribed('csat.received'))) return;
    const row = await this.interaction(e.interactionId);
    if (!row) return;
    await this.record({
      type: 'csat.received',
      key: `csat.received:${e.interactionId}`,
      occurredAt: e.at,
      data: {
        ...(await this.describe(row)),
        score: e.score,
        agent: e.agentId ? await this.agent(e.agentId) : null,
      },
    });
  }

  private async anySubscribed(type: WebhookEvent): Promise<boolean> {
    return (await this.subscribers(type)).length > 0;
  }

  /**
   * Endpoints change rarely and events come with every message: the enabled endpoints are read once and kept
   * until an endpoint changes here (`invalidate`) or, for a change made by another process, for a few seconds.
   */
  private async subscribers(type: WebhookEvent): Promise<string[]> {
    const now = this.options.now();
    if (this.endpoints === null || now - this.endpoints.readAt > ENDPOINTS_TTL_MS) {
      const rows = this.options.db
        .selectFrom('webhook_endpoints')
        .select(['id', 'events_json'])
        .where('enabled', '=', 1)
        .execute()
        .then((found) => found.map((r) => ({ id: r.id, events: eventsOf(r.events_json) })));
      this.endpoints = { readAt: now, rows };
      // A failed read is not kept: the next event asks again.
      rows.catch(() => {
        if (this.endpoints?.rows === rows) this.endpoints = null;
      });
    }
    return (await this.endpoints.rows).filter((r) => r.events.includes(type)).map((r) => r.id);
  }

  /** An endpoint was created, changed or removed: the next event reads the list again. */
  invalidate(): void {
    this.endpoints = null;
  }

  private async record(event: Outgoing): Promise<void> {
    const endpoints = await this.subscribers(event.type);
    if (endpoints.length === 0) return;
    const now = this.options.now();
    let recorded = false;
    for (const endpointId of endpoints) {
      const id = monotonicId(now);
      // The body is fixed here, so every retry sends (and signs) the very same bytes.
      const body = JSON.stringify({ id, type: event.type, occurredAt: event.occurredAt, data: event.data });
      try {
        await this.options.db
          .insertInto('webhook_deliveries')
          .values({
            id,
            endpoint_id: endpointId,
            event: event.type,
            event_key: event.key,
            body,
            status: 'pending',
            attempts: 0,
            next_attempt_at: now,
            last_status_code: null,
            last_error: null,
            created_at: now,
            last_attempt_at: null,
            delivered_at: null,
          })
          .execute();
        recorded = true;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    if (recorded) this.options.recorded();
  }

  private interaction(id: string) {
    return this.options.db.selectFrom('interactions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  private async describe(row: NonNullable<Awaited<ReturnType<WebhookEventRecorder['interaction']>>>) {
    return {
      interactionId: row.id,
      campaign: await this.campaign(row.campaign_id),
      customer: { number: row.customer_number, name: row.customer_name },
      skill: row.skill,
      createdAt: Number(row.created_at),
      enteredAt: row.entered_at === null ? null : Number(row.entered_at),
      takenAt: row.taken_at === null ? null : Number(row.taken_at),
      closedAt: row.closed_at === null ? null : Number(row.closed_at),
    };
  }

  private async campaign(id: string | null) {
    if (!id) return null;
    const row = await this.options.db
      .selectFrom('campaigns')
      .select(['id', 'name'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? { id: row.id, name: row.name } : { id, name: null };
  }

  private async agent(id: string) {
    const row = await this.options.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? { id: row.id, username: row.username, displayName: row.display_name } : { id };
  }
}
