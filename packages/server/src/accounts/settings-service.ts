import type { Kysely } from 'kysely';
import type { Tables } from '../storage/schema';
import { AuditLog, SYSTEM_ACTOR, type Actor, type AuditWriter } from '../supervision/audit-log';
import { readPauseReasons } from '../storage/json-columns';

export const DEFAULT_PAUSE_REASONS = ['Break', 'Lunch', 'Training', 'Meeting'];

/** Small global settings stored as JSON by key. */
export class SettingsService {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly audit: AuditWriter = new AuditLog(db),
  ) {}

  async pauseReasons(): Promise<string[]> {
    const row = await this.db
      .selectFrom('settings')
      .select('value_json')
      .where('key', '=', 'pause_reasons')
      .executeTakeFirst();
    return row ? readPauseReasons(row.value_json) : DEFAULT_PAUSE_REASONS;
  }

  async setPauseReasons(reasons: string[], actor: Actor = SYSTEM_ACTOR): Promise<string[]> {
    const cleaned = [...new Set(reasons.map((r) => r.trim()).filter(Boolean))];
    const value_json = JSON.stringify(cleaned);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('settings')
        .values({ key: 'pause_reasons', value_json })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value_json }))
        .execute();
      await this.audit.write(trx, {
        action: 'pause_reasons.updated',
        actor,
        target: { kind: 'settings', id: 'pause_reasons', name: 'Pause reasons' },
        detail: cleaned.join(', ').slice(0, 500),
      });
    });
    return cleaned;
  }
}
