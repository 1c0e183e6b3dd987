// Issue 11 items 8 and 13: an administrator gives a supervisor every campaign (including one created
// afterwards) on the Users page; the supervisor then assigns a waiting conversation and moves an active one
// from the campaign view, sees why some agents cannot be chosen, and reads a refusal as a sentence.
import type { Campaign, CampaignMonitorDetail, User } from '@switchboard/protocol';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MockHeyNow } from '../../server/src/mock-heynow';
import type { ApiSession } from './api-session';
import { openInbox } from './agent-pages';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  browserAvailable,
  signIn,
  startHarness,
  USER_PASSWORD,
  type Harness,
} from './harness';
import { eventually, navigate, pickOption } from './ui';

const AGENTS = { ana: 'Ana Atiende', bruno: 'Bruno Pausa', carla: 'Carla Ausente', dora: 'Dora Pausa' } as const;
const CUSTOMERS = [
  { number: '+59899444001', name: 'Uno Cliente' },
  { number: '+59899444002', name: 'Dos Cliente' },
  { number: '+59899444003', name: 'Tres Cliente' },
  { number: '+59899444004', name: 'Cuatro Cliente' },
] as const;

describe.skipIf(!browserAvailable())('a supervisor acts on the queue from the campaign view', () => {
  let h: Harness;
  let mock: MockHeyNow;
  let admin: ApiSession;
  let adminPage: Page;
  let sofia: Page;
  let campaignId = '';
  const ids: Record<keyof typeof AGENTS, string> = { ana: '', bruno: '', carla: '', dora: '' };

  const detail = () => admin.get<CampaignMonitorDetail>(`/api/monitoring/${campaignId}`);
  const waitingId = async (customer: string) => {
    const item = (await detail()).waitingItems.find((w) => w.customerNumber === customer);
    if (!item) throw new Error(`${customer} is not waiting`);
    return item.interactionId;
  };
  const holderOf = async (customer: string) =>
    (await detail()).activeItems.find((a) => a.customerNumber === customer)?.agentId ?? null;
  const pick = (page: Page, agent: keyof typeof AGENTS) =>
    page.getByTestId('reassign-dialog').getByTestId(`pick-${ids[agent]}`);

  beforeAll(async () => {
    h = await startHarness();
    mock = (await h.mockProvider({ name: 'hn-actions', platformId: '59899000444' })).mock;
    admin = await h.admin();
    for (const [username, displayName] of Object.entries(AGENTS)) {
      const user = await admin.post<User>('/api/users', {
        username,
        displayName,
        role: 'agent',
        password: USER_PASSWORD,
      });
      ids[username as keyof typeof AGENTS] = user.id;
    }
    adminPage = await h.newPage('admin');
    await signIn(adminPage, ADMIN_USERNAME, ADMIN_PASSWORD);
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await h?.screenshots(context.task.name);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('gives a supervisor all campaigns on the Users page, and she sees a campaign created afterwards', async () => {
    await navigate(adminPage, 'Users');
    await adminPage.getByTestId('new-user').click();
    const form = adminPage.getByTestId('user-form');
    await form.getByLabel('Username').fill('sofia');
    await form.getByLabel('Display name').fill('Sofía Supervisora');
    await pickOption(adminPage, 'Role', 'supervisor');
    await form.getByLabel('Password', { exact: true }).fill(USER_PASSWORD);
    await form.getByTestId('scope-choice').getByText('All campaigns').click();
    await form.getByTestId('save-user').click();
    await form.waitFor({ state: 'detached' });
    await eventually(() => adminPage.getByTestId('user-row-sofia').innerText()).toContain('All campaigns');
    const stored = (await admin.get<User[]>('/api/users')).find((u) => u.username === 'sofia');
    expect(stored).toMatchObject({ allCampaigns: true, campaignIds: [] });

    const provider = (await admin.get<{ id: string }[]>('/api/providers'))[0]!;
    const ventas = await admin.post<Campaign>('/api/campaigns', {
      name: 'Ventas Después',
      strategy: 'nocall',
      deliveryMode: 'rrmemory',
      maxInteractionsPerAgent: 2,
      skills: ['ventas'],
      providerIds: [provider.id],
      thresholds: { serviceLevel: 600, shortAbandon: 5, chatTime: 3600, acd: 600, maxQueued: 0, queueTimeout: 0 },
    });
    campaignId = ventas.id;
    await admin.post('/api/members', { campaignIds: [campaignId], add: Object.values(ids) });

    sofia = await h.newPage('sofia');
    await signIn(sofia, 'sofia', USER_PASSWORD);
    await sofia.waitForURL(/\/supervisor\/monitoring$/);
    await sofia.locator(`[data-testid="monitor-row"][data-campaign-id="${campaignId}"]`).waitFor();

    // The Users page shows where each agent works.
    await adminPage.reload();
    await eventually(() => adminPage.getByTestId('user-row-ana').innerText()).toContain('Ventas Después');
  });

  it('assigns a waiting conversation to a chosen member; the full and the offline cannot be chosen', async () => {
    // Ana takes work (cap 2); Bruno and Dora are paused, so nothing reaches them unless a supervisor says so;
    // Carla never signs in.
    const ana = await h.newPage('ana');
    await openInbox(ana, 'ana', USER_PASSWORD);
    for (const name of ['bruno', 'dora'] as const) {
      const session = await h.session(name);
      await session.post('/api/agent/status', { status: 'paused', reason: 'Break' });
    }
    for (const customer of CUSTOMERS) {
      const started = await mock.startConversation({ ...customer, skill: 'ventas', text: 'hola' });
      expect(started.delivery.status).toBe(200);
    }
    await eventually(async () => {
      const d = await detail();
      return { waiting: d.waitingItems.length, active: d.activeItems.length };
    }).toEqual({ waiting: 2, active: 2 });
    const waiting = (await detail()).waitingItems.map((w) => w.customerNumber);

    await sofia.goto(`/supervisor/monitoring/${campaignId}`);
    const first = CUSTOMERS.find((c) => c.number === waiting[0])!;
    await sofia.getByTestId('waiting-item').filter({ hasText: first.name }).getByTestId('assign').click();
    const dialog = sofia.getByTestId('reassign-dialog');
    await dialog.waitFor();
    await eventually(() => pick(sofia, 'ana').textContent()).toContain('At capacity');
    expect(await pick(sofia, 'ana').getByRole('radio').isDisabled()).toBe(true);
    expect(await pick(sofia, 'ana').textContent()).toContain('2/2');
    expect(await pick(sofia, 'carla').textContent()).toContain('Offline');
    expect(await pick(sofia, 'carla').getByRole('radio').isDisabled()).toBe(true);
    expect(await pick(sofia, 'bruno').getByRole('radio').isDisabled()).toBe(false);

    await pick(sofia, 'bruno').getByRole('radio').check();
    await dialog.getByTestId('reassign-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    await eventually(() => holderOf(first.number)).toBe(ids.bruno);
    await eventually(() => sofia.getByTestId('active-list').innerText()).toContain(AGENTS.bruno);
  });

  it('shows a refusal as a sentence when the conversation changed while the dialog was open', async () => {
    const number = (await detail()).waitingItems[0]!.customerNumber;
    const customer = CUSTOMERS.find((c) => c.number === number)!;
    await sofia.getByTestId('waiting-item').filter({ hasText: customer.name }).getByTestId('assign').click();
    const dialog = sofia.getByTestId('reassign-dialog');
    await pick(sofia, 'dora').getByRole('radio').check();
    // Someone else gives it to Dora first.
    await admin.post(`/api/interactions/${await waitingId(number)}/assign`, { agentId: ids.dora });
    await dialog.getByTestId('reassign-confirm').click();
    await eventually(() => dialog.getByTestId('reassign-error').innerText()).toBe(
      'This interaction is no longer waiting: someone took it meanwhile.',
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('moves an active conversation to another member with room', async () => {
    const d = await detail();
    const anas = d.activeItems.find((a) => a.agentId === ids.ana)!;
    const customer = CUSTOMERS.find((c) => c.number === anas.customerNumber)!;
    const row = sofia.getByTestId('active-item').filter({ hasText: customer.number }).filter({ hasText: AGENTS.ana });
    await row.getByTestId('move').click();
    const dialog = sofia.getByTestId('reassign-dialog');
    await eventually(() => pick(sofia, 'ana').textContent()).toContain('Has it now');
    expect(await pick(sofia, 'ana').getByRole('radio').isDisabled()).toBe(true);
    await pick(sofia, 'bruno').getByRole('radio').check();
    await dialog.getByTestId('reassign-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    await eventually(() => holderOf(customer.number)).toBe(ids.bruno);
  });

  it("lists the supervisor's assign in the audit log as a sentence, found by campaign and action", async () => {
    await navigate(adminPage, 'Audit log');
    for (const [testId, value, search] of [
      ['audit-action', 'interaction.assigned_by_supervisor', 'Assigned'],
      ['audit-campaign', campaignId, 'Ventas'],
    ] as const) {
      const input = adminPage.getByTestId(testId);
      await input.click();
      await input.fill(search);
      await adminPage.locator(`[role="option"][value="${value}"]`).click();
    }
    await adminPage.getByTestId('audit-search').click();
    const rows = adminPage.getByTestId('audit-row');
    // Sofía's assign from the browser and the administrator's from the API.
    await eventually(() => rows.count()).toBe(2);
    const sofias = rows.filter({ hasText: 'sofia' });
    expect(await sofias.getByTestId('audit-action-label').innerText()).toBe(
      'Assigned a waiting conversation to an agent',
    );
    expect(await sofias.getByTestId('audit-target').innerText()).toMatch(/Cliente \(\+59899444/);
    expect(await sofias.innerText()).toContain(AGENTS.bruno);
  });
});
