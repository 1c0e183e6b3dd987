import type { SkillCampaign } from './ambiguity';
import { DEFAULT_SKILL, normalizeSkill } from './normalize';

/** Resolution result of a hand-off's skill. */
export type CampaignResolution =
  { kind: 'matched'; campaignId: string } | { kind: 'default'; campaignId: string } | { kind: 'unrouted' };

/** (provider, normalised keyword) → campaign id, enabled campaigns only. Rebuild it when a campaign changes. */
export interface SkillIndex {
  readonly routes: ReadonlyMap<string, string>;
}

const key = (providerId: string, skill: string) => `${providerId}\u0000${skill}`;

/**
 * Builds the routing index once so each hand-off resolves in O(1). Saving refuses ambiguity, so
 * a clash here means data written around that rule; the first campaign in input order wins
 * rather than throwing, keeping hand-offs flowing while the clash is fixed.
 */
export function buildSkillIndex(campaigns: readonly SkillCampaign[]): SkillIndex {
  const routes = new Map<string, string>();
  for (const campaign of campaigns) {
    if (!campaign.enabled) continue;
    for (const providerId of campaign.providerIds) {
      for (const skill of campaign.skills) {
        const normalized = normalizeSkill(skill);
        const k = key(providerId, normalized);
        if (normalized !== '' && !routes.has(k)) routes.set(k, campaign.id);
      }
    }
  }
  return { routes };
}

/**
 * The enabled campaign of the provider listing the skill; else the provider's enabled
 * campaign listing `default`; else unrouted. A missing or blank skill goes straight to the
 * default rule.
 */
export function resolveCampaign(
  index: SkillIndex,
  providerId: string,
  skill: string | null | undefined,
): CampaignResolution {
  const normalized = normalizeSkill(skill ?? '');
  const matched = normalized === '' ? undefined : index.routes.get(key(providerId, normalized));
  if (matched !== undefined) return { kind: 'matched', campaignId: matched };
  const fallback = index.routes.get(key(providerId, DEFAULT_SKILL));
  if (fallback !== undefined) return { kind: 'default', campaignId: fallback };
  return { kind: 'unrouted' };
}
