// Browser-test harness: the real server in-process (SQLite in a temp dir, 127.0.0.1, port 0), the built web
// app it serves, Debian Chromium through playwright-core, and optionally a mock HeyNow wired as a Direct API
// provider. Everything it starts, `close()` stops — also when a test failed half-way.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../server/src/config/config';
import { createMockHeyNow, type MockHeyNow } from '../../server/src/mock-heynow';
import { startServer, type RunningServer } from '../../server/src/server';
import { ApiSession, login } from './api-session';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'e2e-admin-password';
/** Every user the tests create gets this one. */
export const USER_PASSWORD = 'e2e-user-password';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Whether the browser tests can run here. Without Chromium they skip with a visible line, unless CI asked for
 * every service (SWITCHBOARD_REQUIRE_SERVICES=1): then the missing browser is a failure, not a silent pass.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const why = `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`;
  if (process.env.SWITCHBOARD_REQUIRE_SERVICES === '1') {
    throw new Error(`Browser tests need Chromium (SWITCHBOARD_REQUIRE_SERVICES=1): ${why}`);
  }
  console.warn(`SKIP: browser tests skipped — ${why}`);
  return false;
}

/** Runs scripts/build-web.mjs, which itself skips when dist is newer than the sources. */
async function runBuildWeb(): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, [join(repoRoot, 'scripts/build-web.mjs')], {
      cwd: repoRoot,
      timeout: 170_000,
    });
  } catch (error) {
    const detail = error instanceof Error ? ((error as { stderr?: string }).stderr ?? error.message) : String(error);
    throw new Error(`building the web app failed:\n${detail}`);
  }
}

function mtimeOf(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Whether every script and stylesheet index.html names is in `dir`. */
function completeBuild(dir: string): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  const assets = [...readFileSync(index, 'utf8').matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1] ?? '');
  return assets.length > 0 && assets.every((asset) => existsSync(join(dir, asset)));
}

/**
 * A private copy of the built web app. packages/web/dist is shared with everyone working in the tree, and a
 * rebuild empties it first: a server reading it directly would lose its pages half-way through a test.
 */
export async function webSnapshot(): Promise<string> {
  const dist = join(repoRoot, 'packages/web/dist');
  for (let attempt = 1; attempt <= 3; attempt++) {
    await runBuildWeb();
    const before = mtimeOf(join(dist, 'index.html'));
    if (before === undefined) continue;
    const copy = await mkdtemp(join(tmpdir(), 'switchboard-e2e-web-'));
    await cp(dist, copy, { recursive: true });
    // Unchanged index.html and every asset present: no other build ran while copying.
    if (mtimeOf(join(dist, 'index.html')) === before && completeBuild(copy)) return copy;
    await rm(copy, { recursive: true, force: true });
  }
  throw new Error('the web app in packages/web/dist kept changing while it was copied (another build running?)');
}

export interface MockProvider {
  mock: MockHeyNow;
  providerId: string;
  partnerToken: string;
  platformId: string;
}

export interface Harness {
  /** http://127.0.0.1:port — the address the browser opens. */
  readonly url: string;
  readonly server: RunningServer;
  readonly browser: Browser;
  /** A fresh browser context (own cookies and storage) and a page in it. */
  newPage(label: string): Promise<Page>;
  /** An API session of the administrator (cookie-based, from Node). */
  admin(): Promise<ApiSession>;
  /** An API session of any user. */
  session(username: string, password?: string): Promise<ApiSession>;
  /** A Direct API provider whose domain is a mock HeyNow that plays its bot and customers. */
  mockProvider(options: { name: string; platformId?: string }): Promise<MockProvider>;
  /** Screenshots of every open page into the OS temp dir; returns the paths (printed too). */
  screenshots(testName: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Starts server and browser. Call from `beforeAll`; call `close()` from `afterAll` whatever happened. */
export async function startHarness(): Promise<Harness> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    // Last started, first stopped; one failing cleanup must not keep the others from running.
    const failures: unknown[] = [];
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => failures.push(error));
    }
    cleanups.length = 0;
    if (failures.length > 0) console.warn('e2e cleanup problems:', failures);
  };

  try {
    const webRoot = await webSnapshot();
    cleanups.push(() => rm(webRoot, { recursive: true, force: true }));
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-e2e-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const config = loadConfig(
      {
        SWITCHBOARD_DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        SWITCHBOARD_ADMIN_USERNAME: ADMIN_USERNAME,
        SWITCHBOARD_ADMIN_PASSWORD: ADMIN_PASSWORD,
        SWITCHBOARD_DEMO: 'false',
        SWITCHBOARD_MOCK_HEYNOW_PORT: '0',
        // Several people sign in within a minute from the same address.
        SWITCHBOARD_LOGIN_LIMIT: '1000',
        // The mock HeyNow the providers point at listens on loopback.
        SWITCHBOARD_OUTBOUND_ALLOWLIST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      },
      dataDir,
    );
    const server = await startServer(config, { webRoot });
    cleanups.push(() => server.stop());
    const { port } = server.app.server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;

    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    cleanups.push(() => browser.close());

    const pages = new Map<Page, string>();
    const contexts: BrowserContext[] = [];
    let adminSession: ApiSession | undefined;

    const harness: Harness = {
      url,
      server,
      browser,
      async newPage(label) {
        const context = await browser.newContext({
          baseURL: url,
          locale: 'en-US',
          timezoneId: 'UTC',
          viewport: { width: 1400, height: 900 },
        });
        context.setDefaultTimeout(10_000);
        contexts.push(context);
        const page = await context.newPage();
        pages.set(page, label);
        page.on('close', () => pages.delete(page));
        page.on('pageerror', (error) => console.warn(`[${label}] page error: ${error.message}`));
        return page;
      },
      async admin() {
        adminSession ??= await login(url, ADMIN_USERNAME, ADMIN_PASSWORD);
        return adminSession;
      },
      session(username, password = USER_PASSWORD) {
        return login(url, username, password);
      },
      async mockProvider({ name, platformId = '59899000111' }) {
        const admin = await harness.admin();
        const partnerToken = `pt-${name}-${Math.random().toString(36).slice(2)}`;
        // The mock's port is known only once it listens, and the mock needs the provider's id: create the
        // provider first with a placeholder domain, then point it at the mock (what the demo does too).
        const provider = await admin.post<{ id: string }>('/api/providers', {
          kind: 'heynow-direct',
          name,
          domain: 'http://127.0.0.1:9',
          platformId,
          partnerToken,
        });
        const mock = createMockHeyNow({
          host: '127.0.0.1',
          port: 0,
          platformId,
          statusDelaysMs: [20, 40, 60],
          target: { baseUrl: url, providerId: provider.id, partnerToken },
        });
        const mockUrl = await mock.start();
        cleanups.push(() => mock.stop());
        await admin.patch(`/api/providers/${provider.id}`, { domain: mockUrl });
        server.services.providerAdapters.invalidate(provider.id);
        return { mock, providerId: provider.id, partnerToken, platformId };
      },
      async screenshots(testName) {
        const stamp = `${Date.now()}`;
        const safe = testName.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
        const paths: string[] = [];
        for (const [page, label] of pages) {
          const path = join(tmpdir(), `switchboard-e2e-${safe}-${label}-${stamp}.png`);
          try {
            await page.screenshot({ path, fullPage: true, timeout: 5000 });
            paths.push(path);
            console.warn(`screenshot of ${label} on failure: ${path}`);
          } catch (error) {
            console.warn(`screenshot of ${label} failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        return paths;
      },
      close,
    };
    cleanups.push(async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
    });
    return harness;
  } catch (error) {
    await close();
    throw error;
  }
}

/** Signs in through the login page and waits until the app has left it. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('current-user').waitFor();
}
