// Issue 11 items 5, 7 and 9: the conversation pane. Beside the conversation, a contact panel (who, where,
// how long, what happened with this customer before); links in messages open, other schemes stay text; the
// routing timeline reads in the agent's language with people named; and a supervisor who takes a conversation
// over writes with the agent's composer (canned responses, attachments).
import type { Campaign, InteractionDetail, User } from '@switchboard/protocol';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MockHeyNow } from '../../server/src/mock-heynow';
import { activeItem, closeWithDisposition, openConversation, openInbox } from './agent-pages';
import { browserAvailable, signIn, startHarness, USER_PASSWORD, type Harness } from './harness';
import { eventually } from './ui';

const LUCIA = { number: '+59899555001', name: 'Lucía Contacto' };
const DISPOSITION = ['Ventas', 'Consulta', 'Precio'] as const;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

interface MessageBody {
  type: string;
  text?: string;
  media?: { mimeType: string; name?: string };
}

describe.skipIf(!browserAvailable())('the conversation pane in the browser', () => {
  let h: Harness;
  let mock: MockHeyNow;
  let campaignId: string;
  let ana: Page;
  let sofia: Page;
  let anaId: string;
  let second: { conversationId: string; interactionId: string };

  beforeAll(async () => {
    h = await startHarness();
    const provider = await h.mockProvider({ name: 'hn-pane', platformId: '59899000555' });
    mock = provider.mock;
    const admin = await h.admin();
    const agent = await admin.post<User>('/api/users', {
      username: 'ana',
      displayName: 'Ana Agente',
      role: 'agent',
      password: USER_PASSWORD,
    });
    anaId = agent.id;
    const ventas = await admin.post<Campaign>('/api/campaigns', {
      name: 'Ventas',
      strategy: 'nocall',
      deliveryMode: 'linear',
      maxInteractionsPerAgent: 3,
      skills: ['ventas'],
      providerIds: [provider.providerId],
      cannedResponses: [{ title: 'Saludo', shortcut: '/hola', text: 'Hola {customer.name}, soy {agent.name}' }],
      dispositions: [{ name: 'Ventas', children: [{ name: 'Consulta', children: [{ name: 'Precio' }] }] }],
    });
    campaignId = ventas.id;
    await admin.post('/api/members', { campaignIds: [campaignId], add: [agent.id] });
    await admin.post<User>('/api/users', {
      username: 'sofia',
      displayName: 'Sofía Supervisora',
      role: 'supervisor',
      password: USER_PASSWORD,
      campaignIds: [campaignId],
    });
    ana = await h.newPage('ana');
    await openInbox(ana, 'ana', USER_PASSWORD);
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await h?.screenshots(context.task.name);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows the contact beside the conversation and opens only safe links', async () => {
    const started = await mock.startConversation({
      ...LUCIA,
      skill: 'ventas',
      text: 'Vi esto https://example.com/promo?id=7. Y esto javascript:alert(1) data:text/html,<b>x</b>',
    });
    expect(started.delivery.status).toBe(200);
    await activeItem(ana, LUCIA.name).waitFor();
    await openConversation(ana, LUCIA.name);

    const panel = ana.getByTestId('contact-panel');
    expect(await panel.getByTestId('contact-name').innerText()).toBe(LUCIA.name);
    expect(await panel.getByTestId('contact-number').innerText()).toBe(LUCIA.number);
    expect(await panel.getByTestId('contact-channel').innerText()).toBe('WhatsApp');
    expect(await panel.getByTestId('contact-campaign').innerText()).toBe('Ventas');
    expect(await panel.getByTestId('contact-waiting').innerText()).toMatch(/^\d\d:\d\d$/);
    // Handling time ticks while the page is open.
    const handling = panel.getByTestId('contact-handling');
    const first = await handling.innerText();
    await eventually(() => handling.innerText()).not.toBe(first);
    expect(await panel.getByTestId('contact-earlier').count()).toBe(0);

    const bubble = ana.locator('[data-testid="message"][data-author="customer"]').first();
    const links = bubble.getByTestId('message-link');
    expect(await links.count()).toBe(1);
    expect(await links.first().getAttribute('href')).toBe('https://example.com/promo?id=7');
    expect(await links.first().getAttribute('target')).toBe('_blank');
    expect(await links.first().getAttribute('rel')).toBe('noopener noreferrer');
    expect(await bubble.innerText()).toContain('javascript:alert(1) data:text/html,<b>x</b>');
    expect(await bubble.locator('b, a[href^="javascript"], a[href^="data"]').count()).toBe(0);

    await closeWithDisposition(ana, LUCIA.name, DISPOSITION);
  });

  it('lists the earlier conversation with its disposition when the customer writes again', async () => {
    const started = await mock.startConversation({ ...LUCIA, skill: 'ventas', text: 'hola otra vez' });
    expect(started.delivery.status).toBe(200);
    await activeItem(ana, LUCIA.name).waitFor();
    const interactionId = await openConversation(ana, LUCIA.name);
    second = { conversationId: started.conversationId, interactionId };
    const earlier = ana.getByTestId('contact-panel').getByTestId('contact-earlier');
    await eventually(() => earlier.count()).toBe(1);
    expect(await earlier.getByTestId('contact-disposition').textContent()).toBe('Ventas › Consulta › Precio');
    expect(await earlier.innerText()).toContain('Ana Agente');
  });

  it('reads the routing timeline in the agent’s language, naming people and campaigns', async () => {
    await ana.evaluate(() => localStorage.setItem('switchboard.language', 'es'));
    await ana.reload();
    await ana.locator('[data-testid="live-state"][data-state="open"]').waitFor();
    await ana.getByTestId('timeline-toggle').click();
    const entries = ana.getByTestId('timeline').getByTestId('timeline-event');
    await eventually(() => entries.allInnerTexts()).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Entró en la cola de Ventas'),
        expect.stringContaining('Asignada a Ana Agente en Ventas'),
      ]),
    );
    const text = (await entries.allInnerTexts()).join('\n');
    expect(text).toContain('eligió a Ana Agente');
    expect(text).not.toContain(anaId);
    expect(text).not.toContain(campaignId);
    expect(text).not.toContain(second.interactionId);
    await ana.evaluate(() => localStorage.setItem('switchboard.language', 'en'));
  });

  it('gives the supervisor who takes a conversation over the agent’s composer and the contact panel', async () => {
    sofia = await h.newPage('sofia');
    await signIn(sofia, 'sofia', USER_PASSWORD);
    await sofia.waitForURL(/\/supervisor\/monitoring$/);
    await sofia.goto(`/supervisor/monitoring/${campaignId}`);
    await sofia.getByTestId('active-item').filter({ hasText: 'Ana Agente' }).getByTestId('watch').click();
    const live = sofia.locator(`[data-testid="live-view"][data-interaction-id="${second.interactionId}"]`);
    await live.waitFor();
    expect(await live.getByTestId('contact-name').innerText()).toBe(LUCIA.name);
    await eventually(() => live.getByTestId('contact-earlier').count()).toBe(1);

    await live.getByTestId('takeover').click();
    await sofia.getByTestId('takeover-confirm').click();
    const composer = live.getByTestId('takeover-composer');
    await composer.waitFor();

    // A canned response by its shortcut, filled with the customer's and the supervisor's names.
    const input = composer.getByTestId('composer-input');
    await input.fill('/hol');
    await sofia.getByTestId('canned-option').first().click();
    await eventually(() => input.inputValue()).toBe('Hola Lucía Contacto, soy Sofía Supervisora');
    await composer.getByTestId('send-button').click();
    await eventually(() => input.inputValue()).toBe('');

    // And a file.
    await composer
      .getByTestId('attach-input')
      .setInputFiles({ name: 'lista.pdf', mimeType: 'application/pdf', buffer: PDF });
    await composer.locator('[data-testid="attachment-chip"][data-ready="true"]').waitFor();
    await composer.getByTestId('send-button').click();
    await composer.getByTestId('attachment-chip').waitFor({ state: 'detached' });

    const bodies = () =>
      mock.received({ action: 'message', conversationId: second.conversationId }).map((c) => c.body as MessageBody);
    await eventually(() => bodies().some((b) => b.type === 'media' && b.media?.name === 'lista.pdf')).toBe(true);
    expect(bodies().filter((b) => b.text === 'Hola Lucía Contacto, soy Sofía Supervisora')).toHaveLength(1);
    const detail = await (await h.session('sofia')).get<InteractionDetail>(`/api/interactions/${second.interactionId}`);
    expect(detail.messages.filter((m) => m.author === 'supervisor').map((m) => m.kind)).toEqual(['text', 'media']);
  });
});
