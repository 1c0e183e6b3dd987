import type { Kysely } from 'kysely';
import type { Tables } from '../storage/schema';

export const DEFAULT_PAUSE_REASONS = ['Break', 'Lunch', 'Training', 'Meeting'];

/** Small global settings stored as JSON by key. */
export class SettingsService {
  constructor(private readonly db: Kysely<Tables>) {}

  async pauseReasons(): Promise<string[]> {
    const row = await this.db
      .selectFrom('settings')
      .select('value_json')
      .where('key', '=', 'pause_reasons')
      .executeTakeFirst();
    return row ? (JSON.parse(row.value_json) as string[]) : DEFAULT_PAUSE_REASONS;
  }

  async setPauseReasons(reasons: string[]): Promise<string[]> {
    const cleaned = [...new Set(reasons.map((r) => r.trim()).filter(Boolean))];
    const value_json = JSON.stringify(cleaned);
    await this.db
      .insertInto('settings')
      .values({ key: 'pause_reasons', value_json })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value_json }))
      .execute();
    return cleaned;
  }
}
