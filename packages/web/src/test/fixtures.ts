import { CAMPAIGN_DEFAULTS, type Campaign } from '@switchboard/protocol';

/** A whole campaign as the server answers it (the fake server refuses partial ones). */
export function campaign(overrides: Partial<Campaign> & Pick<Campaign, 'id'>): Campaign {
  return { name: `Campaign ${overrides.id}`, ...CAMPAIGN_DEFAULTS, createdAt: 0, updatedAt: 0, ...overrides };
}
