import { randomUUID } from 'node:crypto';
import {
  CAMPAIGN_DEFAULTS,
  CAMPAIGN_LANGUAGES,
  campaignDefaults,
  type Campaign,
  type CampaignLanguage,
  type CampaignCreate,
  type CampaignUpdate,
  type CannedResponse,
} from '@switchboard/protocol';
import { normalizeSkill, validateSchedule } from '@switchboard/core';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { DomainError, notFound } from '../errors';
import { isUniqueViolation } from '../storage/constraint-errors';
import {
  readCampaignMessages,
  readDispositions,
  readOfferTimeout,
  readQueueUpdates,
  readSchedule,
  readSurvey,
  readThresholds,
} from '../storage/json-columns';
import type { CampaignsTable, Tables } from '../storage/schema';
import { AuditLog, SYSTEM_ACTOR, type Actor, type AuditWriter } from '../supervision/audit-log';
import { changedFields } from '../supervision/audit-detail';

type Fields = Omit<Campaign, 'id' | 'createdAt' | 'updatedAt'>;

export class CampaignService {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly now: () => number = Date.now,
    private readonly audit: AuditWriter = new AuditLog(db, now),
  ) {}

  /** All campaigns, or only those in `scope` (a supervisor's). */
  async list(scope?: readonly string[]): Promise<Campaign[]> {
    if (scope && scope.length === 0) return [];
    let q = this.db.selectFrom('campaigns').selectAll().orderBy('name_key');
    if (scope) q = q.where('id', 'in', [...scope]);
    return this.hydrate(await q.execute());
  }

  async get(id: string): Promise<Campaign> {
    const row = await this.db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Campaign', id);
    const [campaign] = await this.hydrate([row]);
    return campaign!;
  }

  async create(input: CampaignCreate, actor: Actor = SYSTEM_ACTOR): Promise<Campaign> {
    const fields = withDefaults(input);
    const id = randomUUID();
    const at = this.now();
    await this.db
      .transaction()
      .execute(async (trx) => {
        await this.check(trx, id, fields);
        await trx
          .insertInto('campaigns')
          .values({ id, ...toRow(fields), created_at: at, updated_at: at })
          .execute();
        await this.writeChildren(trx, id, fields);
        await this.audit.write(trx, {
          action: 'campaign.created',
          actor,
          target: { kind: 'campaign', id, name: fields.name },
        });
      })
      .catch(nameRace(fields.name));
    return this.get(id);
  }

  /** A partial update merged over the stored campaign; nested objects (thresholds, messages) merge too. */
  async update(id: string, patch: CampaignUpdate, actor: Actor = SYSTEM_ACTOR): Promise<Campaign> {
    const current = await this.get(id);
    const fields = merge(current, patch);
    await this.db
      .transaction()
      .execute(async (trx) => {
        await this.check(trx, id, fields);
        await trx
          .updateTable('campaigns')
          .set({ ...toRow(fields), updated_at: this.now() })
          .where('id', '=', id)
          .execute();
        await this.writeChildren(trx, id, fields);
        await this.audit.write(trx, {
          action: 'campaign.updated',
          actor,
          target: { kind: 'campaign', id, name: fields.name },
          detail: changedFields(patch),
        });
      })
      .catch(nameRace(fields.name));
    return this.get(id);
  }

  async remove(id: string, actor: Actor = SYSTEM_ACTOR): Promise<void> {
    const current = await this.get(id);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('campaigns').where('id', '=', id).execute();
      await this.audit.write(trx, {
        action: 'campaign.deleted',
        actor,
        target: { kind: 'campaign', id, name: current.name },
      });
    });
  }

  /** Everything a save must refuse, each naming the field (validated shapes arrive from the HTTP layer). */
  private async check(trx: Transaction<Tables>, id: string, f: Fields): Promise<void> {
    const nameKey = f.name.trim().toLowerCase();
    const sameName = await trx
      .selectFrom('campaigns')
      .select('id')
      .where('name_key', '=', nameKey)
      .where('id', '!=', id)
      .executeTakeFirst();
    if (sameName) throw new DomainError('name_taken', `A campaign named "${f.name.trim()}" already exists`, 'name');

    if (f.schedule) {
      const [problem] = validateSchedule(f.schedule);
      if (problem) {
        const field = `schedule.${problem.field.replace(/\[(\d+)\]/g, '.$1')}`;
        throw new DomainError('validation_failed', `${field}: ${problem.message}`, field);
      }
    }

    const keys = new Map<string, number>();
    f.skills.forEach((skill, i) => {
      const key = normalizeSkill(skill);
      if (key === '') throw new DomainError('validation_failed', `skills.${i}: a skill cannot be blank`, `skills.${i}`);
      const twin = keys.get(key);
      if (twin !== undefined) {
        throw new DomainError('validation_failed', `skills.${i}: "${skill}" repeats skills.${twin}`, `skills.${i}`);
      }
      keys.set(key, i);
    });

    const providerIds = [...new Set(f.providerIds)];
    if (providerIds.length > 0) {
      const found = await trx
        .selectFrom('providers')
        .select(['id', 'kind', 'name'])
        .where('id', 'in', providerIds)
        .execute();
      const known = new Map(found.map((p) => [p.id, p]));
      f.providerIds.forEach((pid, i) => {
        const provider = known.get(pid);
        if (!provider)
          throw new DomainError(
            'validation_failed',
            `providerIds.${i}: provider ${pid} does not exist`,
            `providerIds.${i}`,
          );
        if (provider.kind === 'heynow-client') {
          throw new DomainError(
            'validation_failed',
            `providerIds.${i}: "${provider.name}" is a Client API provider: it only sends one-off messages and cannot feed a campaign`,
            `providerIds.${i}`,
          );
        }
      });
    }

    // A keyword may lead to one campaign per provider. Disabled campaigns count too, so enabling one can
    // never create an ambiguity behind the administrator's back.
    if (providerIds.length > 0 && keys.size > 0) {
      const clash = await trx
        .selectFrom('campaign_skills as s')
        .innerJoin('campaign_providers as p', 'p.campaign_id', 's.campaign_id')
        .innerJoin('campaigns as c', 'c.id', 's.campaign_id')
        .innerJoin('providers as pr', 'pr.id', 'p.provider_id')
        .select(['c.name as campaign', 'pr.name as provider', 's.skill_key'])
        .where('s.campaign_id', '!=', id)
        .where('p.provider_id', 'in', providerIds)
        .where('s.skill_key', 'in', [...keys.keys()])
        .executeTakeFirst();
      if (clash) {
        const i = keys.get(clash.skill_key)!;
        throw new DomainError(
          'skill_ambiguous',
          `skills.${i}: "${f.skills[i]}" is already a skill of campaign "${clash.campaign}" on provider "${clash.provider}"`,
          `skills.${i}`,
        );
      }
    }

    const shortcuts = new Map<string, number>();
    f.cannedResponses.forEach((c, i) => {
      const twin = shortcuts.get(c.shortcut);
      if (twin !== undefined) {
        throw new DomainError(
          'validation_failed',
          `cannedResponses.${i}.shortcut: ${c.shortcut} is already used by cannedResponses.${twin}`,
          `cannedResponses.${i}.shortcut`,
        );
      }
      shortcuts.set(c.shortcut, i);
    });
  }

  private async writeChildren(trx: Transaction<Tables>, id: string, f: Fields): Promise<void> {
    await trx.deleteFrom('campaign_skills').where('campaign_id', '=', id).execute();
    if (f.skills.length > 0) {
      await trx
        .insertInto('campaign_skills')
        .values(
          f.skills.map((skill, position) => ({
            campaign_id: id,
            skill: skill.trim(),
            skill_key: normalizeSkill(skill),
            position,
          })),
        )
        .execute();
    }
    await trx.deleteFrom('campaign_providers').where('campaign_id', '=', id).execute();
    const providerIds = [...new Set(f.providerIds)];
    if (providerIds.length > 0) {
      await trx
        .insertInto('campaign_providers')
        .values(providerIds.map((provider_id, position) => ({ campaign_id: id, provider_id, position })))
        .execute();
    }
    await trx.deleteFrom('canned_responses').where('campaign_id', '=', id).execute();
    if (f.cannedResponses.length > 0) {
      await trx
        .insertInto('canned_responses')
        .values(
          f.cannedResponses.map((c, position) => ({
            id: c.id ?? randomUUID(),
            campaign_id: id,
            title: c.title,
            shortcut: c.shortcut,
            text: c.text,
            position,
          })),
        )
        .execute();
    }
  }

  private async hydrate(rows: Selectable<CampaignsTable>[]): Promise<Campaign[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [skills, providers, canned] = await Promise.all([
      this.db.selectFrom('campaign_skills').selectAll().where('campaign_id', 'in', ids).orderBy('position').execute(),
      this.db
        .selectFrom('campaign_providers')
        .selectAll()
        .where('campaign_id', 'in', ids)
        .orderBy('position')
        .execute(),
      this.db.selectFrom('canned_responses').selectAll().where('campaign_id', 'in', ids).orderBy('position').execute(),
    ]);
    const group = <T extends { campaign_id: string }>(list: T[]) => {
      const m = new Map<string, T[]>();
      for (const x of list) m.set(x.campaign_id, [...(m.get(x.campaign_id) ?? []), x]);
      return m;
    };
    const bySkills = group(skills);
    const byProviders = group(providers);
    const byCanned = group(canned);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      enabled: r.enabled === 1,
      strategy: r.strategy,
      deliveryMode: r.delivery_mode,
      skills: (bySkills.get(r.id) ?? []).map((s) => s.skill),
      providerIds: (byProviders.get(r.id) ?? []).map((p) => p.provider_id),
      schedule: r.schedule_json ? readSchedule(r.schedule_json) : null,
      maxInteractionsPerAgent: r.max_per_agent,
      thresholds: readThresholds(r.thresholds_json),
      cannedResponses: (byCanned.get(r.id) ?? []).map((c): CannedResponse => ({
        id: c.id,
        title: c.title,
        shortcut: c.shortcut,
        text: c.text,
      })),
      dispositions: readDispositions(r.dispositions_json),
      messages: readCampaignMessages(r.messages_json),
      wrapUpSeconds: r.wrapup_seconds,
      maxTransferSeconds: r.max_transfer_seconds,
      offerTimeout: r.offer_timeout_json ? readOfferTimeout(r.offer_timeout_json) : null,
      queueUpdates: {
        ...CAMPAIGN_DEFAULTS.queueUpdates,
        ...(r.queue_updates_json ? readQueueUpdates(r.queue_updates_json) : {}),
      },
      language: languageOf(r.language),
      survey: {
        ...campaignDefaults(languageOf(r.language)).survey,
        ...(r.survey_json ? readSurvey(r.survey_json) : {}),
      },
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }
}

function languageOf(stored: string): CampaignLanguage {
  return (CAMPAIGN_LANGUAGES as readonly string[]).includes(stored) ? (stored as CampaignLanguage) : 'es';
}

/** Texts not given take the defaults of the campaign's language, so a new campaign speaks one language. */
function withDefaults(input: CampaignCreate): Fields {
  const d = campaignDefaults(input.language ?? CAMPAIGN_DEFAULTS.language);
  return {
    name: input.name.trim(),
    enabled: input.enabled ?? d.enabled,
    strategy: input.strategy ?? d.strategy,
    deliveryMode: input.deliveryMode ?? d.deliveryMode,
    skills: input.skills ?? d.skills,
    providerIds: input.providerIds ?? d.providerIds,
    schedule: input.schedule === undefined ? d.schedule : input.schedule,
    maxInteractionsPerAgent: input.maxInteractionsPerAgent ?? d.maxInteractionsPerAgent,
    thresholds: { ...d.thresholds, ...input.thresholds },
    cannedResponses: input.cannedResponses ?? d.cannedResponses,
    dispositions: input.dispositions ?? d.dispositions,
    messages: { ...d.messages, ...input.messages },
    wrapUpSeconds: input.wrapUpSeconds ?? d.wrapUpSeconds,
    maxTransferSeconds: input.maxTransferSeconds ?? d.maxTransferSeconds,
    offerTimeout: input.offerTimeout === undefined ? d.offerTimeout : input.offerTimeout,
    queueUpdates: { ...d.queueUpdates, ...input.queueUpdates },
    language: d.language,
    survey: { ...d.survey, ...input.survey },
  };
}

function merge(current: Campaign, patch: CampaignUpdate): Fields {
  const { id: _id, createdAt: _c, updatedAt: _u, ...base } = current;
  return {
    ...base,
    ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    name: (patch.name ?? current.name).trim(),
    thresholds: { ...current.thresholds, ...patch.thresholds },
    messages: { ...current.messages, ...patch.messages },
    queueUpdates: { ...current.queueUpdates, ...patch.queueUpdates },
    survey: { ...current.survey, ...patch.survey },
  } as Fields;
}

function toRow(f: Fields) {
  return {
    name: f.name,
    name_key: f.name.toLowerCase(),
    enabled: f.enabled ? 1 : 0,
    strategy: f.strategy,
    delivery_mode: f.deliveryMode,
    max_per_agent: f.maxInteractionsPerAgent,
    wrapup_seconds: f.wrapUpSeconds,
    max_transfer_seconds: f.maxTransferSeconds,
    schedule_json: f.schedule ? JSON.stringify(f.schedule) : null,
    thresholds_json: JSON.stringify(f.thresholds),
    messages_json: JSON.stringify(f.messages),
    dispositions_json: JSON.stringify(f.dispositions),
    offer_timeout_json: f.offerTimeout ? JSON.stringify(f.offerTimeout) : null,
    queue_updates_json: JSON.stringify(f.queueUpdates),
    language: f.language,
    survey_json: JSON.stringify(f.survey),
  };
}

function nameRace(name: string) {
  return (error: unknown): never => {
    if (isUniqueViolation(error))
      throw new DomainError('name_taken', `A campaign named "${name}" already exists`, 'name');
    throw error;
  };
}
