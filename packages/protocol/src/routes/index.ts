import { accountRoutes } from './accounts';
import { adminRoutes } from './admin';
import { agentRoutes } from './agent';
import type { RouteEntry } from './define';
import type { NamedEntry } from './match';
import { integrationRoutes } from './integrations';
import { supervisionRoutes } from './supervision';
import { systemRoutes } from './system';

export * from './define';
export { matchRoute, requestViolations, responseViolations, type NamedEntry } from './match';
export { UsersQuery } from './accounts';
export { Colleague, MediaParams } from './agent';
export { ProviderWebhookParams, RejectedWebhookEvent, WebhookAck } from './integrations';
export { RecordingExportQuery, TranscriptQuery } from './supervision';

/**
 * Every HTTP route of the server, by name. The server registers its routes from these entries (and refuses a
 * route that is not here), the web client calls them by entry, and the OpenAPI document is built from them.
 */
export const routes = {
  ...accountRoutes,
  ...adminRoutes,
  ...agentRoutes,
  ...supervisionRoutes,
  ...integrationRoutes,
  ...systemRoutes,
};
export type Routes = typeof routes;
export type RouteName = keyof Routes;

/** The entries as a list, e.g. to match a request against them. */
export const routeList: readonly NamedEntry[] = Object.entries(routes).map(([name, entry]) => ({
  name,
  ...(entry as RouteEntry),
}));
