import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderConfig } from '../provider-adapter';
import { createWhatsAppCloudAdapter } from './adapter';
import { startFakeGraphApi } from './fake-graph-api';
import { FIXTURE_PHONE_ID, notification } from './notification-fixture';
import { verifySubscription } from './subscription';

const APP_SECRET = 'app-secret-unit';
const ACCESS_TOKEN = 'EAAG-unit-token';
const base: ProviderConfig = {
  id: 'wa1',
  kind: 'whatsapp-cloud',
  channel: 'whatsapp',
  platformId: FIXTURE_PHONE_ID,
  secret: APP_SECRET,
  accessToken: ACCESS_TOKEN,
};
const now = () => 5_000;
const raw = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('verifySubscription', () => {
  const q = (mode: string, token: string, challenge?: string) => ({
    'hub.mode': mode,
    'hub.verify_token': token,
    ...(challenge ? { 'hub.challenge': challenge } : {}),
  });
  it('echoes the challenge when the verify token matches', () => {
    expect(verifySubscription(q('subscribe', 'vt', '1158201444'), 'vt')).toEqual({
      ok: true,
      status: 200,
      challenge: '1158201444',
    });
  });
  it('answers 403 for a wrong token, another mode, a missing challenge or an unset token', () => {
    expect(verifySubscription(q('subscribe', 'nope', 'c'), 'vt')).toMatchObject({ ok: false, status: 403 });
    expect(verifySubscription(q('unsubscribe', 'vt', 'c'), 'vt')).toMatchObject({ ok: false, status: 403 });
    expect(verifySubscription(q('subscribe', 'vt'), 'vt')).toMatchObject({ ok: false, status: 403 });
    expect(verifySubscription(q('subscribe', '', 'c'), '')).toMatchObject({ ok: false, status: 403 });
  });
});

describe('whatsapp-cloud verify', () => {
  const adapter = createWhatsAppCloudAdapter(base, { fetch, now });
  it('checks the signature on the raw bytes: the same JSON re-serialised does not pass', () => {
    const body = Buffer.from('{ "object": "whatsapp_business_account", "entry": [] }');
    const sig = `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;
    expect(adapter.verify({ headers: { 'x-hub-signature-256': sig }, rawBody: body }).ok).toBe(true);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString())));
    expect(adapter.verify({ headers: { 'x-hub-signature-256': sig }, rawBody: reserialised }).ok).toBe(false);
  });
});

describe('whatsapp-cloud parse', () => {
  const adapter = createWhatsAppCloudAdapter({ ...base, defaultSkill: 'whatsapp' }, { fetch, now });

  it('iterates entry × changes × messages and statuses, in order', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        notification({ messages: [{ from: '1', id: 'w1', timestamp: '10', type: 'text', text: { body: 'a' } }] })
          .entry[0],
        {
          id: 'WABA-1',
          changes: [
            { field: 'account_update', value: {} },
            ...notification({
              messages: [{ from: '2', id: 'w2', timestamp: '11', type: 'text', text: { body: 'b' } }],
              statuses: [{ id: 'o1', status: 'sent', timestamp: '12', recipient_id: '2' }],
            }).entry[0]!.changes,
          ],
        },
      ],
    };
    const r = adapter.parse(raw(body));
    expect(r.ok && r.events.map((e) => [e.kind, 'providerMessageId' in e ? e.providerMessageId : ''])).toEqual([
      ['handoff', 'w1'],
      ['handoff', 'w2'],
      ['status', 'o1'],
    ]);
    expect(r.ok && r.events[0]).toMatchObject({ skill: 'whatsapp', implicit: true, at: 10_000 });
  });

  it('turns media into attachments with the media id, and the caption into text', () => {
    const r = adapter.parse(
      raw(
        notification({
          messages: [
            {
              from: '1',
              id: 'i',
              type: 'image',
              image: { id: 'MEDIA1', mime_type: 'image/jpeg', sha256: 'x', caption: 'mi foto' },
            },
            {
              from: '1',
              id: 'd',
              type: 'document',
              document: { id: 'MEDIA2', mime_type: 'application/pdf', filename: 'f.pdf' },
            },
          ],
        }),
      ),
    );
    expect(r.ok && r.events.map((e) => (e.kind === 'handoff' ? e.firstMessage : undefined))).toEqual([
      { text: 'mi foto', attachments: [{ providerMediaId: 'MEDIA1', mimeType: 'image/jpeg', caption: 'mi foto' }] },
      { attachments: [{ providerMediaId: 'MEDIA2', mimeType: 'application/pdf', name: 'f.pdf' }] },
    ]);
  });

  it('reads interactive replies, buttons, locations, contacts and reactions as text, and system notes as their text', () => {
    const r = adapter.parse(
      raw(
        notification({
          messages: [
            {
              from: '1',
              id: 'a',
              type: 'interactive',
              interactive: { type: 'list_reply', list_reply: { id: 'x', title: 'Ventas' } },
            },
            { from: '1', id: 'b', type: 'button', button: { text: 'Sí', payload: 'yes' } },
            { from: '1', id: 'c', type: 'location', location: { latitude: -34.9, longitude: -56.16, name: 'Oficina' } },
            { from: '1', id: 'd', type: 'reaction', reaction: { message_id: 'o1', emoji: '👍' } },
            {
              from: '1',
              id: 'e',
              type: 'contacts',
              contacts: [{ name: { formatted_name: 'Ana Pérez' }, phones: [{ phone: '+598 99 111 222' }] }],
            },
            { from: '1', id: 'f', type: 'system', system: { body: 'changed number' } },
          ],
        }),
      ),
    );
    const texts = r.ok
      ? r.events.map((e) => (e.kind === 'handoff' ? e.firstMessage?.text : e.kind === 'message' ? e.text : undefined))
      : [];
    expect(texts).toEqual([
      'Ventas',
      'Sí',
      '📍 -34.9,-56.16 (Oficina)',
      'Reacted 👍 to message o1',
      '👤 Ana Pérez: +598 99 111 222',
      // Meta's note about the customer (here a changed number) is shown, not hidden as unsupported.
      'ℹ️ changed number',
    ]);
    // A reaction is appended to an open conversation, never a hand-off that could open one.
    expect(r.ok && r.events[3]!.kind).toBe('message');
  });

  it('skips changes for another phone number id', () => {
    const r = adapter.parse(
      raw(notification({ messages: [{ from: '1', id: 'a', type: 'text', text: { body: 'x' } }] }, '999')),
    );
    expect(r).toEqual({ ok: true, events: [] });
  });

  it('keeps the first error of a failed status', () => {
    const r = adapter.parse(
      raw(
        notification({
          statuses: [
            { id: 'o', status: 'failed', timestamp: '1', errors: [{ code: 131047, title: 'Re-engagement message' }] },
          ],
        }),
      ),
    );
    expect(r).toMatchObject({
      ok: true,
      events: [{ kind: 'status', status: 'failed', error: { code: '131047', message: 'Re-engagement message' } }],
    });
  });
});

describe('whatsapp-cloud send', () => {
  let graph: Awaited<ReturnType<typeof startFakeGraphApi>>;
  let adapter: ReturnType<typeof createWhatsAppCloudAdapter>;
  beforeAll(async () => {
    graph = await startFakeGraphApi(ACCESS_TOKEN);
    adapter = createWhatsAppCloudAdapter({ ...base, domain: graph.base }, { fetch, now });
  });
  afterAll(() => graph.close());
  beforeEach(() => graph.reset());

  const media = (mimeType: string, extra: { name?: string; caption?: string } = {}) =>
    adapter.send({
      kind: 'message',
      externalConversationId: '598991',
      content: { type: 'media', url: 'https://f/x', mimeType, ...extra },
    });

  it('posts to /{phone_number_id}/messages and returns the wamid', async () => {
    const r = await adapter.send({
      kind: 'message',
      externalConversationId: '598991',
      content: { type: 'text', text: 'hola' },
    });
    expect(r).toEqual({ ok: true, providerMessageId: 'wamid.FAKE1' });
    expect(graph.calls[0]).toMatchObject({
      path: `/v21.0/${FIXTURE_PHONE_ID}/messages`,
      authorization: `Bearer ${ACCESS_TOKEN}`,
      body: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '598991',
        type: 'text',
        text: { body: 'hola', preview_url: false },
      },
    });
  });

  it('picks image/video/audio/document from the mime type, with captions and file names where WhatsApp allows them', async () => {
    await media('image/png', { caption: 'c', name: 'n.png' });
    await media('audio/ogg', { caption: 'c' });
    await media('application/pdf', { caption: 'c', name: 'precios.pdf' });
    await media('video/mp4');
    expect(graph.calls.map((c) => c.body)).toMatchObject([
      { type: 'image', image: { link: 'https://f/x', caption: 'c' } },
      { type: 'audio', audio: { link: 'https://f/x' } },
      { type: 'document', document: { link: 'https://f/x', caption: 'c', filename: 'precios.pdf' } },
      { type: 'video', video: { link: 'https://f/x' } },
    ]);
    expect(graph.calls[0]!.body).not.toHaveProperty('image.filename');
    expect(graph.calls[1]!.body).not.toHaveProperty('audio.caption');
  });

  it('sends a template with body parameters, to an explicit recipient', async () => {
    await adapter.send({
      kind: 'message',
      to: '598992',
      content: { type: 'template', name: 'hello', language: 'es_AR', params: ['Ana'] },
    });
    expect(graph.calls[0]!.body).toMatchObject({
      to: '598992',
      type: 'template',
      template: {
        name: 'hello',
        language: { code: 'es_AR' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }],
      },
    });
  });

  it('sends a choice as an interactive list: one section, a row per option, the button text', async () => {
    await adapter.send({
      kind: 'message',
      externalConversationId: '598993',
      content: {
        type: 'choice',
        text: '¿Cómo te atendimos?',
        button: 'Calificar',
        options: [
          { id: 'score-1', title: '1 ★', description: 'Muy mala' },
          { id: 'score-5', title: '5 ★★★★★' },
        ],
      },
    });
    expect(graph.calls[0]!.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '598993',
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: '¿Cómo te atendimos?' },
        action: {
          button: 'Calificar',
          sections: [
            {
              rows: [
                { id: 'score-1', title: '1 ★', description: 'Muy mala' },
                { id: 'score-5', title: '5 ★★★★★' },
              ],
            },
          ],
        },
      },
    });
  });

  it('maps Graph error codes: 131047 → outside_24h_window, 80007 → rate_limited, 190 → unauthorized', async () => {
    graph.failNext(400, 1, 131047);
    expect(await media('image/png')).toMatchObject({ ok: false, retryable: false, code: 'outside_24h_window' });
    graph.failNext(400, 1, 80007);
    expect(await media('image/png')).toMatchObject({ ok: false, retryable: true, code: 'rate_limited' });
    graph.failNext(401, 1, 190);
    expect(await media('image/png')).toMatchObject({ ok: false, retryable: false, code: 'unauthorized' });
  });

  it('refuses to send without an access token, and answers attended/end without a call', async () => {
    const { accessToken: _t, ...noToken } = base;
    const bare = createWhatsAppCloudAdapter({ ...noToken, domain: graph.base }, { fetch, now });
    expect(await bare.send({ kind: 'message', to: '1', content: { type: 'text', text: 'x' } })).toMatchObject({
      ok: false,
      code: 'unauthorized',
    });
    expect(await adapter.send({ kind: 'endConversation', externalConversationId: '1' })).toEqual({ ok: true });
    expect(graph.calls).toHaveLength(0);
  });
});
