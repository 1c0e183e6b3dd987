// Issue 11 item 12 and issue 13 item 8, in the browser: an administrator gives a campaign its customers'
// language (the default texts follow) and turns the satisfaction survey on; an agent closes a conversation,
// the (mock HeyNow) customer answers 4, and the supervisor sees CSAT 4.0 in monitoring and in Recordings.
import { DEFAULT_CUSTOMER_TEXTS, type Campaign, type User } from '@switchboard/protocol';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MockHeyNow } from '../../server/src/mock-heynow';
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
import { closeDropdown, eventually, navigate, pickOption } from './ui';

const CUSTOMER = { number: '+59899444001', name: 'Julia Cliente', text: 'hola, una consulta' };
const es = DEFAULT_CUSTOMER_TEXTS.es;

describe.skipIf(!browserAvailable())('campaign language and the satisfaction survey in the browser', () => {
  let h: Harness;
  let mock: MockHeyNow;
  let providerId = '';
  let campaignId = '';
  let admin: Page;

  beforeAll(async () => {
    h = await startHarness();
    const provider = await h.mockProvider({ name: 'hn-survey', platformId: '59899000444' });
    mock = provider.mock;
    providerId = provider.providerId;
    admin = await h.newPage('admin');
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await h?.screenshots(context.task.name);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates a campaign in Spanish: the untouched default texts follow the language, the survey is on', async () => {
    await signIn(admin, ADMIN_USERNAME, ADMIN_PASSWORD);
    await navigate(admin, 'Campaigns');
    await admin.getByTestId('new-campaign').click();
    const editor = admin.getByTestId('campaign-editor');
    await editor.getByLabel('Name', { exact: true }).fill('Encuestas');
    const skills = editor.getByLabel('Skills', { exact: true });
    await skills.fill('encuesta');
    await skills.press('Enter');
    await pickOption(admin, 'Providers', providerId);
    await closeDropdown(admin);

    await editor.getByTestId('tab-messages').click();
    // The interface is in English, so the new campaign starts in English…
    expect(await editor.getByTestId('campaign-language').inputValue()).toBe('English');
    const welcome = editor.getByLabel('Welcome message', { exact: true });
    expect(await welcome.inputValue()).toBe(DEFAULT_CUSTOMER_TEXTS.en.welcome);
    // …and the help says truly when the welcome goes: on entering the queue, not when an agent takes it.
    await editor.getByText("Sent as soon as the conversation enters this campaign's queue", { exact: false }).waitFor();

    await editor.getByLabel('Not-available message', { exact: true }).fill('Ahora no podemos, escribí más tarde.');
    await editor.getByTestId('campaign-language').click();
    await admin.getByRole('option', { name: 'Spanish' }).click();
    await editor.getByTestId('replace-defaults-yes').click();
    await eventually(() => welcome.inputValue()).toBe(es.welcome);
    expect(await editor.getByLabel('Not-available message', { exact: true }).inputValue()).toBe(
      'Ahora no podemos, escribí más tarde.',
    );
    await editor.getByLabel('Ask customers to rate the conversation (1–5)').check({ force: true });
    expect(await editor.getByTestId('survey-question').inputValue()).toBe(es.surveyQuestion);
    await editor.getByTestId('save-campaign').click();

    await admin.waitForURL(/\/admin\/campaigns\/[0-9a-f-]{36}$/);
    campaignId = admin.url().split('/').pop() ?? '';
    const saved = await (await h.admin()).get<Campaign>(`/api/campaigns/${campaignId}`);
    expect(saved).toMatchObject({
      language: 'es',
      messages: { welcome: es.welcome, outOfTime: es.outOfTime, notAvailable: 'Ahora no podemos, escribí más tarde.' },
      survey: { enabled: true, question: es.surveyQuestion },
    });
  });

  it('asks after the close, holds the hand-back for the answer, and shows CSAT 4.0 to the supervisor', async () => {
    const api = await h.admin();
    const ana = await api.post<User>('/api/users', {
      username: 'ana',
      displayName: 'Ana Encuesta',
      role: 'agent',
      password: USER_PASSWORD,
    });
    await api.post('/api/members', { campaignIds: [campaignId], add: [ana.id] });
    await api.post<User>('/api/users', {
      username: 'sofia',
      displayName: 'Sofía Supervisora',
      role: 'supervisor',
      password: USER_PASSWORD,
      campaignIds: [campaignId],
    });
    const agent = await h.newPage('ana');
    await openInbox(agent, 'ana', USER_PASSWORD);

    const started = await mock.startConversation({ ...CUSTOMER, skill: 'encuesta' });
    expect(started.delivery.status).toBe(200);
    // The welcome goes when the conversation enters the queue.
    await mock.waitForCall((c) => c.action === 'message' && (c.body as { text?: string }).text === es.welcome, 10_000);
    await eventually(() => activeItem(agent, CUSTOMER.name).count()).toBe(1);
    await openConversation(agent, CUSTOMER.name);
    await closeWithDisposition(agent, CUSTOMER.name, []);

    const conversationId = started.conversationId;
    await mock.waitForCall(
      (c) =>
        c.action === 'message' &&
        c.conversationId === conversationId &&
        (c.body as { text?: string }).text === es.surveyQuestion,
      10_000,
    );
    // HeyNow's bot must not have the customer back before the answer.
    expect(mock.received().some((c) => c.action === 'end' && c.conversationId === conversationId)).toBe(false);

    // The supervisor's monitor is open before the answer: it must change by itself, live.
    const sofia = await h.newPage('sofia');
    await signIn(sofia, 'sofia', USER_PASSWORD);
    await sofia.waitForURL(/\/supervisor\/monitoring$/);
    await sofia.locator('[data-testid="live-state"][data-state="open"]').waitFor();
    const row = sofia.locator(`[data-testid="monitor-row"][data-campaign-id="${campaignId}"]`);
    await eventually(() => row.getByTestId('satisfaction-today').innerText()).toBe('—');

    await mock.customerSays(conversationId, '4');
    await mock.waitForCall((c) => c.action === 'end' && c.conversationId === conversationId, 10_000);
    // Well before the 30 s safety refetch: the live channel brought it.
    await eventually(() => row.getByTestId('satisfaction-today').innerText(), 8_000).toBe('4.0');
    await row.click();
    const anaRow = sofia.locator(`[data-testid="agent-row"][data-agent-id="${ana.id}"]`);
    await eventually(() => anaRow.getByTestId('satisfaction-today').innerText()).toBe('4.0');

    await navigate(sofia, 'Recordings');
    const recording = sofia.getByTestId('recordings-row').filter({ hasText: CUSTOMER.name });
    await eventually(() => recording.getByTestId('recording-satisfaction').innerText()).toBe('4');
    await recording.click();
    await eventually(() => sofia.getByTestId('transcript-satisfaction').innerText()).toBe('Customer rating: 4 of 5');
  });
});
