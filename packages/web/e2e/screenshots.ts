// `npm run screenshots`: the README's pictures, taken from the demo as a newcomer would see it. Starts the
// server with its demo (SQLite in a temp dir, mock HeyNow, simulated customers) on loopback, drives Debian
// Chromium through playwright-core, and writes docs/screenshots/{inbox,monitoring,campaign-editor}.png.
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../server/src/config/config';
import { DEMO_PASSWORD } from '../../server/src/demo/demo-data';
import { startServer } from '../../server/src/server';
import { CHROMIUM_PATH, signIn, webSnapshot } from './harness';

const OUT = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const ADMIN_PASSWORD = 'screenshots-admin-password';
const VIEWPORT = { width: 1366, height: 768 };

async function newPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: url, locale: 'en-US', viewport: VIEWPORT });
  context.setDefaultTimeout(20_000);
  return context.newPage();
}

async function shoot(page: Page, name: string): Promise<void> {
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path });
  console.log(`wrote ${path} (${Math.round((await stat(path)).size / 1024)} KB)`);
}

async function main(): Promise<void> {
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const webRoot = await webSnapshot();
    cleanups.push(() => rm(webRoot, { recursive: true, force: true }));
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-screenshots-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const config = loadConfig(
      {
        SWITCHBOARD_DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        SWITCHBOARD_ADMIN_USERNAME: 'admin',
        SWITCHBOARD_ADMIN_PASSWORD: ADMIN_PASSWORD,
        SWITCHBOARD_DEMO: 'true',
        SWITCHBOARD_MOCK_HEYNOW_PORT: '0',
        LOG_LEVEL: 'warn',
      },
      dataDir,
    );
    const server = await startServer(config, { webRoot, stdoutIsTTY: false, print: () => undefined });
    cleanups.push(() => server.stop());
    const url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    cleanups.push(() => browser.close());
    await mkdir(OUT, { recursive: true });

    // The agent, with the demo's first customer open (the demo sends one at once, then one every 30 s).
    const ana = await newPage(browser, url);
    await signIn(ana, 'ana', DEMO_PASSWORD);
    await ana.locator('[data-testid="live-state"][data-state="open"]').waitFor();
    const take = ana.getByTestId('take-button').first();
    const active = ana.getByTestId('active-item').first();
    await Promise.race([take.waitFor(), active.waitFor()]);
    if (await take.isVisible()) await take.click();
    await active.getByRole('button').first().click();
    await ana.getByTestId('message').first().waitFor();
    await ana.getByTestId('composer-input').fill('Hola, ¿en qué puedo ayudarle?');
    await shoot(ana, 'inbox');

    // The supervisor's monitoring, with that chat active.
    const sofia = await newPage(browser, url);
    await signIn(sofia, 'sofia', DEMO_PASSWORD);
    await sofia.getByTestId('monitor-row').first().waitFor();
    await sofia.locator('[data-testid="live-state"][data-state="open"]').waitFor();
    await shoot(sofia, 'monitoring');

    // The administrator editing the demo campaign.
    const admin = await newPage(browser, url);
    await signIn(admin, 'admin', ADMIN_PASSWORD);
    await admin.goto('/admin/campaigns');
    await admin.locator('[data-testid^="campaign-row-"]').first().click();
    await admin.getByTestId('campaign-editor').waitFor();
    await shoot(admin, 'campaign-editor');
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.warn(error));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
