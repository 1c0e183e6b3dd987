import { describe, expect, it } from 'vitest';
import { toCreateBody, toFormValues, toUpdateBody } from './provider-form';

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
});
