// Issue 11 items 2–4: the inbox over a long shift. A conversation with many messages opens at the newest one
// and does not jump while the agent reads back; drafts survive switching and reloading; a supervisor's
// take-over is explained in the agent's pane (who, when, the draft kept) instead of a 404.
import type { Campaign, User } from '@switchboard/protocol';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MockHeyNow } from '../../server/src/mock-heynow';
import { activeItem, openConversation, openInbox } from './agent-pages';
import type { ApiSession } from './api-session';
import { browserAvailable, startHarness, USER_PASSWORD, type Harness } from './harness';
import { eventually } from './ui';

const CARLA = { number: '+59899333001', name: 'Carla Larga' };
const DIEGO = { number: '+59899333002', name: 'Diego Corto' };
const BACKLOG = 40;
const DRAFT = 'Carla, te confirmo el precio final: 1200 USD con';

interface Scroll {
  top: number;
  height: number;
  client: number;
}

/** The message list's scroll viewport, as the browser lays it out. */
const scrollOf = (page: Page): Promise<Scroll> =>
  page
    .locator('[data-testid="message-list"] .mantine-ScrollArea-viewport')
    .evaluate((el) => ({ top: el.scrollTop, height: el.scrollHeight, client: el.clientHeight }));
const atBottom = (s: Scroll) => s.height - s.top - s.client <= 2;

describe.skipIf(!browserAvailable())('an agent works a long shift in the inbox', () => {
  let h: Harness;
  let mock: MockHeyNow;
  let sofiaApi: ApiSession;
  let ana: Page;
  let carlaConversation: string;
  let carlaId: string;

  beforeAll(async () => {
    h = await startHarness();
    const provider = await h.mockProvider({ name: 'hn-shift', platformId: '59899000333' });
    mock = provider.mock;
    const admin = await h.admin();
    const agent = await admin.post<User>('/api/users', {
      username: 'ana',
      displayName: 'Ana Agente',
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
    });
    await admin.post('/api/members', { campaignIds: [ventas.id], add: [agent.id] });
    await admin.post<User>('/api/users', {
      username: 'sofia',
      displayName: 'Sofía Supervisora',
      role: 'supervisor',
      password: USER_PASSWORD,
      campaignIds: [ventas.id],
    });
    sofiaApi = await h.session('sofia');
    ana = await h.newPage('ana');
    await openInbox(ana, 'ana', USER_PASSWORD);

    const carla = await mock.startConversation({ ...CARLA, skill: 'ventas', text: 'hola' });
    expect(carla.delivery.status).toBe(200);
    carlaConversation = carla.conversationId;
    for (let i = 1; i <= BACKLOG; i++) {
      const said = await mock.customerSays(carlaConversation, `mensaje ${i} de la lista larga`);
      expect(said.delivery.status).toBe(200);
    }
    const diego = await mock.startConversation({ ...DIEGO, skill: 'ventas', text: 'buenas' });
    expect(diego.delivery.status).toBe(200);
    await activeItem(ana, CARLA.name).waitFor();
    await activeItem(ana, DIEGO.name).waitFor();
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await h?.screenshots(context.task.name);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('opens a long conversation at the newest message', async () => {
    carlaId = await openConversation(ana, CARLA.name);
    const messages = ana.getByTestId('message');
    await eventually(() => messages.count()).toBeGreaterThanOrEqual(BACKLOG + 1);
    await messages.filter({ hasText: `mensaje ${BACKLOG} de la lista larga` }).waitFor();
    const scroll = await scrollOf(ana);
    expect(scroll.height).toBeGreaterThan(scroll.client * 2);
    await eventually(async () => atBottom(await scrollOf(ana))).toBe(true);
  });

  it('keeps the place of an agent reading back and shows a "new messages" pill instead of jumping', async () => {
    const viewport = ana.locator('[data-testid="message-list"] .mantine-ScrollArea-viewport');
    await viewport.evaluate((el) => {
      el.scrollTop = 200;
    });
    await eventually(async () => (await scrollOf(ana)).top).toBe(200);
    const said = await mock.customerSays(carlaConversation, '¿siguen ahí?');
    expect(said.delivery.status).toBe(200);

    await ana.getByTestId('message').filter({ hasText: '¿siguen ahí?' }).waitFor();
    const pill = ana.getByTestId('new-messages-pill');
    await pill.waitFor();
    expect(await pill.innerText()).toContain('New messages');
    expect((await scrollOf(ana)).top).toBe(200);

    await pill.click();
    await eventually(async () => atBottom(await scrollOf(ana))).toBe(true);
    await pill.waitFor({ state: 'detached' });
  });

  it('keeps a draft per conversation across switching and a reload', async () => {
    await ana.getByTestId('composer-input').fill(DRAFT);
    await openConversation(ana, DIEGO.name);
    await eventually(() => ana.getByTestId('composer-input').inputValue()).toBe('');

    await ana.reload();
    await ana.locator('[data-testid="live-state"][data-state="open"]').waitFor();
    await openConversation(ana, CARLA.name);
    await eventually(() => ana.getByTestId('composer-input').inputValue()).toBe(DRAFT);
  });

  it('tells the agent who took the conversation over and when, keeps the draft, and drops it from Active', async () => {
    await sofiaApi.post(`/api/interactions/${encodeURIComponent(carlaId)}/takeover`);

    const notice = ana.getByTestId('taken-over-notice');
    await eventually(() => notice.innerText(), 15_000).toContain(
      'Sofía Supervisora (supervisor) took this conversation over at',
    );
    await eventually(() => ana.getByTestId('draft-readonly').inputValue()).toBe(DRAFT);
    expect(await ana.getByTestId('draft-readonly').getAttribute('readonly')).not.toBeNull();
    expect(await ana.getByTestId('composer-input').count()).toBe(0);
    await eventually(() => activeItem(ana, CARLA.name).count()).toBe(0);
    expect(await activeItem(ana, DIEGO.name).count()).toBe(1);
    const pane = await ana.locator('main').innerText();
    expect(pane).not.toMatch(/403|404|not found|could not be loaded/i);
  });
});
