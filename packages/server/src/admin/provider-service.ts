import { randomUUID } from 'node:crypto';
import type { Channel, Provider, ProviderCreate, ProviderKind, ProviderUpdate } from '@switchboard/protocol';
import type { Kysely, Selectable } from 'kysely';
import { DomainError, notFound } from '../errors';
import { OutboundGuard } from '../providers/outbound-guard';
import type { SecretBox } from '../security/secret-box';
import { isUniqueViolation } from '../storage/constraint-errors';
import { readCloudSecrets, type CloudSecrets } from '../storage/json-columns';
import type { ProvidersTable, Tables } from '../storage/schema';
import { AuditLog, SYSTEM_ACTOR, type Actor, type AuditWriter } from '../supervision/audit-log';
import { changedFields } from '../supervision/audit-detail';

/** What adapters need to talk to a provider: the view plus the opened secret. Never sent to a client. */
export interface ProviderCredentials {
  id: string;
  kind: ProviderKind;
  name: string;
  channel: Channel;
  platformId: string;
  domain: string | null;
  username: string | null;
  /** partner token (Direct), password (Client) or app secret (WhatsApp Cloud) */
  secret: string;
  /** WhatsApp Cloud only */
  accessToken?: string;
  verifyToken?: string;
  /** WhatsApp Cloud send budget per phone number id; undefined = the default. */
  messagesPerSecond?: number;
  /** WhatsApp Cloud business account id (template sync); undefined = none. */
  wabaId?: string;
}

// WhatsApp Cloud holds three secrets (CloudSecrets); they are sealed together as one JSON document.

export interface ProviderServiceOptions {
  /** Refuses domains that point inside (loopback, private network, metadata); strict when omitted. */
  guard?: OutboundGuard;
  /** Called after a provider was changed or removed, so cached adapters are rebuilt before the next send. */
  changed?: (id: string) => void;
}

export class ProviderService {
  private readonly guard: OutboundGuard;

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly box: SecretBox,
    private readonly now: () => number = Date.now,
    private readonly audit: AuditWriter = new AuditLog(db, now),
    private readonly options: ProviderServiceOptions = {},
  ) {
    this.guard = options.guard ?? new OutboundGuard();
  }

  async list(): Promise<Provider[]> {
    const rows = await this.db.selectFrom('providers').selectAll().orderBy('name_key').execute();
    return rows.map(toProvider);
  }

  async get(id: string): Promise<Provider> {
    return toProvider(await this.row(id));
  }

  async credentials(id: string): Promise<ProviderCredentials> {
    const row = await this.row(id);
    if (row.kind === 'whatsapp-cloud') {
      const cloud = readCloudSecrets(this.box.open(row.secret_sealed));
      return {
        id: row.id,
        kind: 'whatsapp-cloud',
        name: row.name,
        channel: row.channel,
        platformId: row.platform_id,
        domain: row.domain,
        username: null,
        secret: cloud.appSecret,
        accessToken: cloud.accessToken,
        verifyToken: cloud.verifyToken,
        ...(row.messages_per_second !== null ? { messagesPerSecond: Number(row.messages_per_second) } : {}),
        ...(row.waba_id !== null ? { wabaId: row.waba_id } : {}),
      };
    }
    return {
      id: row.id,
      kind: row.kind,
      name: row.name,
      channel: row.channel,
      platformId: row.platform_id,
      domain: row.domain,
      username: row.username,
      secret: this.box.open(row.secret_sealed),
    };
  }

  async create(input: ProviderCreate, actor: Actor = SYSTEM_ACTOR): Promise<Provider> {
    const id = randomUUID();
    const at = this.now();
    const secret =
      input.kind === 'heynow-direct'
        ? input.partnerToken
        : input.kind === 'heynow-client'
          ? input.password
          : JSON.stringify({
              appSecret: input.appSecret,
              accessToken: input.accessToken,
              verifyToken: input.verifyToken,
            } satisfies CloudSecrets);
    this.assertDomainAllowed(input.domain);
    await this.assertNameFree(input.name);
    await this.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto('providers')
          .values({
            id,
            kind: input.kind,
            name: input.name.trim(),
            name_key: input.name.trim().toLowerCase(),
            channel: input.channel ?? 'whatsapp',
            platform_id: input.platformId.trim(),
            domain: input.domain ?? null,
            username: input.kind === 'heynow-client' ? input.username : null,
            messages_per_second: input.kind === 'whatsapp-cloud' ? (input.messagesPerSecond ?? null) : null,
            waba_id: input.kind === 'whatsapp-cloud' ? (input.wabaId ?? null) : null,
            secret_sealed: this.box.seal(secret),
            created_at: at,
            updated_at: at,
          })
          .execute();
        await this.audit.write(trx, {
          action: 'provider.created',
          actor,
          target: { kind: 'provider', id, name: input.name.trim() },
          detail: input.kind,
        });
      })
      .catch(this.nameRace(input.name));
    return this.get(id);
  }

  async update(id: string, input: ProviderUpdate, actor: Actor = SYSTEM_ACTOR): Promise<Provider> {
    const current = await this.row(id);
    const kind = current.kind;
    // Fields that belong to the other kind are refused rather than silently stored.
    if (kind === 'heynow-direct' && (input.username !== undefined || input.password !== undefined)) {
      const field = input.username !== undefined ? 'username' : 'password';
      throw new DomainError('validation_failed', `${field}: a Direct API provider has no ${field}`, field);
    }
    if (kind !== 'heynow-direct' && input.partnerToken !== undefined) {
      throw new DomainError(
        'validation_failed',
        'partnerToken: only Direct API providers have a partner token',
        'partnerToken',
      );
    }
    if (kind === 'whatsapp-cloud' && (input.username !== undefined || input.password !== undefined)) {
      const field = input.username !== undefined ? 'username' : 'password';
      throw new DomainError('validation_failed', `${field}: a WhatsApp Cloud provider has no ${field}`, field);
    }
    const cloudField = (['appSecret', 'accessToken', 'verifyToken'] as const).find((f) => input[f] !== undefined);
    if (kind !== 'whatsapp-cloud' && input.messagesPerSecond !== undefined) {
      throw new DomainError(
        'validation_failed',
        'messagesPerSecond: only WhatsApp Cloud providers have a send budget',
        'messagesPerSecond',
      );
    }
    if (kind !== 'whatsapp-cloud' && input.wabaId !== undefined) {
      throw new DomainError(
        'validation_failed',
        'wabaId: only WhatsApp Cloud providers have a business account id',
        'wabaId',
      );
    }
    if (kind !== 'whatsapp-cloud' && cloudField) {
      throw new DomainError('validation_failed', `${cloudField}: only WhatsApp Cloud providers have one`, cloudField);
    }
    this.assertDomainAllowed(input.domain);
    if (input.name !== undefined && input.name.trim().toLowerCase() !== current.name_key)
      await this.assertNameFree(input.name);
    let secret = input.partnerToken ?? input.password;
    if (kind === 'whatsapp-cloud' && cloudField) {
      const current = readCloudSecrets(this.box.open((await this.row(id)).secret_sealed));
      secret = JSON.stringify({
        appSecret: input.appSecret ?? current.appSecret,
        accessToken: input.accessToken ?? current.accessToken,
        verifyToken: input.verifyToken ?? current.verifyToken,
      } satisfies CloudSecrets);
    }
    await this.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .updateTable('providers')
          .set({
            ...(input.name !== undefined ? { name: input.name.trim(), name_key: input.name.trim().toLowerCase() } : {}),
            ...(input.channel !== undefined ? { channel: input.channel } : {}),
            ...(input.domain !== undefined ? { domain: input.domain } : {}),
            ...(input.platformId !== undefined ? { platform_id: input.platformId.trim() } : {}),
            ...(input.username !== undefined ? { username: input.username } : {}),
            ...(input.messagesPerSecond !== undefined ? { messages_per_second: input.messagesPerSecond } : {}),
            // Another account's templates are not this one's: the next sync starts from nothing.
            ...(input.wabaId !== undefined && input.wabaId !== current.waba_id
              ? { waba_id: input.wabaId, templates_synced_at: null }
              : {}),
            ...(secret !== undefined ? { secret_sealed: this.box.seal(secret) } : {}),
            updated_at: this.now(),
          })
          .where('id', '=', id)
          .execute();
        if (input.wabaId !== undefined && input.wabaId !== current.waba_id)
          await trx.deleteFrom('whatsapp_templates').where('provider_id', '=', id).execute();
        await this.audit.write(trx, {
          action: 'provider.updated',
          actor,
          target: { kind: 'provider', id, name: input.name?.trim() ?? current.name },
          // Field names only: the values may be secrets.
          detail: changedFields(input),
        });
      })
      .catch(this.nameRace(input.name ?? current.name));
    this.options.changed?.(id);
    return this.get(id);
  }

  /** Refused, naming the campaigns, while any campaign uses the provider. */
  async remove(id: string, actor: Actor = SYSTEM_ACTOR): Promise<void> {
    const current = await this.row(id);
    const users = await this.db
      .selectFrom('campaign_providers')
      .innerJoin('campaigns', 'campaigns.id', 'campaign_providers.campaign_id')
      .select(['campaigns.id', 'campaigns.name'])
      .where('campaign_providers.provider_id', '=', id)
      .orderBy('campaigns.name_key')
      .execute();
    if (users.length > 0) {
      throw new DomainError(
        'provider_in_use',
        `This provider is used by ${users.map((c) => `"${c.name}"`).join(', ')}; remove it from those campaigns first`,
        undefined,
        { campaigns: users },
      );
    }
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('whatsapp_templates').where('provider_id', '=', id).execute();
      await trx.deleteFrom('providers').where('id', '=', id).execute();
      await this.audit.write(trx, {
        action: 'provider.deleted',
        actor,
        target: { kind: 'provider', id, name: current.name },
      });
    });
    this.options.changed?.(id);
  }

  /** A one-off send changes nothing here; its record is written once the provider has taken the message. */
  async recordOneOffSend(id: string, to: string, actor: Actor): Promise<void> {
    const current = await this.row(id);
    await this.audit.write(this.db, {
      action: 'provider.message_sent',
      actor,
      target: { kind: 'provider', id, name: current.name },
      detail: `to ${to}`,
    });
  }

  /** The address check at save time; the outbound guard checks the resolved address again on every call. */
  private assertDomainAllowed(domain: string | undefined): void {
    if (domain === undefined) return;
    const check = this.guard.checkUrl(domain);
    if (!check.ok) throw new DomainError('validation_failed', `domain: ${check.reason}`, 'domain');
  }

  private async row(id: string): Promise<Selectable<ProvidersTable>> {
    const row = await this.db.selectFrom('providers').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Provider', id);
    return row;
  }

  private async assertNameFree(name: string): Promise<void> {
    const taken = await this.db
      .selectFrom('providers')
      .select('id')
      .where('name_key', '=', name.trim().toLowerCase())
      .executeTakeFirst();
    if (taken) throw new DomainError('name_taken', `A provider named "${name.trim()}" already exists`, 'name');
  }

  private nameRace(name: string) {
    return (error: unknown): never => {
      if (isUniqueViolation(error))
        throw new DomainError('name_taken', `A provider named "${name.trim()}" already exists`, 'name');
      throw error;
    };
  }
}

function toProvider(row: Selectable<ProvidersTable>): Provider {
  const kind = row.kind;
  return {
    id: row.id,
    kind,
    name: row.name,
    channel: row.channel,
    platformId: row.platform_id,
    ...(row.domain !== null ? { domain: row.domain } : {}),
    ...(row.username !== null ? { username: row.username } : {}),
    secretSet: row.secret_sealed.length > 0,
    webhookPath: kind === 'whatsapp-cloud' ? `/webhooks/whatsapp-cloud/${row.id}` : `/webhooks/heynow/${row.id}`,
    ...(row.messages_per_second !== null ? { messagesPerSecond: Number(row.messages_per_second) } : {}),
    ...(kind === 'whatsapp-cloud'
      ? {
          ...(row.waba_id !== null ? { wabaId: row.waba_id } : {}),
          templatesSyncedAt: row.templates_synced_at === null ? null : Number(row.templates_synced_at),
        }
      : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
