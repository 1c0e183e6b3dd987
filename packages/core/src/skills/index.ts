export { normalizeSkill, DEFAULT_SKILL } from './normalize';
export { findAmbiguities, ambiguitiesOnSave, type SkillAmbiguity, type SkillCampaign } from './ambiguity';
export { buildSkillIndex, resolveCampaign, type CampaignResolution, type SkillIndex } from './resolve';
