// What an agent does in the inbox, as page steps shared by the agent and supervisor browser tests.
import type { Page, Route } from 'playwright-core';
import { signIn } from './harness';
import { eventually } from './ui';

/** Signs an agent in and waits until the inbox's live channel is open (so updates arrive without reload). */
export async function openInbox(page: Page, username: string, password: string): Promise<void> {
  await signIn(page, username, password);
  await page.waitForURL(/\/agent\/inbox/);
  await page.locator('[data-testid="live-state"][data-state="open"]').waitFor();
}

export const activeItem = (page: Page, customer: string) =>
  page.getByTestId('active-item').filter({ hasText: customer });
export const pendingItem = (page: Page, customer: string) =>
  page.getByTestId('pending-item').filter({ hasText: customer });

/** Opens a conversation of the Active list and waits for its header. */
export async function openConversation(page: Page, customer: string): Promise<string> {
  await activeItem(page, customer).getByRole('button').first().click();
  const header = page.getByTestId('conversation-header');
  await eventually(() => header.innerText()).toContain(customer);
  return (await page.getByTestId('header-interaction-id').innerText()).trim();
}

/** Three-dot menu → Close → the disposition cascade level by level → confirm; waits until it left Active. */
export async function closeWithDisposition(page: Page, customer: string, path: readonly string[]): Promise<void> {
  await page.getByTestId('more-menu').click();
  await page.getByTestId('menu-close').click();
  for (const [i, choice] of path.entries()) {
    await page.getByTestId(`disposition-l${i + 1}`).selectOption(choice);
  }
  await page.getByTestId('close-confirm').click();
  await page.getByTestId('close-confirm').waitFor({ state: 'hidden' });
  await eventually(() => activeItem(page, customer).count()).toBe(0);
}

/**
 * Holds the first request matching `pattern` on each page until every page has sent one, then lets them all
 * go: two clicks become two requests that really race at the server, whatever the pages' speeds.
 */
export async function releaseTogether(
  pages: readonly Page[],
  pattern: string,
  timeoutMs = 5000,
): Promise<() => Promise<void>> {
  const held: Route[] = [];
  let release: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    release = resolve;
  });
  const timer = setTimeout(release, timeoutMs);
  const handler = async (route: Route) => {
    held.push(route);
    if (held.length === pages.length) release();
    await all;
    await route.continue();
  };
  for (const page of pages) await page.route(pattern, handler, { times: 1 });
  return async () => {
    clearTimeout(timer);
    for (const page of pages) await page.unroute(pattern, handler);
  };
}
