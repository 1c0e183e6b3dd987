// The satisfaction question after a close, and the customer's 1–5 answer, on both kinds of provider.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PHONE_ID, notification } from '../../providers/whatsapp-cloud/notification-fixture';
import { dialectsUnderTest } from '../../storage/test-databases';
import { campaignWithProvider, createHarness, webhook, type Harness } from '../../testing/supervision-harness';
import { until } from '../../testing/until';
import { scoreOf, SURVEY_ANSWER_WINDOW_MS, SURVEY_HANDBACK_WAIT_MS } from './survey-repository';

const dialects = await dialectsUnderTest();
const NOW = Date.UTC(2026, 4, 4, 13, 0, 0);
const APP_SECRET = 'survey-app-secret';
const QUESTION = 'Del 1 al 5, ¿cómo te atendimos?';

type User = { cookie: string; userId: string };

describe('reading a score from a reply', () => {
  it('takes a lone 1–5 with what people add to it, and nothing else', () => {
    for (const [text, score] of [
      ['4', 4],
      [' 5!', 5],
      ['3 - ok', 3],
      ['4️⃣', 4],
      ['1 ⭐', 1],
    ] as const)
      expect(scoreOf(text), text).toBe(score);
    for (const text of ['10', '4.5', '0', '6', 'hola', '', 'cinco', '1234', undefined])
      expect(scoreOf(text), String(text)).toBeNull();
  });
});

describe.each(dialects)('the satisfaction survey on %s', (dialect) => {
  let h: Harness;
  let admin: User;
  let ana: User;
  let heynow: { providerId: string; campaignId: string };
  let cloudProviderId: string;
  let n = 0;

  beforeAll(async () => {
    h = await createHarness(dialect, NOW);
    admin = await h.sessionFor('administrator');
    heynow = await campaignWithProvider(h, admin.cookie, {
      name: 'Encuesta',
      strategy: 'ringall',
      skills: ['encuesta'],
      messages: { welcome: '' },
      survey: { enabled: true, question: QUESTION },
    });
    const cloud = await h.request({
      method: 'POST',
      url: '/api/providers',
      as: admin.cookie,
      payload: {
        kind: 'whatsapp-cloud',
        name: 'wa',
        platformId: FIXTURE_PHONE_ID,
        domain: 'http://127.0.0.1:9',
        appSecret: APP_SECRET,
        accessToken: 'EAAG-survey',
        verifyToken: 'verify-survey',
      },
    });
    expect(cloud.statusCode, cloud.body).toBe(201);
    cloudProviderId = cloud.json().id as string;
    await h.request({
      method: 'PATCH',
      url: `/api/campaigns/${heynow.campaignId}`,
      as: admin.cookie,
      payload: { providerIds: [heynow.providerId, cloudProviderId], skills: ['encuesta', 'default'] },
    });
    ana = await h.sessionFor('agent', 'Ana');
    await h.request({
      method: 'POST',
      url: '/api/members',
      payload: { campaignIds: [heynow.campaignId], add: [ana.userId] },
      as: admin.cookie,
    });
    await h.settle();
    await h.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'available' }, as: ana.cookie });
  });
  afterAll(() => h.close());

  const db = () => h.database.db;
  const interactionOf = async (providerId: string, conversationId: string) =>
    db()
      .selectFrom('interactions')
      .selectAll()
      .where('provider_id', '=', providerId)
      .where('external_conversation_id', '=', conversationId)
      .orderBy('created_at')
      .execute();
  const commands = async (interactionId: string) =>
    (
      await db()
        .selectFrom('outbox')
        .select('command_json')
        .where('interaction_id', '=', interactionId)
        .orderBy('id')
        .execute()
    ).map((r) => JSON.parse(r.command_json) as { kind: string; content?: { text?: string } });
  const survey = (interactionId: string) =>
    db().selectFrom('satisfaction_surveys').selectAll().where('interaction_id', '=', interactionId).executeTakeFirst();

  /** Ana takes the waiting interaction and closes it; returns its id. */
  async function takeAndClose(providerId: string, conversationId: string): Promise<string> {
    const id = await until(
      'the waiting interaction',
      async () => (await interactionOf(providerId, conversationId)).find((i) => i.status !== 'closed')?.id,
    );
    await until('it is queued', async () => {
      const take = await h.request({
        method: 'POST',
        url: `/api/interactions/${id}/take`,
        payload: {},
        as: ana.cookie,
      });
      return take.statusCode < 300;
    });
    const close = await h.request({
      method: 'POST',
      url: `/api/interactions/${id}/close`,
      payload: {},
      as: ana.cookie,
    });
    expect(close.statusCode, close.body).toBe(204);
    await h.settle();
    return id;
  }

  async function heynowConversation(): Promise<{ conversationId: string; id: string }> {
    const conversationId = `survey-hn-${++n}`;
    const res = await webhook(h, heynow.providerId, {
      event: 'handoff',
      conversationId,
      contact: { name: 'Eva', phone: `+5989910${n}` },
      skill: 'encuesta',
      messageId: `${conversationId}-m0`,
      text: 'hola',
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return { conversationId, id: await takeAndClose(heynow.providerId, conversationId) };
  }

  const customerSays = (conversationId: string, text: string) =>
    webhook(h, heynow.providerId, {
      event: 'message',
      conversationId,
      messageId: `${conversationId}-${text}-${++n}`,
      text,
    });

  /** A WhatsApp Cloud customer's message: text, or a pick from an interactive list. */
  async function cloudSays(waId: string, text: string, picked?: { id: string }): Promise<void> {
    const content = picked
      ? { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: picked.id, title: text } } }
      : { type: 'text', text: { body: text } };
    const body = JSON.stringify(
      notification({
        contacts: [{ profile: { name: 'Cliente' }, wa_id: waId }],
        messages: [
          {
            from: waId,
            id: `wamid.survey-${dialect}-${++n}`,
            timestamp: String(Math.floor(h.clock.now / 1000)),
            ...content,
          },
        ],
      }),
    );
    const res = await h.request({
      method: 'POST',
      url: `/webhooks/whatsapp-cloud/${cloudProviderId}`,
      payload: body,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    await h.settle();
  }

  it('HeyNow: asks after the close and keeps the bot waiting until the answer, which is stored and not routed', async () => {
    const answered: number[] = [];
    const off = h.services.bus.on('survey.answered', (e) => answered.push(e.score));
    const { conversationId, id } = await heynowConversation();
    const before = await commands(id);
    // Stored as a list; HeyNow's adapter sends its text alone (the question names the scores).
    expect(before.at(-1)).toMatchObject({ kind: 'message', content: { type: 'choice', text: QUESTION } });
    expect(before.map((c) => c.kind)).not.toContain('endConversation');
    expect(await survey(id)).toMatchObject({ state: 'awaiting', hold_end: 1, agent_id: ana.userId });

    await customerSays(conversationId, '4');
    expect(await survey(id)).toMatchObject({ state: 'answered', score: 4, answered_at: h.clock.now });
    expect((await commands(id)).at(-1)?.kind).toBe('endConversation');
    // Kept in the closed conversation's transcript; no new interaction opened.
    const transcript = await db().selectFrom('messages').select('body').where('interaction_id', '=', id).execute();
    expect(transcript.map((m) => m.body)).toContain('4');
    expect(await interactionOf(heynow.providerId, conversationId)).toHaveLength(1);
    expect(answered).toEqual([4]);

    // A second "5" is not a second answer.
    await customerSays(conversationId, '5');
    expect(await survey(id)).toMatchObject({ score: 4 });
    expect((await commands(id)).filter((c) => c.kind === 'endConversation')).toHaveLength(1);
    off();
  });

  it('HeyNow: anything but a score hands the customer back to the bot at once, unrated', async () => {
    const { conversationId, id } = await heynowConversation();
    await customerSays(conversationId, 'gracias!');
    expect(await survey(id)).toMatchObject({ state: 'skipped', score: null });
    expect((await commands(id)).at(-1)?.kind).toBe('endConversation');
  });

  it('HeyNow: a customer who leaves during the wait ends it without a hand-back call', async () => {
    const { conversationId, id } = await heynowConversation();
    const res = await webhook(h, heynow.providerId, { event: 'customer_left', conversationId });
    expect(res.statusCode, res.body).toBeLessThan(300);
    expect(await survey(id)).toMatchObject({ state: 'skipped' });
    expect((await commands(id)).map((c) => c.kind)).not.toContain('endConversation');
    const row = await db().selectFrom('interactions').select('end_sent').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.end_sent).toBe(1);
  });

  it('HeyNow: without an answer the bot gets the customer back when the short wait ends', async () => {
    const { id } = await heynowConversation();
    h.clock.now += SURVEY_HANDBACK_WAIT_MS - 1;
    await h.services.surveyExpiry.expireDue();
    expect(await survey(id)).toMatchObject({ state: 'awaiting' });
    h.clock.now += 1;
    await h.services.surveyExpiry.expireDue();
    expect(await survey(id)).toMatchObject({ state: 'expired', score: null });
    expect((await commands(id)).at(-1)?.kind).toBe('endConversation');
  });

  it('WhatsApp Cloud: the answer within the window is stored, not a new hand-off; later messages open one again', async () => {
    const waId = `5989920${++n}`;
    await cloudSays(waId, 'hola');
    const id = await takeAndClose(cloudProviderId, waId);
    const sent = await commands(id);
    // Nothing to hand back to: the close is not held.
    expect(sent.map((c) => c.kind).slice(-2)).toEqual(['message', 'endConversation']);
    // The question is a list of the five scores (Meta allows three reply buttons, ten list rows).
    const question = sent.at(-2)!.content as { type: string; text: string; options: { title: string }[] };
    expect(question).toMatchObject({ type: 'choice', text: QUESTION, button: 'Calificar' });
    expect(question.options.map((o) => o.title)).toEqual(['1 ★', '2 ★★', '3 ★★★', '4 ★★★★', '5 ★★★★★']);
    expect(await survey(id)).toMatchObject({ state: 'awaiting', hold_end: 0 });

    h.clock.now += 3600_000; // well inside the window
    // The customer picks the last row: its title comes back as the reply.
    await cloudSays(waId, '5 ★★★★★', { id: 'score-5' });
    expect(await survey(id)).toMatchObject({ state: 'answered', score: 5 });
    expect(await interactionOf(cloudProviderId, waId)).toHaveLength(1);

    await cloudSays(waId, 'otra consulta');
    expect(await interactionOf(cloudProviderId, waId)).toHaveLength(2);
    await takeAndClose(cloudProviderId, waId);
  });

  it('shows the answers in monitoring (campaign and agent), recordings, the CSV and the transcript', async () => {
    // So far in this suite Ana's conversations were rated 4 (HeyNow) and 5 (WhatsApp Cloud).
    await h.settle();
    const monitor = await h.request({ method: 'GET', url: `/api/monitoring/${heynow.campaignId}`, as: admin.cookie });
    expect(monitor.statusCode, monitor.body).toBe(200);
    const detail = monitor.json();
    expect(detail.campaign.satisfactionToday).toEqual({ average: 4.5, count: 2 });
    expect(detail.campaign.satisfactionRecent).toEqual({ average: 4.5, count: 2 });
    const anaRow = (detail.agents as { agentId: string; satisfactionToday: unknown }[]).find(
      (a) => a.agentId === ana.userId,
    );
    expect(anaRow?.satisfactionToday).toEqual({ average: 4.5, count: 2 });

    const from = NOW - 3600_000;
    const page = await h.request({ method: 'GET', url: `/api/recordings?from=${from}&pageSize=200`, as: admin.cookie });
    const rated = (page.json().rows as { satisfaction: number | null }[]).map((r) => r.satisfaction).filter((x) => x);
    expect(rated.sort()).toEqual([4, 5]);

    const csv = await h.request({ method: 'GET', url: `/api/recordings.csv?from=${from}`, as: admin.cookie });
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]!.split(',').at(-1)).toBe('satisfaction');
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',').at(-1))
        .filter(Boolean)
        .sort(),
    ).toEqual(['4', '5']);

    const answered = await db()
      .selectFrom('satisfaction_surveys')
      .select('interaction_id')
      .where('score', '=', 4)
      .executeTakeFirstOrThrow();
    const transcript = await h.request({
      method: 'GET',
      url: `/api/recordings/${answered.interaction_id}/transcript?format=txt`,
      as: admin.cookie,
    });
    expect(transcript.body).toContain('Satisfaction: 4 of 5');
  });

  it('monitoring rebuilt after a restart still counts the answers of today', async () => {
    h.services.monitor.stop();
    const { CampaignMonitorService } = await import('../../supervision/monitor-service');
    const fresh = new CampaignMonitorService({
      db: db(),
      bus: h.services.bus,
      router: h.services.router,
      campaigns: h.services.campaigns,
      now: () => h.clock.now,
    });
    await fresh.start();
    const row = fresh.list().find((r) => r.campaignId === heynow.campaignId);
    expect(row?.satisfactionToday).toEqual({ average: 4.5, count: 2 });
    fresh.stop();
  });

  it('WhatsApp Cloud: a message that is no score opens a conversation as usual, and a late answer is not taken', async () => {
    const first = `5989930${++n}`;
    await cloudSays(first, 'hola');
    const id = await takeAndClose(cloudProviderId, first);
    await cloudSays(first, 'me olvidé de algo');
    expect(await survey(id)).toMatchObject({ state: 'skipped' });
    expect(await interactionOf(cloudProviderId, first)).toHaveLength(2);
    await takeAndClose(cloudProviderId, first);

    const second = `5989940${++n}`;
    await cloudSays(second, 'hola');
    const late = await takeAndClose(cloudProviderId, second);
    h.clock.now += SURVEY_ANSWER_WINDOW_MS + 1;
    await cloudSays(second, '3');
    expect(await survey(late)).toMatchObject({ state: 'awaiting', score: null });
    expect(await interactionOf(cloudProviderId, second)).toHaveLength(2);
    await takeAndClose(cloudProviderId, second);
  });

  it('a campaign without the survey hands back at the close and asks nothing', async () => {
    await h.request({
      method: 'PATCH',
      url: `/api/campaigns/${heynow.campaignId}`,
      as: admin.cookie,
      payload: { survey: { enabled: false } },
    });
    await h.settle();
    const { id } = await heynowConversation();
    expect((await commands(id)).map((c) => c.kind).slice(-1)).toEqual(['endConversation']);
    expect(await survey(id)).toBeUndefined();
    await h.request({
      method: 'PATCH',
      url: `/api/campaigns/${heynow.campaignId}`,
      as: admin.cookie,
      payload: { survey: { enabled: true } },
    });
    await h.settle();
  });
});
