import type { Config } from './config/config';
import { CampaignService } from './admin/campaign-service';
import { MemberService } from './admin/member-service';
import { ProviderService } from './admin/provider-service';
import { SessionStore } from './accounts/session-store';
import { SettingsService } from './accounts/settings-service';
import { UserService } from './accounts/user-service';
import type { SecretBox } from './security/secret-box';
import type { Database } from './storage/database';

/** The composition of domain services over one database; routes receive this, never the database itself. */
export interface Services {
  users: UserService;
  sessions: SessionStore;
  settings: SettingsService;
  providers: ProviderService;
  campaigns: CampaignService;
  members: MemberService;
}

export function createServices(database: Database, box: SecretBox, config: Pick<Config, 'sessionHours'>, now: () => number = Date.now): Services {
  const { db } = database;
  return {
    users: new UserService(db, now),
    sessions: new SessionStore(db, config.sessionHours * 3600_000, now),
    settings: new SettingsService(db),
    providers: new ProviderService(db, box, now),
    campaigns: new CampaignService(db, now),
    members: new MemberService(db),
  };
}
