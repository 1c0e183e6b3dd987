// Issue 11 item 1: the inbox signals new work. An assignment and a customer message in a conversation that is
// not open raise the card's unread badge, move it to the top, update its preview, count in the tab title and
// ring the chime; opening the conversation clears the badge and the count.
import type { Campaign, User } from '@switchboard/protocol';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MockHeyNow } from '../../server/src/mock-heynow';
import { activeItem, openConversation, openInbox } from './agent-pages';
import { browserAvailable, startHarness, USER_PASSWORD, type Harness } from './harness';
import { eventually } from './ui';

const CARLA = { number: '+59899444001', name: 'Carla Señal' };
const DIEGO = { number: '+59899444002', name: 'Diego Señal' };

/** The chime, counted: the page's Web Audio API is replaced by one that records each note started. */
const COUNT_CHIMES = () => {
  const w = window as unknown as { __notes: number; AudioContext: unknown };
  w.__notes = 0;
  w.AudioContext = class {
    state = 'running';
    currentTime = 0;
    destination = {};
    resume() {
      return Promise.resolve();
    }
    createGain() {
      return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect() {} };
    }
    createOscillator() {
      return {
        frequency: { setValueAtTime() {} },
        connect() {},
        start() {
          w.__notes++;
        },
        stop() {},
      };
    }
  };
};
const notes = (page: Page) => page.evaluate(() => (window as unknown as { __notes: number }).__notes);
const unread = (page: Page, customer: string) => activeItem(page, customer).getByTestId('unread-badge');
const order = (page: Page) =>
  page.getByTestId('active-item').evaluateAll((cards) => cards.map((c) => (c as HTMLElement).innerText));

describe.skipIf(!browserAvailable())('the agent inbox signals new work', () => {
  let h: Harness;
  let mock: MockHeyNow;
  let ana: Page;
  let carlaConversation: string;

  beforeAll(async () => {
    h = await startHarness();
    const provider = await h.mockProvider({ name: 'hn-signals', platformId: '59899000444' });
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
      maxInteractionsPerAgent: 3,
      skills: ['ventas'],
      providerIds: [provider.providerId],
    });
    await admin.post('/api/members', { campaignIds: [ventas.id], add: [agent.id] });
    ana = await h.newPage('ana');
    await ana.addInitScript(COUNT_CHIMES);
    await openInbox(ana, 'ana', USER_PASSWORD);
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await h?.screenshots(context.task.name);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('an assignment raises the signal: a card with its unread badge and preview, the title count and the chime', async () => {
    expect(await ana.title()).not.toMatch(/^\(\d+\)/);
    const carla = await mock.startConversation({ ...CARLA, skill: 'ventas', text: 'hola, ¿precio?' });
    expect(carla.delivery.status).toBe(200);
    carlaConversation = carla.conversationId;

    await eventually(() => unread(ana, CARLA.name).innerText()).toBe('1');
    expect(await activeItem(ana, CARLA.name).getByTestId('card-preview').innerText()).toBe('hola, ¿precio?');
    await eventually(() => ana.title()).toMatch(/^\(1\) /);
    await eventually(() => notes(ana)).toBeGreaterThanOrEqual(2);

    await openConversation(ana, CARLA.name);
    await eventually(() => unread(ana, CARLA.name).count()).toBe(0);
    await eventually(() => ana.title()).not.toMatch(/^\(\d+\)/);
  });

  it('a customer message in a conversation that is not open: badge, top of the list, preview and title; opening clears them', async () => {
    const diego = await mock.startConversation({ ...DIEGO, skill: 'ventas', text: 'buenas' });
    expect(diego.delivery.status).toBe(200);
    await activeItem(ana, DIEGO.name).waitFor();
    await openConversation(ana, DIEGO.name);
    // Both wait for a reply; Diego spoke last, so he is on top.
    await eventually(async () => (await order(ana))[0]).toContain(DIEGO.name);
    const before = await notes(ana);

    const said = await mock.customerSays(carlaConversation, '¿tienen stock en azul?');
    expect(said.delivery.status).toBe(200);
    await eventually(() => unread(ana, CARLA.name).innerText()).toBe('1');
    await eventually(async () => (await order(ana))[0]).toContain(CARLA.name);
    expect(await activeItem(ana, CARLA.name).getByTestId('card-preview').innerText()).toBe('¿tienen stock en azul?');
    await eventually(() => ana.title()).toMatch(/^\(1\) /);
    await eventually(() => notes(ana)).toBeGreaterThan(before);

    await openConversation(ana, CARLA.name);
    await eventually(() => unread(ana, CARLA.name).count()).toBe(0);
    await eventually(() => ana.title()).not.toMatch(/^\(\d+\)/);
    expect(await unread(ana, DIEGO.name).count()).toBe(0);
  });
});
