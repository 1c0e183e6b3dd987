// Foundation item 8 / acceptance scenario 1: an administrator configures a provider, a campaign with
// skills and a schedule, and its members — in a real browser — and finds all of it again after a reload.
import type { Campaign, Member, Provider, User } from '@switchboard/protocol';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  browserAvailable,
  signIn,
  startHarness,
  USER_PASSWORD,
  type Harness,
} from './harness';
import { closeDropdown, errorOf, eventually, navigate, pickOption } from './ui';

const PARTNER_TOKEN = 'pt-e2e-very-secret-4711';
const AGENTS = [
  { username: 'ana.e2e', displayName: 'Ana Admin-Test', penalty: 10 },
  { username: 'bruno.e2e', displayName: 'Bruno Admin-Test', penalty: 35 },
] as const;

describe.skipIf(!browserAvailable())('administrator configuration in the browser', () => {
  let h: Harness;
  let page: Page;
  let providerId = '';
  let campaignId = '';

  beforeAll(async () => {
    h = await startHarness();
    page = await h.newPage('admin');
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await h?.screenshots(context.task.name);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('signs in and creates two agents on the Users page', async () => {
    await signIn(page, ADMIN_USERNAME, ADMIN_PASSWORD);
    await navigate(page, 'Users');
    for (const agent of AGENTS) {
      await page.getByTestId('new-user').click();
      const form = page.getByTestId('user-form');
      await form.getByLabel('Username').fill(agent.username);
      await form.getByLabel('Display name').fill(agent.displayName);
      expect(await form.getByLabel('Role', { exact: true }).inputValue()).toBe('Agent');
      await form.getByLabel('Password', { exact: true }).fill(USER_PASSWORD);
      await form.getByTestId('save-user').click();
      await form.waitFor({ state: 'detached' });
      await page.getByTestId(`user-row-${agent.username}`).waitFor();
    }
    const users = await (await h.admin()).get<User[]>('/api/users');
    expect(
      users
        .filter((u) => u.role === 'agent')
        .map((u) => u.username)
        .sort(),
    ).toEqual(AGENTS.map((a) => a.username));
  });

  it("shows the server's validation message next to a bad domain", async () => {
    await navigate(page, 'Providers');
    await page.getByTestId('new-provider').click();
    const form = page.getByTestId('provider-form');
    await form.getByLabel('Name').fill('hn1');
    await form.getByLabel('Partner token').fill(PARTNER_TOKEN);
    await form.getByLabel('Domain').fill('ftp://files.example');
    await form.getByLabel('Platform ID').fill('59899123456');
    await form.getByTestId('save-provider').click();

    // The same body straight to the API: the page must show exactly what the server said, field prefix aside.
    const refused = await (
      await h.admin()
    ).raw('POST', '/api/providers', {
      kind: 'heynow-direct',
      name: 'hn1',
      domain: 'ftp://files.example',
      platformId: '59899123456',
      partnerToken: PARTNER_TOKEN,
    });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { field?: string; message: string };
    expect(body.field).toBe('domain');
    expect(await errorOf(form.getByLabel('Domain'))).toBe(body.message.replace(/^domain: /, ''));
    expect(page.url()).toMatch(/\/admin\/providers\/new$/);
    expect(await (await h.admin()).get<Provider[]>('/api/providers')).toEqual([]);
  });

  it('creates a Direct API provider and never shows its token again', async () => {
    const form = page.getByTestId('provider-form');
    await form.getByLabel('Domain').fill('https://heynow.example.com');
    await form.getByTestId('save-provider').click();
    await page.waitForURL(/\/admin\/providers\/[0-9a-f-]{36}$/);
    providerId = page.url().split('/').pop() ?? '';
    await page.getByTestId(`provider-item-${providerId}`).waitFor();
    expect(await page.getByTestId(`provider-item-${providerId}`).innerText()).toContain('hn1');
  });

  it('creates a campaign using the provider, with two skills and a weekly schedule', async () => {
    await navigate(page, 'Campaigns');
    await page.getByTestId('new-campaign').click();
    const editor = page.getByTestId('campaign-editor');
    await editor.getByLabel('Name', { exact: true }).fill('Ventas');
    await pickOption(page, 'Strategy', 'ringallmultiple');
    await pickOption(page, 'Delivery mode', 'linear');
    const skills = editor.getByLabel('Skills', { exact: true });
    for (const skill of ['ventas', 'compras']) {
      await skills.fill(skill);
      await skills.press('Enter');
    }
    await pickOption(page, 'Providers', providerId);
    await closeDropdown(page);

    await editor.getByTestId('tab-schedule').click();
    await editor.getByLabel('Open 24 hours').uncheck({ force: true });
    await pickOption(page, 'Time zone', 'America/Montevideo', 'Montevideo');
    await editor.getByTestId('add-range-monday').click();
    await editor.getByTestId('range-monday-0-to').fill('17:30');
    await editor.getByTestId('add-range-saturday').click();
    await editor.getByTestId('range-saturday-0-from').fill('10:00');
    await editor.getByTestId('range-saturday-0-to').fill('13:00');
    await editor.getByTestId('save-campaign').click();

    await page.waitForURL(/\/admin\/campaigns\/[0-9a-f-]{36}$/);
    campaignId = page.url().split('/').pop() ?? '';
    const saved = await (await h.admin()).get<Campaign>(`/api/campaigns/${campaignId}`);
    expect(saved).toMatchObject({
      name: 'Ventas',
      strategy: 'ringallmultiple',
      deliveryMode: 'linear',
      skills: ['ventas', 'compras'],
      providerIds: [providerId],
      schedule: {
        timezone: 'America/Montevideo',
        ranges: [
          { day: 1, from: '09:00', to: '17:30' },
          { day: 6, from: '10:00', to: '13:00' },
        ],
      },
    });
  });

  it('adds both agents as members and sets their penalties', async () => {
    await navigate(page, 'Members');
    await pickOption(page, 'Campaigns', campaignId);
    await closeDropdown(page);
    for (const agent of AGENTS) {
      await page.getByTestId('available').getByLabel(`${agent.displayName} (${agent.username})`).check();
    }
    await page.getByTestId('add-members').click();
    for (const agent of AGENTS) {
      const penalty = page
        .getByTestId(/^member-row-/)
        .filter({ hasText: agent.username })
        .getByLabel('Penalty');
      await penalty.fill(String(agent.penalty));
      await penalty.press('Enter');
      await page.getByText(`Penalty of ${agent.displayName} set to ${agent.penalty}.`).waitFor();
    }
    const members = await (await h.admin()).get<Member[]>(`/api/campaigns/${campaignId}/members`);
    expect(members.map((m) => [m.username, m.penalty, m.position])).toEqual([
      ['ana.e2e', 10, 1],
      ['bruno.e2e', 35, 2],
    ]);
  });

  it('finds everything again after a reload, with the token masked', async () => {
    // Provider: listed, fields filled in, the token only as "set".
    await page.goto(`/admin/providers/${providerId}`);
    await page.reload();
    const form = page.getByTestId('provider-form');
    await eventually(() => form.getByLabel('Name').inputValue()).toBe('hn1');
    expect(await page.getByTestId(`provider-item-${providerId}`).innerText()).toContain('hn1');
    expect(await form.getByLabel('Domain').inputValue()).toBe('https://heynow.example.com');
    expect(await form.getByLabel('Platform ID').inputValue()).toBe('59899123456');
    const token = form.getByLabel('Partner token');
    expect(await token.inputValue()).toBe('');
    expect(await token.getAttribute('placeholder')).toContain('(set)');
    expect(await page.content()).not.toContain(PARTNER_TOKEN);
    const listed = await (await h.admin()).raw('GET', '/api/providers');
    expect(await listed.text()).not.toContain(PARTNER_TOKEN);

    // Campaign: every field as entered.
    await page.goto(`/admin/campaigns/${campaignId}`);
    await page.reload();
    const editor = page.getByTestId('campaign-editor');
    await eventually(() => editor.getByLabel('Name', { exact: true }).inputValue()).toBe('Ventas');
    expect(await editor.getByLabel('Strategy', { exact: true }).inputValue()).toBe('ringallmultiple');
    expect(await editor.getByLabel('Delivery mode', { exact: true }).inputValue()).toBe('linear');
    // The provider's label needs the provider list, which may arrive after the campaign itself.
    await eventually(() => editor.innerText()).toContain('hn1 (59899123456)');
    const basic = await editor.innerText();
    expect(basic).toContain('ventas');
    expect(basic).toContain('compras');
    await editor.getByTestId('tab-schedule').click();
    expect(await editor.getByLabel('Open 24 hours').isChecked()).toBe(false);
    expect(await editor.getByLabel('Time zone', { exact: true }).inputValue()).toBe('America/Montevideo');
    expect(await editor.getByTestId('range-monday-0-from').inputValue()).toBe('09:00');
    expect(await editor.getByTestId('range-monday-0-to').inputValue()).toBe('17:30');
    expect(await editor.getByTestId('range-saturday-0-from').inputValue()).toBe('10:00');
    expect(await editor.getByTestId('range-saturday-0-to').inputValue()).toBe('13:00');
    expect(await editor.getByTestId('range-tuesday-0-from').count()).toBe(0);

    // Members: both, in order, with their penalties.
    await page.goto('/admin/members');
    await page.reload();
    await pickOption(page, 'Campaigns', campaignId);
    await closeDropdown(page);
    const rows = page.getByTestId(/^member-row-/);
    await eventually(() => rows.count()).toBe(2);
    for (const [index, agent] of AGENTS.entries()) {
      const row = rows.nth(index);
      expect(await row.innerText()).toContain(agent.username);
      expect(await row.getByLabel('Penalty').inputValue()).toBe(String(agent.penalty));
    }
  });
});
