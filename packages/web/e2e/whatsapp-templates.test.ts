// Issue 13 item 2 in the browser: an administrator syncs a WhatsApp Cloud number's approved templates, and an
// agent whose customer last wrote more than 24 hours ago is told so before typing and sends a template with
// its parameters filled, which reaches Meta's API as a template send.
import { createHmac } from 'node:crypto';
import type { Campaign, Provider, User } from '@switchboard/protocol';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGraphApi } from '../../server/src/providers/whatsapp-cloud/fake-graph-api';
import { notification } from '../../server/src/providers/whatsapp-cloud/notification-fixture';
import { customerLastWrote } from '../../server/src/testing/customer-last-wrote';
import { activeItem, openConversation, openInbox } from './agent-pages';
import { browserAvailable, signIn, startHarness, USER_PASSWORD, type Harness } from './harness';
import { eventually } from './ui';

const ACCESS_TOKEN = 'EAAG-e2e-templates';
const APP_SECRET = 'e2e-templates-app-secret';
const PHONE_ID = '109000000000123';
const WABA = '209000000000456';
const CUSTOMER = { waId: '59899777001', name: 'Marta Plantilla' };

describe.skipIf(!browserAvailable())('WhatsApp templates outside the 24-hour window, in the browser', () => {
  let h: Harness;
  let graph: Awaited<ReturnType<typeof startFakeGraphApi>>;
  let provider: Provider;
  let agent: Page;

  beforeAll(async () => {
    graph = await startFakeGraphApi(ACCESS_TOKEN);
    graph.setTemplates(WABA, [
      {
        name: 'seguimiento',
        language: 'es',
        status: 'APPROVED',
        category: 'UTILITY',
        components: [{ type: 'BODY', text: 'Hola {{1}}, te escribimos por {{2}}.' }],
      },
      { name: 'follow_up', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [] },
      { name: 'borrador', language: 'es', status: 'PENDING', category: 'MARKETING', components: [] },
    ]);
    h = await startHarness();
    const admin = await h.admin();
    provider = await admin.post<Provider>('/api/providers', {
      kind: 'whatsapp-cloud',
      name: 'wa-e2e',
      platformId: PHONE_ID,
      domain: graph.base,
      appSecret: APP_SECRET,
      accessToken: ACCESS_TOKEN,
      verifyToken: 'e2e-verify',
      wabaId: WABA,
    });
    const bea = await admin.post<User>('/api/users', {
      username: 'bea',
      displayName: 'Bea Agente',
      role: 'agent',
      password: USER_PASSWORD,
    });
    const campaign = await admin.post<Campaign>('/api/campaigns', {
      name: 'Soporte',
      strategy: 'nocall',
      deliveryMode: 'linear',
      skills: ['default'],
      providerIds: [provider.id],
    });
    await admin.post('/api/members', { campaignIds: [campaign.id], add: [bea.id] });
    agent = await h.newPage('bea');
    await openInbox(agent, 'bea', USER_PASSWORD);
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await h?.screenshots(context.task.name);
  });
  afterAll(async () => {
    await h?.close();
    await graph?.close();
  });

  it('lets the administrator sync the approved templates from the provider page', async () => {
    const page = await h.newPage('admin');
    await signIn(page, 'admin', 'e2e-admin-password');
    await page.goto(`/admin/providers/${provider.id}`);
    await page.getByTestId('provider-waba-id').waitFor();
    expect(await page.getByTestId('provider-waba-id').inputValue()).toBe(WABA);
    await page.getByTestId('sync-templates').click();
    const list = page.getByTestId('template-list');
    await eventually(() => list.innerText()).toContain('seguimiento');
    expect(await list.innerText()).not.toContain('borrador');
    await eventually(() => page.getByTestId('templates-synced-at').innerText()).toContain('Last synced');
  });

  it('tells the agent the window is closed before typing and sends a filled template', async () => {
    const raw = JSON.stringify(
      notification(
        {
          contacts: [{ profile: { name: CUSTOMER.name }, wa_id: CUSTOMER.waId }],
          messages: [
            {
              from: CUSTOMER.waId,
              id: 'wamid.e2e-template-1',
              timestamp: String(Math.floor(Date.now() / 1000)),
              type: 'text',
              text: { body: '¿Siguen ahí?' },
            },
          ],
        },
        PHONE_ID,
      ),
    );
    const hook = await fetch(`${h.url}/webhooks/whatsapp-cloud/${provider.id}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`,
      },
      body: raw,
    });
    expect(hook.status).toBe(200);
    await activeItem(agent, CUSTOMER.name).waitFor();
    // The customer's last message is now more than a day old.
    await customerLastWrote(h.server.database.db, { providerId: provider.id }, Date.now() - 25 * 3_600_000);
    await openConversation(agent, CUSTOMER.name);

    await agent.getByTestId('window-closed').waitFor();
    expect(await agent.getByTestId('composer-input').isDisabled()).toBe(true);
    const preview = agent.getByTestId('template-preview');
    await eventually(() => preview.innerText()).toBe('Hola {{1}}, te escribimos por {{2}}.');
    const params = agent.getByTestId('template-param');
    await params.nth(0).fill('Marta');
    await params.nth(1).fill('tu reclamo');
    expect(await preview.innerText()).toBe('Hola Marta, te escribimos por tu reclamo.');
    await agent.getByTestId('template-send').click();

    // The campaign's welcome went out as text while the window was open; the template is the only other send.
    const templates = () => graph.sent(PHONE_ID).filter((c) => (c.body as { type?: string }).type === 'template');
    await eventually(() => templates().length).toBe(1);
    expect(templates()[0]!.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: CUSTOMER.waId,
      type: 'template',
      template: {
        name: 'seguimiento',
        language: { code: 'es' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Marta' },
              { type: 'text', text: 'tu reclamo' },
            ],
          },
        ],
      },
    });
    const mine = agent.locator('[data-testid="message"][data-author="agent"]');
    await eventually(() => mine.last().innerText()).toContain('seguimiento');
  });
});
