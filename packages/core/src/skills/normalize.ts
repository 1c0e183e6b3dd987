// Skills match "trimmed, case- and accent-insensitive exact". Normalising once on both sides
// (saving a campaign, receiving a hand-off) turns that into plain string equality.

/** The keyword every provider may use for its fallback campaign. */
export const DEFAULT_SKILL = 'default';

/**
 * Lower-cases, strips accents and collapses whitespace: ' Atención  al Cliente ' → 'atencion al cliente'.
 * Lower-casing comes first because it can itself produce combining marks ('İ' → 'i' + U+0307),
 * which the next step then removes; that keeps the function idempotent. Marks are removed in every
 * script, which is what bot keywords need even where it would be wrong for prose.
 */
export function normalizeSkill(skill: string): string {
  return skill.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC').replace(/\s+/gu, ' ').trim();
}
