// Supervisor item 6 / acceptance scenarios 16 and 18: while customers arrive and two agents work, the
// supervisor watches live figures, an administrator moves a threshold, the supervisor whispers to an agent,
// then finds the finished conversation in Recordings and exports it.
import { readFile } from 'node:fs/promises';
import type { Campaign, CampaignMonitor, InteractionDetail, RecordingPage, User } from '@switchboard/protocol';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MockHeyNow } from '../../server/src/mock-heynow';
import type { ApiSession } from './api-session';
import { activeItem, closeWithDisposition, openConversation, openInbox } from './agent-pages';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  browserAvailable,
  signIn,
  startHarness,
  USER_PASSWORD,
  type Harness,
} from './harness';
import { eventually, navigate } from './ui';

const CUSTOMERS = [
  { number: '+59899333001', name: 'Gabi Cliente', text: 'hola, quiero precios' },
  { number: '+59899333002', name: 'Hugo Cliente', text: 'buenas tardes' },
  { number: '+59899333003', name: 'Ines Cliente', text: '¿atienden hoy?' },
] as const;
const AGENT_NAMES = { ana: 'Ana Agente', bruno: 'Bruno Agente' } as const;
const WHISPER = 'Ofrecé la cuota sin interés';
const ANSWER = 'El modelo Zafiro cuesta 1200 dólares';

/** The figures of one monitor row as the page shows them. */
async function readRow(row: Locator) {
  const cell = (id: string) => row.getByTestId(id);
  return {
    // The count, without the longest wait that follows it in the same cell.
    waiting: Number(await cell('monitor-waiting').locator('span').first().innerText()),
    colour: await cell('monitor-waiting').getAttribute('data-colour'),
    active: Number(await cell('monitor-active').innerText()),
    attended: Number(await cell('monitor-attended').innerText()),
    abandoned: Number(await cell('monitor-abandoned').innerText()),
    sl: (await cell('monitor-sl').innerText()).trim(),
    slAbandoned: (await cell('monitor-sl-abandoned').innerText()).trim(),
    abandonRate: (await cell('monitor-abandon-rate').innerText()).trim(),
  };
}

/** What the row must show for the API's figures (percentages with one decimal, a dash when empty). */
function expectedRow(api: CampaignMonitor) {
  const percent = (v: number | null) => (v === null ? '—' : `${Number(v.toFixed(1))}%`);
  return {
    waiting: api.waiting,
    colour: api.waitingColour,
    active: api.active,
    attended: api.attendedToday,
    abandoned: api.abandonedToday,
    sl: percent(api.serviceLevelPercent),
    slAbandoned: percent(api.serviceLevelWithAbandonedPercent),
    abandonRate: percent(api.abandonPercent),
  };
}

/** A minimal RFC 4180 reader: quoted cells may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

async function downloadCsv(page: Page): Promise<Record<string, string>[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('recordings-csv').click()]);
  const path = await download.path();
  const [header, ...rows] = parseCsv(await readFile(path, 'utf8'));
  if (!header) throw new Error('empty CSV');
  return rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

describe.skipIf(!browserAvailable())('a supervisor follows and reviews the work in the browser', () => {
  let h: Harness;
  let mock: MockHeyNow;
  let campaignId: string;
  let sofiaApi: ApiSession;
  let sofia: Page;
  let ana: Page;
  let bruno: Page;
  let anasCustomer: (typeof CUSTOMERS)[number];
  let anasInteraction = '';

  const monitorRow = (page: Page) => page.locator(`[data-testid="monitor-row"][data-campaign-id="${campaignId}"]`);
  const apiRow = async () => {
    const rows = await sofiaApi.get<CampaignMonitor[]>('/api/monitoring');
    const row = rows.find((r) => r.campaignId === campaignId);
    if (!row) throw new Error('the campaign is not in GET /api/monitoring');
    return row;
  };
  /** Waits for the page to show `figures`, then checks every figure against GET /api/monitoring. */
  const rowSettlesOn = async (page: Page, figures: { waiting: number; active: number }) => {
    await eventually(async () => {
      const shown = await readRow(monitorRow(page));
      return { waiting: shown.waiting, active: shown.active };
    }).toEqual(figures);
    await eventually(async () => readRow(monitorRow(page))).toEqual(expectedRow(await apiRow()));
  };

  beforeAll(async () => {
    h = await startHarness();
    const provider = await h.mockProvider({ name: 'hn-supervision', platformId: '59899000333' });
    mock = provider.mock;
    const admin = await h.admin();
    const agents: User[] = [];
    for (const [username, displayName] of Object.entries(AGENT_NAMES)) {
      agents.push(
        await admin.post<User>('/api/users', { username, displayName, role: 'agent', password: USER_PASSWORD }),
      );
    }
    const ventas = await admin.post<Campaign>('/api/campaigns', {
      name: 'Ventas',
      strategy: 'nocall',
      deliveryMode: 'rrmemory',
      maxInteractionsPerAgent: 1,
      skills: ['ventas'],
      providerIds: [provider.providerId],
      // Long service level and chat time: no colour may come from the clock while the test runs.
      thresholds: { serviceLevel: 600, shortAbandon: 5, chatTime: 3600, acd: 5, maxQueued: 0, queueTimeout: 0 },
      dispositions: [{ name: 'Ventas', children: [{ name: 'Consulta', children: [{ name: 'Precio' }] }] }],
    });
    campaignId = ventas.id;
    await admin.post('/api/members', { campaignIds: [campaignId], add: agents.map((a) => a.id) });
    await admin.post<User>('/api/users', {
      username: 'sofia',
      displayName: 'Sofía Supervisora',
      role: 'supervisor',
      password: USER_PASSWORD,
      campaignIds: [campaignId],
    });
    sofiaApi = await h.session('sofia');

    sofia = await h.newPage('sofia');
    await signIn(sofia, 'sofia', USER_PASSWORD);
    await sofia.waitForURL(/\/supervisor\/monitoring$/);
    await sofia.locator('[data-testid="live-state"][data-state="open"]').waitFor();
    ana = await h.newPage('ana');
    bruno = await h.newPage('bruno');
    await openInbox(ana, 'ana', USER_PASSWORD);
    await openInbox(bruno, 'bruno', USER_PASSWORD);
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await h?.screenshots(context.task.name);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('updates the monitoring row without a reload, matching GET /api/monitoring', async () => {
    await rowSettlesOn(sofia, { waiting: 0, active: 0 });
    const url = sofia.url();

    for (const [i, customer] of CUSTOMERS.entries()) {
      const started = await mock.startConversation({
        number: customer.number,
        name: customer.name,
        skill: 'ventas',
        text: customer.text,
      });
      expect(started.delivery.status).toBe(200);
      // One at a time, so that each arrival is routed before the next (two agents, one interaction each).
      if (i < 2) await rowSettlesOn(sofia, { waiting: 0, active: i + 1 });
    }
    await rowSettlesOn(sofia, { waiting: 1, active: 2 });
    expect((await readRow(monitorRow(sofia))).colour).toBe('none');
    expect(sofia.url()).toBe(url);

    // rrmemory spread the first two over both agents; the third waits in both Pending lists.
    for (const page of [ana, bruno]) await eventually(() => page.getByTestId('active-item').count()).toBe(1);
    const anasText = await ana.getByTestId('active-item').innerText();
    const found = CUSTOMERS.find((c) => anasText.includes(c.name));
    if (!found) throw new Error(`Ana holds none of the customers: ${anasText}`);
    anasCustomer = found;
  });

  it('recolours the row when an administrator lowers the ACD threshold', async () => {
    const adminPage = await h.newPage('admin');
    await signIn(adminPage, ADMIN_USERNAME, ADMIN_PASSWORD);
    await adminPage.goto(`/supervisor/monitoring/${campaignId}`);
    const acd = adminPage.getByTestId('thresholds-acd');
    await eventually(() => acd.inputValue()).toBe('5');
    await acd.fill('1');
    await adminPage.getByTestId('thresholds-save').click();

    // One waiting ≥ ACD 1: the administrator's row turns red at once, without a reload.
    await adminPage.locator('[data-testid="monitor-waiting"][data-colour="red"]').waitFor();
    // The supervisor's open page recolours too, pushed by the live channel (campaign.changed).
    await monitorRow(sofia).locator('[data-testid="monitor-waiting"][data-colour="red"]').waitFor();
    const api = await apiRow();
    expect(api.thresholds.acd).toBe(1);
    expect(api.waitingColour).toBe('red');
    await adminPage.close();
  });

  it('whispers to the agent, who sees it and the customer does not', async () => {
    anasInteraction = await openConversation(ana, anasCustomer.name);

    await monitorRow(sofia).click();
    await sofia.waitForURL(new RegExp(`/supervisor/monitoring/${campaignId}`));
    const watched = sofia.getByTestId('active-item').filter({ hasText: AGENT_NAMES.ana });
    await watched.getByTestId('watch').click();
    const live = sofia.locator(`[data-testid="live-view"][data-interaction-id="${anasInteraction}"]`);
    await live.waitFor();
    await live.getByTestId('whisper-input').fill(WHISPER);
    await live.getByTestId('whisper-send').click();
    await eventually(() => live.getByTestId('whisper-input').inputValue()).toBe('');

    // Stored with the conversation, for Ana only.
    const seenByAna = await (await h.session('ana')).get<InteractionDetail>(`/api/interactions/${anasInteraction}`);
    expect(seenByAna.messages.filter((m) => m.kind === 'whisper').map((m) => m.text)).toEqual([WHISPER]);
    // Ana sees the note live, without a reload.
    await ana.getByTestId('whisper').filter({ hasText: WHISPER }).waitFor();
    expect(await bruno.getByText(WHISPER).count()).toBe(0);
    const toCustomer = mock.received({ action: 'message' }).filter((c) => JSON.stringify(c.body).includes(WHISPER));
    expect(toCustomer).toEqual([]);
    await sofia.keyboard.press('Escape');
  });

  it('finds the finished conversation in Recordings by number and by text, with its transcript and CSV', async () => {
    const composer = ana.getByTestId('composer-input');
    await composer.fill(ANSWER);
    await ana.getByTestId('send-button').click();
    await ana.locator('[data-testid="message"][data-author="agent"]').filter({ hasText: ANSWER }).waitFor();
    await closeWithDisposition(ana, anasCustomer.name, ['Ventas', 'Consulta', 'Precio']);
    // The waiting customer goes to Ana, who is free again; the monitor follows.
    await eventually(() => activeItem(ana, CUSTOMERS[2].name).count()).toBe(1);
    await sofia.goto('/supervisor/monitoring');
    await rowSettlesOn(sofia, { waiting: 0, active: 2 });

    await navigate(sofia, 'Recordings');
    const rows = sofia.getByTestId('recordings-row');
    const ids = async () => rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-interaction-id')));

    // By a fragment of the customer's number.
    await sofia.getByTestId('recordings-customer').fill(anasCustomer.number.slice(-6));
    await sofia.getByTestId('recordings-search').click();
    await eventually(ids).toEqual([anasInteraction]);

    // By free text inside the messages, alone.
    await sofia.getByTestId('recordings-customer').fill('');
    await sofia.getByTestId('recordings-text').fill('Zafiro');
    await sofia.getByTestId('recordings-search').click();
    await eventually(ids).toEqual([anasInteraction]);
    const rowText = await rows.first().innerText();
    expect(rowText).toContain(AGENT_NAMES.ana);
    expect(rowText).toContain('Ventas > Consulta > Precio');

    // The transcript, in order: the customer's words before Ana's answer; the whisper marked private.
    await rows.first().click();
    const transcript = sofia.locator(`[data-testid="transcript"][data-interaction-id="${anasInteraction}"]`);
    await transcript.waitFor();
    const messages = await transcript.getByTestId('transcript-message').allInnerTexts();
    const at = (text: string) => messages.findIndex((m) => m.includes(text));
    expect(at(anasCustomer.text)).toBeGreaterThanOrEqual(0);
    expect(at(WHISPER)).toBeGreaterThan(at(anasCustomer.text));
    expect(at(ANSWER)).toBeGreaterThan(at(WHISPER));
    await transcript
      .locator('[data-testid="transcript-message"][data-kind="whisper"]')
      .filter({ hasText: WHISPER })
      .waitFor();
    await sofia.keyboard.press('Escape');
    await transcript.waitFor({ state: 'detached' });

    // The CSV of the search holds exactly the rows of the table.
    const filtered = await downloadCsv(sofia);
    expect(filtered.map((r) => r.id)).toEqual([anasInteraction]);
    expect(filtered[0]).toMatchObject({
      campaign: 'Ventas',
      agents: AGENT_NAMES.ana,
      customer_number: anasCustomer.number,
      customer_name: anasCustomer.name,
      disposition: 'Ventas > Consulta > Precio',
      status: 'closed',
    });

    // And without filters (today), table, CSV and API agree on every interaction.
    await sofia.getByTestId('recordings-reset').click();
    await eventually(async () => (await ids()).length).toBe(CUSTOMERS.length);
    const all = await downloadCsv(sofia);
    expect(all.map((r) => r.id)).toEqual(await ids());
    const api = await sofiaApi.get<RecordingPage>('/api/recordings');
    expect(api.rows.map((r) => r.id)).toEqual(all.map((r) => r.id));
    expect(all.map((r) => r.status)).toEqual(api.rows.map((r) => r.status));
  });
});
