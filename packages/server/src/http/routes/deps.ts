import type { Config } from '../../config/config';
import type { Services } from '../../services';

export interface RouteDeps {
  services: Services;
  config: Pick<Config, 'cookieSecure' | 'loginAttemptsPerMinute' | 'sessionHours'>;
}
