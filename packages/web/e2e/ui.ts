// Small page helpers shared by the browser tests: Mantine widgets driven the way a person drives them.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Waits (polling) until `read()` satisfies the assertion; for UI and API state, never a fixed sleep. */
export function eventually<T>(read: () => Promise<T> | T, timeout = 10_000) {
  return expect.poll(read, { timeout, interval: 100 });
}

/** The validation message Mantine shows under an input (wired through aria-describedby). */
export async function errorOf(input: Locator): Promise<string> {
  await eventually(() => input.getAttribute('aria-invalid')).toBe('true');
  const described = (await input.getAttribute('aria-describedby')) ?? '';
  const errorId = described.split(/\s+/).find((id) => id.endsWith('-error'));
  if (!errorId) throw new Error(`input has no error message (aria-describedby="${described}")`);
  return (await input.page().locator(`[id="${errorId}"]`).innerText()).trim();
}

/** Opens a Mantine Select/MultiSelect by its label and picks the option with that value. */
export async function pickOption(page: Page, label: string, value: string, search?: string): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  if (search !== undefined) await input.fill(search);
  await page.locator(`[role="option"][value="${value}"]`).click();
}

/** Closes whatever dropdown is open. */
export async function closeDropdown(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
}

/** Clicks an entry of the navbar. */
export async function navigate(page: Page, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: label, exact: true })
    .click();
}
