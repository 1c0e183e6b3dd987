import { describe, expect, it } from 'vitest';
import { messagesPerSecondValid, toCreateBody, toFormValues, toUpdateBody } from './provider-form';

describe('provider form bodies', () => {
  it('sends the three WhatsApp Cloud secrets on create and no channel', () => {
    const v = {
      ...toFormValues(null),
      kind: 'whatsapp-cloud' as const,
      name: ' wa ',
      platformId: '123',
      appSecret: 'a',
      accessToken: 'b',
      verifyToken: 'c',
    };
    expect(toCreateBody(v)).toEqual({
      kind: 'whatsapp-cloud',
      name: 'wa',
      platformId: '123',
      appSecret: 'a',
      accessToken: 'b',
      verifyToken: 'c',
    });
  });

  it('sends only the WhatsApp Cloud secrets that were typed on update', () => {
    const v = {
      ...toFormValues(null),
      kind: 'whatsapp-cloud' as const,
      name: 'wa',
      platformId: '123',
      verifyToken: 'new',
    };
    expect(toUpdateBody(v)).toEqual({ name: 'wa', platformId: '123', verifyToken: 'new' });
  });

  it('keeps the Direct API body as before', () => {
    const v = { ...toFormValues(null), name: 'hn', platformId: '1', domain: 'https://h.example', secret: 'tok' };
    expect(toCreateBody(v)).toEqual({
      kind: 'heynow-direct',
      name: 'hn',
      channel: 'whatsapp',
      platformId: '1',
      domain: 'https://h.example',
      partnerToken: 'tok',
    });
  });

  it('sends the WhatsApp Cloud send budget when typed, and null when a set budget is cleared', () => {
    const v = {
      ...toFormValues(null),
      kind: 'whatsapp-cloud' as const,
      name: 'wa',
      platformId: '123',
      appSecret: 'a',
      accessToken: 'b',
      verifyToken: 'c',
      messagesPerSecond: ' 50 ',
    };
    expect(toCreateBody(v)).toMatchObject({ messagesPerSecond: 50 });
    expect(toUpdateBody(v)).toMatchObject({ messagesPerSecond: 50 });
    const had = toFormValues({
      id: 'p',
      kind: 'whatsapp-cloud',
      name: 'wa',
      channel: 'whatsapp',
      platformId: '123',
      secretSet: true,
      webhookPath: '/webhooks/whatsapp-cloud/p',
      messagesPerSecond: 20,
      createdAt: 0,
      updatedAt: 0,
    });
    expect(had.messagesPerSecond).toBe('20');
    expect(toUpdateBody({ ...had, messagesPerSecond: '' })).toMatchObject({ messagesPerSecond: null });
    expect(toUpdateBody({ ...v, messagesPerSecond: '' })).not.toHaveProperty('messagesPerSecond');
  });

  it('accepts an empty budget or a whole number from 1 to 1000 only', () => {
    for (const ok of ['', '1', '80', '1000']) expect(messagesPerSecondValid(ok)).toBe(true);
    for (const bad of ['0', '1001', '2.5', '-3', 'abc']) expect(messagesPerSecondValid(bad)).toBe(false);
  });
});
