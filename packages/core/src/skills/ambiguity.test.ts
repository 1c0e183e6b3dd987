import { describe, expect, it } from 'vitest';
import { ambiguitiesOnSave, findAmbiguities, type SkillCampaign } from './ambiguity';

const campaign = (id: string, skills: string[], providerIds = ['hn1'], enabled = true): SkillCampaign => ({
  id,
  name: id.toUpperCase(),
  enabled,
  providerIds,
  skills,
});

describe('findAmbiguities', () => {
  it('reports a keyword two campaigns list for the same provider, after normalising', () => {
    expect(findAmbiguities([campaign('ventas', ['Ventas', 'compras']), campaign('promo', ['VENTAS '])])).toEqual([
      {
        providerId: 'hn1',
        skill: 'ventas',
        campaigns: [
          { id: 'ventas', name: 'VENTAS' },
          { id: 'promo', name: 'PROMO' },
        ],
      },
    ]);
  });

  it('allows the same keyword on different providers', () => {
    expect(findAmbiguities([campaign('a', ['ventas'], ['hn1']), campaign('b', ['ventas'], ['hn2'])])).toEqual([]);
  });

  it('counts disabled campaigns, so enabling one can never create ambiguity', () => {
    expect(findAmbiguities([campaign('a', ['soporte']), campaign('b', ['Soporte'], ['hn1'], false)])).toHaveLength(1);
  });

  it('does not flag a campaign that repeats its own keyword', () => {
    expect(findAmbiguities([campaign('a', ['ventas', 'Ventas'])])).toEqual([]);
  });

  it('flags two default campaigns for one provider', () => {
    expect(findAmbiguities([campaign('a', ['default']), campaign('b', ['Default'])])[0]?.skill).toBe('default');
  });
});

describe('ambiguitiesOnSave', () => {
  const others = [campaign('a', ['ventas']), campaign('x', ['otro']), campaign('y', ['otro'])];

  it('refuses a save that clashes with another campaign', () => {
    expect(ambiguitiesOnSave(campaign('b', ['VENTAS']), others).map((a) => a.skill)).toEqual(['ventas']);
  });

  it('ignores the stored version of the campaign being saved and clashes it is not part of', () => {
    expect(ambiguitiesOnSave(campaign('a', ['ventas', 'compras']), others)).toEqual([]);
  });
});
