import { randomBytes, randomUUID } from 'node:crypto';
import {
  WEBHOOK_EVENTS,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointCreate,
  type WebhookEndpointCreated,
  type WebhookEndpointUpdate,
  type WebhookEvent,
} from '@switchboard/protocol';
import type { Kysely, Selectable } from 'kysely';
import { DomainError, notFound } from '../errors';
import type { OutboundGuard } from '../providers/outbound-guard';
import type { SecretBox } from '../security/secret-box';
import type { Actor, AuditTarget, AuditWriter } from '../supervision/audit-log';
import type { Tables, WebhookDeliveriesTable, WebhookEndpointsTable } from '../storage/schema';
import { readArray } from '../storage/json-columns';

/** Recognisable in a CRM's configuration and to secret scanners. */
const SECRET_PREFIX = 'whsec_';
/** The deliveries page lists this many, newest first. */
const RECENT_DELIVERIES = 50;

export function eventsOf(json: string): WebhookEvent[] {
  return readArray(json).filter((e): e is WebhookEvent => WEBHOOK_EVENTS.includes(e as WebhookEvent));
}

const target = (row: { id: string; name: string }): AuditTarget => ({
  kind: 'webhook_endpoint',
  id: row.id,
  name: row.name,
});

export interface WebhookEndpointServiceOptions {
  guard: OutboundGuard;
  /** Called after a change that may make held deliveries due (resume, enable). */
  changed: () => void;
  /** Called after any endpoint was created, changed or removed (the event recorder keeps the list). */
  endpointsChanged?: () => void;
}

/**
 * CRM endpoints that receive signed events (issue 14 item 5). The secret is write-only: sealed with the
 * SecretBox like provider secrets, shown once when Switchboard generates it, never listed, never logged.
 * Every change is audited in its transaction.
 */
export class WebhookEndpointService {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly box: SecretBox,
    private readonly now: () => number,
    private readonly audit: AuditWriter,
    private readonly options: WebhookEndpointServiceOptions,
  ) {}

  async create(input: WebhookEndpointCreate, actor: Actor): Promise<WebhookEndpointCreated> {
    const url = this.checkedUrl(input.url);
    const secret = input.secret ?? SECRET_PREFIX + randomBytes(32).toString('base64url');
    const now = this.now();
    const row: Selectable<WebhookEndpointsTable> = {
      id: randomUUID(),
      name: input.name.trim(),
      url,
      events_json: JSON.stringify([...new Set(input.events)]),
      secret_sealed: this.box.seal(secret),
      enabled: 1,
      paused_at: null,
      consecutive_failures: 0,
      created_at: now,
      created_by: actor.username,
      updated_at: now,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('webhook_endpoints').values(row).execute();
      await this.audit.write(trx, {
        action: 'webhook_endpoint.created',
        actor,
        target: target(row),
        detail: `events: ${eventsOf(row.events_json).join(', ')}`,
      });
    });
    this.options.endpointsChanged?.();
    return { ...toApi(row, null, 0), secret };
  }

  async list(): Promise<WebhookEndpoint[]> {
    const rows = await this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return Promise.all(rows.map((row) => this.withHealth(row)));
  }

  async get(id: string): Promise<WebhookEndpoint> {
    return this.withHealth(await this.row(id));
  }

  async update(id: string, input: WebhookEndpointUpdate, actor: Actor): Promise<WebhookEndpoint> {
    const url = input.url === undefined ? undefined : this.checkedUrl(input.url);
    let resumed = false;
    await this.db.transaction().execute(async (trx) => {
      const row = await this.row(id, trx);
      const now = this.now();
      const changes: Partial<Selectable<WebhookEndpointsTable>> = { updated_at: now };
      const changed: string[] = [];
      if (input.name !== undefined && input.name.trim() !== row.name) {
        changes.name = input.name.trim();
        changed.push('name');
      }
      if (url !== undefined && url !== row.url) {
        changes.url = url;
        changed.push('url');
      }
      if (input.events !== undefined) {
        changes.events_json = JSON.stringify([...new Set(input.events)]);
        changed.push('events');
      }
      if (input.secret !== undefined) {
        changes.secret_sealed = this.box.seal(input.secret);
        changed.push('secret');
      }
      if (input.enabled !== undefined && (row.enabled === 1) !== input.enabled) {
        changes.enabled = input.enabled ? 1 : 0;
        changed.push(input.enabled ? 'enabled' : 'disabled');
        resumed ||= input.enabled;
      }
      if (input.paused === true && row.paused_at === null) {
        changes.paused_at = now;
        changed.push('paused');
      } else if (input.paused === false && row.paused_at !== null) {
        changes.paused_at = null;
        changes.consecutive_failures = 0;
        changed.push('resumed');
        resumed = true;
      }
      await trx.updateTable('webhook_endpoints').set(changes).where('id', '=', id).execute();
      if (resumed) {
        // What was held while paused goes out now, not at the end of a long backoff.
        await trx
          .updateTable('webhook_deliveries')
          .set({ next_attempt_at: now })
          .where('endpoint_id', '=', id)
          .where('status', '=', 'pending')
          .execute();
      }
      await this.audit.write(trx, {
        action: 'webhook_endpoint.updated',
        actor,
        target: target({ id, name: changes.name ?? row.name }),
        detail: changed.length > 0 ? `changed: ${changed.join(', ')}` : 'no change',
      });
    });
    this.options.endpointsChanged?.();
    if (resumed) this.options.changed();
    return this.get(id);
  }

  /** Deletes the endpoint and its deliveries (pending ones are never sent). */
  async remove(id: string, actor: Actor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await this.row(id, trx);
      await trx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
      await trx.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
      await this.audit.write(trx, { action: 'webhook_endpoint.deleted', actor, target: target(row) });
    });
    this.options.endpointsChanged?.();
  }

  async deliveries(id: string): Promise<WebhookDelivery[]> {
    await this.row(id);
    const rows = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('endpoint_id', '=', id)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(RECENT_DELIVERIES)
      .execute();
    return rows.map(deliveryToApi);
  }

  /** Unseals a stored signing secret: for the delivery worker only, never for an answer or a log. */
  openSecret(sealed: string): string {
    return this.box.open(sealed);
  }

  /** The same save-time check as a provider's domain; the guarded fetch checks the address again per call. */
  private checkedUrl(raw: string): string {
    const check = this.options.guard.checkUrl(raw.trim());
    if (!check.ok) throw new DomainError('validation_failed', `url: ${check.reason}`, 'url');
    return check.url.href;
  }

  private async row(id: string, db: Kysely<Tables> = this.db): Promise<Selectable<WebhookEndpointsTable>> {
    const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Webhook endpoint', id);
    return row;
  }

  private async withHealth(row: Selectable<WebhookEndpointsTable>): Promise<WebhookEndpoint> {
    const last = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('endpoint_id', '=', row.id)
      .where('last_attempt_at', 'is not', null)
      .orderBy('last_attempt_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const pending = await this.db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('endpoint_id', '=', row.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return toApi(row, last ? deliveryToApi(last) : null, Number(pending?.n ?? 0));
  }
}

function toApi(
  row: Selectable<WebhookEndpointsTable>,
  lastDelivery: WebhookDelivery | null,
  pendingDeliveries: number,
): WebhookEndpoint {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: eventsOf(row.events_json),
    enabled: Number(row.enabled) === 1,
    paused: row.paused_at !== null,
    pausedAt: row.paused_at === null ? null : Number(row.paused_at),
    consecutiveFailures: Number(row.consecutive_failures),
    pendingDeliveries,
    lastDelivery,
    createdAt: Number(row.created_at),
    createdBy: row.created_by,
  };
}

export function deliveryToApi(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    event: row.event,
    status: row.status,
    attempts: Number(row.attempts),
    statusCode: row.last_status_code === null ? null : Number(row.last_status_code),
    error: row.last_error,
    createdAt: Number(row.created_at),
    lastAttemptAt: row.last_attempt_at === null ? null : Number(row.last_attempt_at),
    deliveredAt: row.delivered_at === null ? null : Number(row.delivered_at),
  };
}
