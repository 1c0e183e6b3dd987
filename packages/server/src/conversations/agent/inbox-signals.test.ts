import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectsUnderTest } from '../../storage/test-databases';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { until } from '../../testing/until';

const dialects = await dialectsUnderTest();
const TOKEN = 'partner-token-for-tests';

interface Card {
  id: string;
  status: string;
  lastMessage: { direction: string; author: string; text: string | null; attachmentType: string | null; at: number };
  customerMessages: number;
  offerExpiresAt: number | null;
}

describe.each(dialects)('the inbox carries what an agent needs to notice new work on %s', (dialect) => {
  let t: TestApp;
  let providerId: string;
  let agent: { cookie: string; userId: string };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const admin = (await t.sessionFor('administrator')).cookie;
    providerId = (
      await t.request({
        method: 'POST',
        url: '/api/providers',
        payload: {
          kind: 'heynow-direct',
          name: 'hn',
          domain: 'http://127.0.0.1:9',
          platformId: '598001',
          partnerToken: TOKEN,
        },
        as: admin,
      })
    ).json().id;
    const campaignId = (
      await t.request({
        method: 'POST',
        url: '/api/campaigns',
        payload: {
          name: 'Ofertas',
          strategy: 'nocall',
          deliveryMode: 'linear',
          skills: ['ofertas'],
          providerIds: [providerId],
          offerTimeout: { seconds: 60, pauseAfterMisses: 3 },
        },
        as: admin,
      })
    ).json().id;
    agent = await t.sessionFor('agent');
    await t.request({
      method: 'POST',
      url: '/api/members',
      payload: { campaignIds: [campaignId], add: [agent.userId] },
      as: admin,
    });
    await t.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'available' }, as: agent.cookie });
  });
  afterAll(() => t.close());

  const hook = (payload: object) =>
    t.request({
      method: 'POST',
      url: `/webhooks/heynow/${providerId}`,
      payload,
      headers: { 'x-heynow-partner-token': TOKEN },
    });
  const cards = async () =>
    (await t.request({ method: 'GET', url: '/api/agent/inbox', as: agent.cookie })).json().active as Card[];

  it('an offered card carries its expiry, its last message and its customer-message count; a new message updates them', async () => {
    const before = Date.now();
    await hook({
      event: 'handoff',
      conversationId: 'sig-1',
      contact: { name: 'Olga', phone: '+59899000111' },
      skill: 'ofertas',
      messageId: 'sig-m1',
      text: 'quiero la oferta',
    });
    const offered = await until('the offer', async () => (await cards()).find((c) => c.status === 'offered'));
    expect(offered.offerExpiresAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(offered.offerExpiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(offered.lastMessage).toMatchObject({ direction: 'in', author: 'customer', text: 'quiero la oferta' });
    expect(offered.customerMessages).toBe(1);

    const accepted = await t.request({
      method: 'POST',
      url: `/api/interactions/${offered.id}/accept`,
      as: agent.cookie,
    });
    expect(accepted.statusCode).toBeLessThan(300);
    await hook({ event: 'message', conversationId: 'sig-1', messageId: 'sig-m2', text: '¿sigue vigente?' });
    const updated = await until('the second message', async () =>
      (await cards()).find((c) => c.id === offered.id && c.customerMessages === 2),
    );
    expect(updated.status).toBe('active');
    expect(updated.offerExpiresAt).toBeNull();
    expect(updated.lastMessage).toMatchObject({ direction: 'in', text: '¿sigue vigente?' });
  });
});
