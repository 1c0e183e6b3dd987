import { languageOfNumber, rankTemplates, templateParamCount } from '@switchboard/core';
import type { InteractionTemplates, MessageTemplate, TemplateSyncResult } from '@switchboard/protocol';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { DomainError, notFound } from '../../errors';
import { failureSummary } from '../../providers/outbound-http';
import type { ProviderAdapter, ProviderTemplate } from '../../providers/provider-adapter';
import type { Tables } from '../../storage/schema';

export const TEMPLATE_SYNC_INTERVAL_MS = 3_600_000;
/** A failed periodic sync is tried again sooner than a successful one is repeated, but not every tick. */
const RETRY_AFTER_FAILURE_MS = 5 * 60_000;
const CHECK_EVERY_MS = 60_000;
/** Rows per insert: well under SQLite's bound-variable limit. */
const INSERT_CHUNK = 50;

export interface TemplateCatalogDeps {
  db: Kysely<Tables>;
  adapterFor: (providerId: string) => Promise<ProviderAdapter | undefined>;
  now: () => number;
  logger?: Pick<Logger, 'warn' | 'info'>;
  /** How long a successful sync stays fresh; default one hour. */
  intervalMs?: number;
  /** How often the timer looks for providers due a sync; default one minute. */
  checkEveryMs?: number;
}

/** Fits the table's columns; anything longer is not a template Meta sends. */
function storable(t: ProviderTemplate): boolean {
  return t.name.length <= 512 && t.language.length <= 16 && t.status.length <= 32 && t.category.length <= 32;
}

/**
 * The approved WhatsApp templates of each Cloud provider with a business account id, read from Meta on
 * demand (the administrator's button) and by an hourly timer, and kept in `whatsapp_templates` so agents pick
 * from them without a call to Meta.
 */
export class TemplateCatalog {
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<void> | null = null;
  /** Failed periodic syncs by provider: when, so a broken account is not asked every minute. */
  private readonly failedAt = new Map<string, number>();
  private readonly intervalMs: number;

  constructor(private readonly deps: TemplateCatalogDeps) {
    this.intervalMs = deps.intervalMs ?? TEMPLATE_SYNC_INTERVAL_MS;
  }

  /** Reads every template of the provider's business account and replaces what was stored. */
  async sync(providerId: string): Promise<TemplateSyncResult> {
    const { db } = this.deps;
    const provider = await db
      .selectFrom('providers')
      .select(['id', 'kind', 'waba_id'])
      .where('id', '=', providerId)
      .executeTakeFirst();
    if (!provider) throw notFound('Provider', providerId);
    if (provider.kind !== 'whatsapp-cloud')
      throw new DomainError(
        'validation_failed',
        'kind: templates are synced only for WhatsApp Cloud providers (HeyNow keeps its own)',
        'kind',
      );
    if (!provider.waba_id)
      throw new DomainError(
        'validation_failed',
        'wabaId: set the WhatsApp Business Account id of this provider before syncing its templates',
        'wabaId',
      );
    const adapter = await this.deps.adapterFor(providerId);
    if (!adapter?.listTemplates) throw notFound('Provider', providerId);
    const listed = await adapter.listTemplates();
    if (!listed.ok) {
      throw new DomainError(
        listed.retryable ? 'provider_unavailable' : 'provider_refused',
        `Meta did not list the templates: ${failureSummary(listed)}`,
        undefined,
        { code: listed.code },
      );
    }
    const at = this.deps.now();
    const unique = new Map<string, ProviderTemplate>();
    for (const t of listed.templates) if (t.sendable && storable(t)) unique.set(`${t.name}\u0000${t.language}`, t);
    const rows = [...unique.values()].map((t) => ({
      provider_id: providerId,
      name: t.name,
      language: t.language,
      status: t.status,
      category: t.category,
      body_text: t.bodyText,
      param_count: templateParamCount(t.bodyText),
      synced_at: at,
    }));
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('whatsapp_templates').where('provider_id', '=', providerId).execute();
      for (let i = 0; i < rows.length; i += INSERT_CHUNK)
        await trx
          .insertInto('whatsapp_templates')
          .values(rows.slice(i, i + INSERT_CHUNK))
          .execute();
      await trx.updateTable('providers').set({ templates_synced_at: at }).where('id', '=', providerId).execute();
    });
    this.failedAt.delete(providerId);
    return {
      total: listed.templates.length,
      approved: rows.filter((r) => r.status === 'APPROVED').length,
      unsupported: listed.templates.filter((t) => !t.sendable).length,
      syncedAt: at,
    };
  }

  /** Syncs every Cloud provider whose templates are older than the interval (or never read). */
  async syncDue(): Promise<void> {
    const now = this.deps.now();
    const providers = await this.deps.db
      .selectFrom('providers')
      .select(['id', 'templates_synced_at'])
      .where('kind', '=', 'whatsapp-cloud')
      .where('waba_id', 'is not', null)
      .execute();
    for (const p of providers) {
      const synced = p.templates_synced_at === null ? null : Number(p.templates_synced_at);
      if (synced !== null && now - synced < this.intervalMs) continue;
      const failed = this.failedAt.get(p.id);
      if (failed !== undefined && now - failed < Math.min(RETRY_AFTER_FAILURE_MS, this.intervalMs)) continue;
      try {
        const result = await this.sync(p.id);
        this.deps.logger?.info({ providerId: p.id, ...result }, 'WhatsApp templates synced');
      } catch (error) {
        this.failedAt.set(p.id, now);
        this.deps.logger?.warn(
          { providerId: p.id, reason: error instanceof Error ? error.message : String(error) },
          'WhatsApp template sync failed',
        );
      }
    }
  }

  /** Starts the periodic sync (one at a time; a tick while one runs is skipped). */
  start(): void {
    if (this.timer) return;
    const tick = () => {
      if (this.running) return;
      this.running = this.syncDue()
        .catch((error: unknown) =>
          this.deps.logger?.warn({ err: error }, 'WhatsApp template sync could not read the providers'),
        )
        .finally(() => (this.running = null));
    };
    this.timer = setInterval(tick, this.deps.checkEveryMs ?? CHECK_EVERY_MS);
    this.timer.unref?.();
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** The provider's approved templates, by name and language. */
  async approved(providerId: string): Promise<MessageTemplate[]> {
    const rows = await this.deps.db
      .selectFrom('whatsapp_templates')
      .select(['name', 'language', 'category', 'body_text', 'param_count'])
      .where('provider_id', '=', providerId)
      .where('status', '=', 'APPROVED')
      .orderBy('name')
      .orderBy('language')
      .execute();
    return rows.map((r) => ({
      name: r.name,
      language: r.language,
      category: r.category,
      bodyText: r.body_text,
      paramCount: Number(r.param_count),
    }));
  }

  /**
   * Checked before a template is queued, so the agent reads the problem at once instead of a failed message
   * from Meta (132000, 132001). Only for providers with a synced catalogue; others (HeyNow) are not checked.
   */
  async problemWith(
    providerId: string,
    template: { name: string; language: string; params?: string[] | undefined },
  ): Promise<string | null> {
    const provider = await this.deps.db
      .selectFrom('providers')
      .select(['kind', 'waba_id', 'templates_synced_at'])
      .where('id', '=', providerId)
      .executeTakeFirst();
    if (!provider || provider.kind !== 'whatsapp-cloud' || !provider.waba_id || provider.templates_synced_at === null)
      return null;
    const found = await this.deps.db
      .selectFrom('whatsapp_templates')
      .select(['status', 'param_count'])
      .where('provider_id', '=', providerId)
      .where('name', '=', template.name)
      .where('language', '=', template.language)
      .executeTakeFirst();
    if (!found || found.status !== 'APPROVED')
      return `"${template.name}" (${template.language}) is not an approved template of this number`;
    const given = template.params?.length ?? 0;
    const wanted = Number(found.param_count);
    if (given !== wanted) return `"${template.name}" takes ${wanted} parameter(s), ${given} given`;
    return null;
  }

  /** What the composer offers in a conversation with `customerNumber` through `providerId`. */
  async forConversation(providerId: string, customerNumber: string): Promise<InteractionTemplates> {
    const provider = await this.deps.db
      .selectFrom('providers')
      .select(['kind', 'channel', 'waba_id'])
      .where('id', '=', providerId)
      .executeTakeFirst();
    const customerLanguage = languageOfNumber(customerNumber);
    if (!provider || provider.channel !== 'whatsapp') return { synced: false, customerLanguage: null, templates: [] };
    if (provider.kind !== 'whatsapp-cloud' || !provider.waba_id)
      return { synced: false, customerLanguage, templates: [] };
    return {
      synced: true,
      customerLanguage,
      templates: rankTemplates(await this.approved(providerId), customerLanguage),
    };
  }
}
