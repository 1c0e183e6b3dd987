import { describe, expect, it } from 'vitest';
import type { SkillCampaign } from './ambiguity';
import { buildSkillIndex, resolveCampaign } from './resolve';

const campaigns: SkillCampaign[] = [
  { id: 'ventas', name: 'Ventas', enabled: true, providerIds: ['hn1'], skills: ['ventas', 'compras'] },
  { id: 'soporte', name: 'Soporte', enabled: true, providerIds: ['hn1', 'hn2'], skills: ['Soporte Técnico'] },
  { id: 'general', name: 'General', enabled: true, providerIds: ['hn2'], skills: ['default'] },
  { id: 'apagada', name: 'Apagada', enabled: false, providerIds: ['hn1'], skills: ['reclamos', 'default'] },
];
const index = buildSkillIndex(campaigns);

describe('resolveCampaign (scenario 3)', () => {
  it('matches case- and accent-insensitively', () => {
    expect(resolveCampaign(index, 'hn1', 'VENTAS')).toEqual({ kind: 'matched', campaignId: 'ventas' });
    expect(resolveCampaign(index, 'hn1', ' soporte  tecnico ')).toEqual({ kind: 'matched', campaignId: 'soporte' });
  });

  it('only matches campaigns that use the provider', () => {
    expect(resolveCampaign(index, 'hn2', 'ventas')).toEqual({ kind: 'default', campaignId: 'general' });
  });

  it("falls back to the provider's default campaign, else unrouted", () => {
    expect(resolveCampaign(index, 'hn2', 'otro')).toEqual({ kind: 'default', campaignId: 'general' });
    expect(resolveCampaign(index, 'hn1', 'otro')).toEqual({ kind: 'unrouted' });
    expect(resolveCampaign(index, 'hn3', 'ventas')).toEqual({ kind: 'unrouted' });
  });

  it('never routes to a disabled campaign, not even as default (scenario 2)', () => {
    expect(resolveCampaign(index, 'hn1', 'reclamos')).toEqual({ kind: 'unrouted' });
    const reenabled = buildSkillIndex(campaigns.map((c) => (c.id === 'apagada' ? { ...c, enabled: true } : c)));
    expect(resolveCampaign(reenabled, 'hn1', 'reclamos')).toEqual({ kind: 'matched', campaignId: 'apagada' });
  });

  it('sends a missing or blank skill to the default rule', () => {
    expect(resolveCampaign(index, 'hn2', undefined)).toEqual({ kind: 'default', campaignId: 'general' });
    expect(resolveCampaign(index, 'hn2', '   ')).toEqual({ kind: 'default', campaignId: 'general' });
  });

  it("reports a hand-off whose skill is literally 'default' as matched", () => {
    expect(resolveCampaign(index, 'hn2', 'DEFAULT')).toEqual({ kind: 'matched', campaignId: 'general' });
  });
});
