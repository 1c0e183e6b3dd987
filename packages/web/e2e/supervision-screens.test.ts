// Issue 11 items 10 and 11: monitoring fits a 1366 px screen, its rows are keyboard links and the agent table
// shows each agent's chats with their ages; recordings find words by their beginning, leave whispers out, show
// readable statuses, filter by the supervisor who closed a conversation, and export names in local time.
import { readFile } from 'node:fs/promises';
import type { Campaign, User } from '@switchboard/protocol';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MockHeyNow } from '../../server/src/mock-heynow';
import { activeItem, openInbox } from './agent-pages';
import type { ApiSession } from './api-session';
import { browserAvailable, signIn, startHarness, USER_PASSWORD, type Harness } from './harness';
import { eventually, navigate } from './ui';

const CARLA = { number: '+59899444001', name: 'Carla Prefijo', text: 'hola, espero el mensaje de confirmación' };
const DIEGO = { number: '+59899444002', name: 'Diego Abierto', text: 'buenas tardes' };
const WHISPER = 'Recordale el zapatófono';
const SOFIA = 'Sofía Supervisora';
const ANA = 'Ana Agente';

/** Whether the page scrolls sideways (the document or any scroll container of a table in it). */
const overflowsSideways = (page: Page) =>
  page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) return 'document';
    for (const el of document.querySelectorAll<HTMLElement>('table')) {
      const box = el.parentElement;
      if (box && box.scrollWidth > box.clientWidth + 1) return el.getAttribute('data-testid') ?? 'table';
    }
    return null;
  });

describe.skipIf(!browserAvailable())('supervision screens a supervisor uses all day', () => {
  let h: Harness;
  let mock: MockHeyNow;
  let campaignId: string;
  let sofiaApi: ApiSession;
  let sofia: Page;
  let ana: Page;
  const interactionOf: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness();
    const provider = await h.mockProvider({ name: 'hn-screens', platformId: '59899000444' });
    mock = provider.mock;
    const admin = await h.admin();
    const agent = await admin.post<User>('/api/users', {
      username: 'ana',
      displayName: ANA,
      role: 'agent',
      password: USER_PASSWORD,
    });
    const ventas = await admin.post<Campaign>('/api/campaigns', {
      name: 'Ventas',
      strategy: 'nocall',
      deliveryMode: 'linear',
      maxInteractionsPerAgent: 2,
      skills: ['ventas'],
      providerIds: [provider.providerId],
      schedule: {
        timezone: 'America/Montevideo',
        ranges: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from: '00:00', to: '23:59' })),
      },
    });
    campaignId = ventas.id;
    await admin.post('/api/members', { campaignIds: [campaignId], add: [agent.id] });
    await admin.post<User>('/api/users', {
      username: 'sofia',
      displayName: SOFIA,
      role: 'supervisor',
      password: USER_PASSWORD,
      campaignIds: [campaignId],
    });
    sofiaApi = await h.session('sofia');

    ana = await h.newPage('ana');
    await openInbox(ana, 'ana', USER_PASSWORD);
    for (const customer of [CARLA, DIEGO]) {
      const started = await mock.startConversation({ ...customer, skill: 'ventas' });
      expect(started.delivery.status).toBe(200);
      await activeItem(ana, customer.name).waitFor();
    }
    const inbox = await (
      await h.session('ana')
    ).get<{ active: { id: string; customerName: string | null }[] }>('/api/agent/inbox');
    for (const item of inbox.active) interactionOf[item.customerName ?? ''] = item.id;

    sofia = await h.newPage('sofia');
    await sofia.setViewportSize({ width: 1366, height: 768 });
    await signIn(sofia, 'sofia', USER_PASSWORD);
    await sofia.waitForURL(/\/supervisor\/monitoring$/);
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await h?.screenshots(context.task.name);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('fits monitoring in 1366 px and opens a campaign from the keyboard', async () => {
    const row = sofia.locator(`[data-testid="monitor-row"][data-campaign-id="${campaignId}"]`);
    await eventually(() => row.getByTestId('monitor-active').innerText()).toBe('2');
    expect(await overflowsSideways(sofia)).toBeNull();

    // Tab until the campaign's link has the focus, then Enter: no mouse needed.
    const link = row.getByTestId('monitor-link');
    for (let i = 0; i < 30 && !(await link.evaluate((el) => el === document.activeElement)); i++)
      await sofia.keyboard.press('Tab');
    expect(await link.evaluate((el) => el === document.activeElement)).toBe(true);
    await sofia.keyboard.press('Enter');
    await sofia.waitForURL(new RegExp(`/supervisor/monitoring/${campaignId}$`));
    await sofia.getByTestId('agent-table').waitFor();
  });

  it("lists each agent's current chats with their ages, without sideways scrolling", async () => {
    const chats = sofia.getByTestId('agent-row').filter({ hasText: ANA }).getByTestId('agent-chat');
    await eventually(() => chats.count()).toBe(2);
    const texts = await chats.allInnerTexts();
    expect(texts[0]).toContain(CARLA.name);
    expect(texts[1]).toContain(DIEGO.name);
    for (const text of texts) expect(text).toMatch(/\d{2}:\d{2}$/);
    expect(await chats.first().getAttribute('data-interaction-id')).toBe(interactionOf[CARLA.name]);
    expect(await overflowsSideways(sofia)).toBeNull();
  });

  it('finds a word by its beginning, never by a whisper, and names the supervisor who closed it', async () => {
    const carla = interactionOf[CARLA.name]!;
    await sofiaApi.post(`/api/interactions/${carla}/whisper`, { text: WHISPER });
    await sofiaApi.post(`/api/interactions/${carla}/takeover`);
    await sofiaApi.post(`/api/interactions/${carla}/close`, {});

    await navigate(sofia, 'Recordings');
    const rows = sofia.getByTestId('recordings-row');
    const ids = () => rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-interaction-id')));
    const searchText = async (text: string) => {
      await sofia.getByTestId('recordings-text').fill(text);
      await sofia.getByTestId('recordings-search').click();
    };

    await searchText('confirmaci');
    await eventually(ids).toEqual([carla]);
    const status = await rows.first().innerText();
    // The badge's text (shown in capitals by CSS), the full status name rather than a code.
    expect(await rows.first().getByTestId('recordings-status').textContent()).toBe('Closed');
    expect(status).toContain(`closed by ${SOFIA} (supervisor)`);
    expect(status).not.toMatch(/\bagent_|customer_left/);

    // The whisper is the supervisor's note to the agent, not something the customer said.
    await searchText('zapatófono');
    await eventually(() => sofia.getByTestId('recordings-total').innerText()).toContain(': 0');

    // The agent filter offers the supervisor, who closed Carla's conversation (and only that one).
    await searchText('');
    await eventually(async () => (await ids()).length).toBe(2);
    const agents = sofia.getByTestId('recordings-agents');
    await agents.click();
    await sofia.getByRole('option', { name: `${SOFIA} (supervisor)` }).click();
    await sofia.keyboard.press('Escape');
    await sofia.getByTestId('recordings-search').click();
    await eventually(ids).toEqual([carla]);
  });

  it('exports CSV and TXT with names, the campaign’s local time and "supervisor" for a supervisor’s close', async () => {
    const carla = interactionOf[CARLA.name]!;
    const [download] = await Promise.all([sofia.waitForEvent('download'), sofia.getByTestId('recordings-csv').click()]);
    const csv = await readFile(await download.path(), 'utf8');
    const [header, line] = csv.trim().split(/\r\n/);
    const cells = Object.fromEntries((header ?? '').split(',').map((name, i) => [name, line?.split(',')[i] ?? '']));
    expect(cells).toMatchObject({
      id: carla,
      campaign: 'Ventas',
      time_zone: 'America/Montevideo',
      closed_by: `${SOFIA} (supervisor)`,
    });
    expect(cells.agents).toContain(ANA);
    expect(cells.started_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} -03:00$/);

    const txt = await (await sofiaApi.raw('GET', `/api/recordings/${carla}/transcript?format=txt`)).text();
    expect(txt).toContain('Times in America/Montevideo');
    expect(txt).toContain(`by ${SOFIA} (supervisor)`);
    expect(txt).toMatch(/\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} -03:00\]/);
    expect(txt).toContain(`agent ${ANA}`);
    expect(txt).not.toContain(campaignId);
  });
});
