// Conversations item 9 / acceptance scenarios 7, 12 and 18: two agents in two browsers, customers played
// by the mock HeyNow through the real webhook; routing, the composer, closing, earlier conversations and a
// contested manual take.
import type { Campaign, User } from '@switchboard/protocol';
import type { Page, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MockHeyNow, ReceivedCall } from '../../server/src/mock-heynow';
import {
  activeItem,
  closeWithDisposition,
  openConversation,
  openInbox,
  pendingItem,
  releaseTogether,
} from './agent-pages';
import { browserAvailable, startHarness, USER_PASSWORD, type Harness } from './harness';
import { eventually } from './ui';

const DISPOSITION = ['Ventas', 'Consulta', 'Precio'] as const;
const CARLA = { number: '+59899111001', name: 'Carla Cliente' };
const DIEGO = { number: '+59899111002', name: 'Diego Cliente' };
const ELENA = { number: '+59899111003', name: 'Elena Cliente' };
const FEDE = { number: '+59899222001', name: 'Fede Soporte' };
// The smallest thing the server accepts as a PDF: it checks the content against the declared type.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

interface MessageBody {
  type: string;
  text?: string;
  media?: { url: string; mimeType: string; name?: string };
}

describe.skipIf(!browserAvailable())('two agents work customers in the browser', () => {
  let h: Harness;
  let mock: MockHeyNow;
  let platformId: string;
  let ana: Page;
  let bruno: Page;
  const conversations: Record<string, string> = {};

  const arrive = async (customer: { number: string; name: string }, skill: string, text: string, image = false) => {
    const started = await mock.startConversation({ ...customer, skill, text, ...(image ? { image: true } : {}) });
    expect(started.delivery.status).toBe(200);
    return started.conversationId;
  };
  const calls = (conversationId: string, action: ReceivedCall['action']) =>
    mock.received({ conversationId, action }).filter((c) => c.status < 300);

  beforeAll(async () => {
    h = await startHarness();
    const provider = await h.mockProvider({ name: 'hn-agents', platformId: '59899000222' });
    mock = provider.mock;
    platformId = provider.platformId;
    const admin = await h.admin();
    const agents: User[] = [];
    for (const [username, displayName] of [
      ['ana', 'Ana Agente'],
      ['bruno', 'Bruno Agente'],
    ]) {
      agents.push(
        await admin.post<User>('/api/users', { username, displayName, role: 'agent', password: USER_PASSWORD }),
      );
    }
    // nocall + linear with one interaction each: the first customer goes to Ana (position 1), the second to
    // Bruno (Ana is at her maximum), the third waits until someone closes.
    const ventas = await admin.post<Campaign>('/api/campaigns', {
      name: 'Ventas',
      strategy: 'nocall',
      deliveryMode: 'linear',
      maxInteractionsPerAgent: 1,
      skills: ['ventas'],
      providerIds: [provider.providerId],
      cannedResponses: [{ title: 'Saludo', shortcut: '/hola', text: 'Hola {customer.name}, soy {agent.name}' }],
      dispositions: [{ name: 'Ventas', children: [{ name: 'Consulta', children: [{ name: 'Precio' }] }] }],
    });
    const soporte = await admin.post<Campaign>('/api/campaigns', {
      name: 'Soporte',
      strategy: 'ringall',
      skills: ['soporte'],
      providerIds: [provider.providerId],
    });
    await admin.post('/api/members', { campaignIds: [ventas.id, soporte.id], add: agents.map((a) => a.id) });

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

  it('assigns as nocall + linear says: Ana first, Bruno when Ana is full, then the queue', async () => {
    conversations.carla = await arrive(CARLA, 'ventas', 'hola 👋', true);
    await activeItem(ana, CARLA.name).waitFor();

    conversations.diego = await arrive(DIEGO, 'VENTAS', '¿precio?');
    await activeItem(bruno, DIEGO.name).waitFor();

    conversations.elena = await arrive(ELENA, 'ventas', 'buenas');
    for (const page of [ana, bruno]) {
      // Waiting, visible to both members, but automatic: nobody takes it by hand.
      await pendingItem(page, ELENA.name).getByTestId('not-takeable').waitFor();
      expect(await pendingItem(page, ELENA.name).getByTestId('take-button').count()).toBe(0);
      expect(await page.getByTestId('active-item').count()).toBe(1);
    }
    expect(await activeItem(ana, DIEGO.name).count()).toBe(0);
    expect(await activeItem(bruno, CARLA.name).count()).toBe(0);
  });

  it('lets Ana answer with a canned response, an emoji and a PDF, then close with a disposition', async () => {
    const interactionId = await openConversation(ana, CARLA.name);
    expect(interactionId).not.toBe('');
    expect(await ana.getByTestId('header-campaign').innerText()).toBe('Ventas');
    expect(await ana.getByTestId('header-platform-id').innerText()).toBe(platformId);
    const customerMessage = ana
      .locator('[data-testid="message"][data-author="customer"]')
      .filter({ hasText: 'hola 👋' });
    await customerMessage.getByTestId('attachment-image').waitFor();

    // A first conversation: the three-dot menu offers no earlier ones.
    await ana.getByTestId('more-menu').click();
    await ana.getByTestId('menu-close').waitFor();
    expect(await ana.getByTestId('menu-earlier').count()).toBe(0);
    await ana.keyboard.press('Escape');

    const composer = ana.getByTestId('composer-input');
    await composer.click();
    await composer.pressSequentially('/hol');
    await ana.locator('[data-testid="canned-option"][data-shortcut="/hola"]').waitFor();
    await composer.press('Enter');
    const greeting = `Hola ${CARLA.name}, soy Ana Agente`;
    await eventually(() => composer.inputValue()).toBe(greeting);

    await ana.getByTestId('emoji-button').click();
    await ana.getByTestId('emoji-picker').getByRole('gridcell', { name: 'grinning face', exact: true }).click();
    const text = `${greeting}😀`;
    await eventually(() => composer.inputValue()).toBe(text);
    await ana.getByTestId('send-button').click();
    await eventually(() => composer.inputValue()).toBe('');
    const sent = ana.locator('[data-testid="message"][data-author="agent"]').filter({ hasText: text });
    // The mock answers sent → delivered → read; the ticks follow without a reload.
    await sent.locator('[data-testid="delivery-status"][data-status="read"]').waitFor();

    await ana
      .getByTestId('attach-input')
      .setInputFiles({ name: 'precios.pdf', mimeType: 'application/pdf', buffer: PDF });
    await ana.locator('[data-testid="attachment-chip"][data-ready="true"]').waitFor();
    await ana.getByTestId('send-button').click();
    await ana.getByTestId('attachment-chip').waitFor({ state: 'detached' });
    await ana
      .locator('[data-testid="message"][data-author="agent"]')
      .getByTestId('attachment-file')
      .filter({ hasText: 'precios.pdf' })
      .waitFor();

    await closeWithDisposition(ana, CARLA.name, DISPOSITION);

    // What HeyNow got for Carla's conversation: attended once, our two messages, exactly one hand-back.
    const id = conversations.carla!;
    await mock.waitForCall((c) => c.conversationId === id && c.action === 'end', 10_000);
    expect(calls(id, 'attended')).toHaveLength(1);
    const bodies = calls(id, 'message').map((c) => c.body as MessageBody);
    expect(bodies.filter((b) => b.type === 'text' && b.text === text)).toHaveLength(1);
    expect(bodies.filter((b) => b.type === 'media' && b.media?.mimeType === 'application/pdf')).toHaveLength(1);
    expect(bodies.find((b) => b.type === 'media')?.media?.name).toBe('precios.pdf');
    expect(calls(id, 'end')).toHaveLength(1);
    expect(mock.conversation(id)?.state).toBe('ended');

    // Ana is free again: the waiting customer goes to her (linear), and leaves Bruno's Pending list.
    await activeItem(ana, ELENA.name).waitFor();
    await eventually(() => pendingItem(bruno, ELENA.name).count()).toBe(0);
    await eventually(() => ana.getByTestId('pending-item').count()).toBe(0);
  });

  it('shows the earlier conversation in the three-dot menu when the same number writes again', async () => {
    await openConversation(bruno, DIEGO.name);
    await closeWithDisposition(bruno, DIEGO.name, DISPOSITION);

    conversations.carlaAgain = await arrive(CARLA, 'ventas', 'soy yo otra vez');
    // Ana holds Elena (her maximum is one), so Carla's return goes to Bruno.
    await activeItem(bruno, CARLA.name).waitFor();
    await openConversation(bruno, CARLA.name);
    await bruno.getByTestId('more-menu').click();
    const earlier = bruno.getByTestId('menu-earlier');
    expect(await earlier.innerText()).toContain('(1)');
    await earlier.click();
    const items = bruno.getByTestId('earlier-item');
    await eventually(() => items.count()).toBe(1);
    expect(await items.first().innerText()).toContain('Ana Agente');
    await items.first().click();
    const transcript = bruno.getByTestId('earlier-transcript');
    await eventually(() => transcript.innerText()).toContain(`Hola ${CARLA.name}, soy Ana Agente😀`);
    expect(await transcript.innerText()).toContain('hola 👋');
    await transcript.getByTestId('attachment-file').filter({ hasText: 'precios.pdf' }).waitFor();
    await bruno.keyboard.press('Escape');

    // Still exactly one hand-back for the first conversation.
    expect(calls(conversations.carla!, 'end')).toHaveLength(1);
  });

  it('gives a contested ringall item to exactly one of two agents clicking Take together', async () => {
    conversations.fede = await arrive(FEDE, 'soporte', 'ayuda');
    for (const page of [ana, bruno]) await pendingItem(page, FEDE.name).getByTestId('take-button').waitFor();

    const unroute = await releaseTogether([ana, bruno], '**/api/interactions/*/take');
    try {
      const isTake = (response: Response) => response.url().endsWith('/take');
      const [anaAnswer, brunoAnswer] = await Promise.all([
        ana.waitForResponse(isTake),
        bruno.waitForResponse(isTake),
        ...[ana, bruno].map((page) => pendingItem(page, FEDE.name).getByTestId('take-button').click()),
      ]);
      expect([anaAnswer.status(), brunoAnswer.status()].sort()).toEqual([200, 409]);
      const [winner, loser, refusal] = anaAnswer.status() === 200 ? [ana, bruno, brunoAnswer] : [bruno, ana, anaAnswer];
      const refused = (await refusal.json()) as { error: string; message: string };
      expect(refused.error).toBe('already_taken');
      await activeItem(winner, FEDE.name).waitFor();
      // The one who lost sees the server's refusal, and the item nowhere in their lists.
      await loser.getByText(refused.message).waitFor();
      expect(await activeItem(loser, FEDE.name).count()).toBe(0);
      for (const page of [ana, bruno]) await eventually(() => pendingItem(page, FEDE.name).count()).toBe(0);
    } finally {
      await unroute();
    }
    await mock.waitForCall((c) => c.conversationId === conversations.fede && c.action === 'attended', 10_000);
    expect(calls(conversations.fede!, 'attended')).toHaveLength(1);
  });
});
