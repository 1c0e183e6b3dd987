import { buildSkillIndex, resolveCampaign, type SkillIndex } from '@switchboard/core';
import { CAMPAIGN_DEFAULTS, type Campaign } from '@switchboard/protocol';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema';

export type CampaignFacts = Pick<Campaign, 'id' | 'name' | 'enabled' | 'schedule' | 'messages'>;

export type Resolution =
  | { kind: 'routed'; campaign: CampaignFacts; how: 'matched' | 'default' }
  /** Only a disabled campaign lists the skill (or `default`) for this provider: scenario 2. */
  | { kind: 'disabled'; campaign: CampaignFacts }
  | { kind: 'unrouted' };

interface Snapshot {
  enabled: SkillIndex;
  disabled: SkillIndex;
  byId: Map<string, CampaignFacts>;
  stamp: string;
}

export interface CampaignDirectoryOptions {
  list: () => Promise<Campaign[]>;
  /** With a database, a cheap (count, max updated_at) check at most every `revalidateMs`, in the background. */
  db?: Kysely<Tables>;
  revalidateMs?: number;
  now?: () => number;
}

/**
 * Skill → campaign resolution over an in-memory index, built once from the campaigns and rebuilt when
 * they change, so a hand-off resolves without a query.
 */
export class CampaignDirectory {
  private snapshot: Promise<Snapshot> | null = null;
  private lastCheck = 0;
  private checking = false;
  private readonly now: () => number;

  constructor(private readonly options: CampaignDirectoryOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Campaigns changed: the next hand-off rebuilds the index. */
  invalidate(): void {
    this.snapshot = null;
  }

  async resolve(providerId: string, skill: string): Promise<Resolution> {
    this.revalidateSoon();
    const snap = await this.current();
    const enabled = resolveCampaign(snap.enabled, providerId, skill);
    if (enabled.kind !== 'unrouted') {
      const campaign = snap.byId.get(enabled.campaignId);
      if (campaign) return { kind: 'routed', campaign, how: enabled.kind };
    }
    // Resolution only looks at enabled campaigns; a disabled one that would have matched closes the interaction as
    // campaign_disabled instead of the anonymous `unrouted`, so the administrator sees why.
    const disabled = resolveCampaign(snap.disabled, providerId, skill);
    if (disabled.kind !== 'unrouted') {
      const campaign = snap.byId.get(disabled.campaignId);
      if (campaign) return { kind: 'disabled', campaign };
    }
    return { kind: 'unrouted' };
  }

  private current(): Promise<Snapshot> {
    if (!this.snapshot) {
      const building = this.build();
      this.snapshot = building;
      building.catch(() => {
        if (this.snapshot === building) this.snapshot = null;
      });
    }
    return this.snapshot;
  }

  private async build(): Promise<Snapshot> {
    const stamp = await this.stamp();
    const campaigns = await this.options.list();
    const off = campaigns.filter((c) => !c.enabled).map((c) => ({ ...c, enabled: true }));
    const byId = new Map(
      campaigns.map((c) => [
        c.id,
        { id: c.id, name: c.name, enabled: c.enabled, schedule: c.schedule, messages: c.messages },
      ]),
    );
    return {
      enabled: buildSkillIndex(campaigns),
      disabled: buildSkillIndex(off),
      byId,
      stamp,
    };
  }

  private async stamp(): Promise<string> {
    if (!this.options.db) return '';
    const row = await this.options.db
      .selectFrom('campaigns')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('updated_at').as('u')])
      .executeTakeFirst();
    return `${Number(row?.n ?? 0)}:${Number(row?.u ?? 0)}`;
  }

  private revalidateSoon(): void {
    if (!this.options.db || this.checking || !this.snapshot) return;
    const at = this.now();
    if (at - this.lastCheck < (this.options.revalidateMs ?? 2000)) return;
    this.lastCheck = at;
    this.checking = true;
    const seen = this.snapshot;
    void Promise.all([seen, this.stamp()])
      .then(([snap, stamp]) => {
        if (snap.stamp !== stamp && this.snapshot === seen) this.snapshot = null;
      })
      .catch(() => undefined)
      .finally(() => {
        this.checking = false;
      });
  }
}

/**
 * The "not available" text for a hand-off no campaign takes: providers have no texts of their own, so the
 * provider speaks through its first campaign by name, or the default text when it feeds none.
 */
export function providerNotAvailableText(
  campaigns: Iterable<Pick<Campaign, 'name' | 'providerIds' | 'messages'>>,
  providerId: string,
): string {
  let voice: Pick<Campaign, 'name' | 'messages'> | null = null;
  for (const c of campaigns) {
    if (!c.providerIds.includes(providerId)) continue;
    if (!voice || nameKey(c.name) < nameKey(voice.name)) voice = c;
  }
  const text = voice?.messages.notAvailable;
  return text && text.trim() !== '' ? text : CAMPAIGN_DEFAULTS.messages.notAvailable;
}

/** The order campaigns are listed in (CampaignService.list orders by this key). */
const nameKey = (name: string) => name.trim().toLowerCase();
