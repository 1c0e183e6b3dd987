import { normalizeSkill } from './normalize';

export interface SkillCampaign {
  id: string;
  name: string;
  enabled: boolean;
  providerIds: readonly string[];
  skills: readonly string[];
}

export interface SkillAmbiguity {
  providerId: string;
  /** Normalised keyword. */
  skill: string;
  /** Every campaign that lists the keyword for the provider, in input order. */
  campaigns: { id: string; name: string }[];
}

/**
 * (provider, keyword) pairs listed by more than one campaign. Disabled campaigns count: a
 * configuration that is unambiguous only because a campaign is off would become ambiguous the
 * moment someone enables it, and enabling must never be the step that breaks routing.
 */
export function findAmbiguities(campaigns: readonly SkillCampaign[]): SkillAmbiguity[] {
  const byKey = new Map<string, SkillAmbiguity>();
  for (const campaign of campaigns) {
    // A campaign listing 'Ventas' and 'ventas' is redundant, not ambiguous: count it once.
    const skills = new Set(campaign.skills.map(normalizeSkill).filter((skill) => skill !== ''));
    for (const providerId of new Set(campaign.providerIds)) {
      for (const skill of skills) {
        const key = `${providerId}\u0000${skill}`;
        let entry = byKey.get(key);
        if (!entry) {
          entry = { providerId, skill, campaigns: [] };
          byKey.set(key, entry);
        }
        entry.campaigns.push({ id: campaign.id, name: campaign.name });
      }
    }
  }
  return [...byKey.values()].filter((entry) => entry.campaigns.length > 1);
}

/**
 * The ambiguities that saving `candidate` would create or keep, given the other campaigns
 * (candidate's old version excluded by id). Pre-existing clashes between other campaigns are
 * not the candidate's fault and are left out, so they cannot block an unrelated save.
 */
export function ambiguitiesOnSave(candidate: SkillCampaign, others: readonly SkillCampaign[]): SkillAmbiguity[] {
  const rest = others.filter((campaign) => campaign.id !== candidate.id);
  return findAmbiguities([candidate, ...rest]).filter((entry) => entry.campaigns.some((c) => c.id === candidate.id));
}
