// Every inbound form a provider may send (docs/heynow-contract.md, Meta's webhook message types) must come out of
// every read of a conversation as something a person can read — never a 500, never a lost message.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationMessage, InteractionDetail } from '@switchboard/protocol';
import { FIXTURE_PHONE_ID, notification } from '../../providers/whatsapp-cloud/notification-fixture';
import { dialectsUnderTest } from '../../storage/test-databases';
import { createHarness, TOKEN, webhook, type Harness } from '../../testing/supervision-harness';

const dialects = await dialectsUnderTest();
const NOW = Date.UTC(2026, 2, 10, 15, 0, 0);
const APP_SECRET = 'inbound-forms-app-secret';
const WA_CUSTOMER = '59899000111';
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.from('customer photo')]);
const seconds = (offset: number) => String(Math.floor(NOW / 1000) + offset);
const sha = 'ZTQyNWI4ZGEyZjM5OTY0ZTk1YmI2ZjE1MjU2ZjEzNTk=';

/** Meta's documented `messages[]` shapes, one of each type, in the order a customer might send them. */
const WHATSAPP_MESSAGES: Record<string, unknown>[] = [
  { type: 'text', text: { body: 'Hola, quiero info' } },
  { type: 'image', image: { caption: 'mi foto', mime_type: 'image/jpeg', sha256: sha, id: '1001' } },
  { type: 'audio', audio: { mime_type: 'audio/ogg; codecs=opus', sha256: sha, id: '1002', voice: true } },
  { type: 'video', video: { mime_type: 'video/mp4', sha256: sha, id: '1003' } },
  {
    type: 'document',
    document: { caption: 'factura', filename: 'factura.pdf', mime_type: 'application/pdf', sha256: sha, id: '1004' },
  },
  { type: 'sticker', sticker: { mime_type: 'image/webp', sha256: sha, id: '1005', animated: false } },
  {
    type: 'location',
    location: { latitude: -34.9011, longitude: -56.1645, name: 'Oficina', address: 'Av. 18 de Julio 1234' },
  },
  {
    type: 'contacts',
    contacts: [
      {
        name: { formatted_name: 'Ana Pérez', first_name: 'Ana', last_name: 'Pérez' },
        phones: [{ phone: '+598 99 111 222', type: 'CELL', wa_id: '59899111222' }],
      },
    ],
  },
  {
    type: 'interactive',
    interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Sí, quiero' } },
  },
  {
    type: 'interactive',
    interactive: { type: 'list_reply', list_reply: { id: 'plan-2', title: 'Plan Pro', description: '12 meses' } },
  },
  { type: 'button', button: { payload: 'RENEW', text: 'Renovar' }, context: { from: '15550001111', id: 'wamid.T' } },
  { type: 'reaction', reaction: { message_id: 'wamid.wa-0', emoji: '❤️' } },
  { type: 'reaction', reaction: { message_id: 'wamid.not-ours', emoji: '👍' } },
  {
    type: 'unsupported',
    errors: [
      {
        code: 131051,
        title: 'Message type unknown',
        message: 'Message type unknown',
        error_data: { details: 'Message type is currently not supported.' },
      },
    ],
  },
];

/** What a person must read for each of them, in the same order. */
const WHATSAPP_READABLE: ((m: ConversationMessage) => void)[] = [
  (m) => expect(m.text).toBe('Hola, quiero info'),
  (m) => expectPlaceholder(m, 'image/jpeg', 'mi foto'),
  (m) => expectPlaceholder(m, 'audio/ogg; codecs=opus'),
  (m) => expectPlaceholder(m, 'video/mp4'),
  (m) => expectPlaceholder(m, 'application/pdf', 'factura', 'factura.pdf'),
  (m) => expectPlaceholder(m, 'image/webp'),
  (m) => expect(m.text).toBe('📍 -34.9011,-56.1645 (Oficina, Av. 18 de Julio 1234)'),
  (m) => expect(m.text).toBe('👤 Ana Pérez: +598 99 111 222'),
  (m) => expect(m.text).toBe('Sí, quiero'),
  (m) => expect(m.text).toBe('Plan Pro'),
  (m) => expect(m.text).toBe('Renovar'),
  // The message reacted to is quoted when it is stored here, else named by its id.
  (m) => expect(m.text).toBe('Reacted ❤️ to “Hola, quiero info”'),
  (m) => expect(m.text).toBe('Reacted 👍 to message wamid.not-ours'),
  (m) => expect(m.text).toBe('[Unsupported message: Message type unknown — Message type is currently not supported.]'),
];

function expectPlaceholder(m: ConversationMessage, mimeType: string, caption?: string, name?: string): void {
  expect(m.kind).toBe(caption ? 'text' : 'media');
  expect(m.text).toBe(caption ?? null);
  expect(m.attachments).toEqual([{ url: null, state: 'pending', mimeType, ...(name ? { name } : {}) }]);
}

describe.each(dialects)('every inbound form reads back on %s', (dialect) => {
  let h: Harness;
  let admin: { cookie: string; userId: string };
  let supervisor: { cookie: string; userId: string };
  let heynowId: string;
  let whatsappId: string;

  beforeAll(async () => {
    h = await createHarness(dialect, NOW);
    admin = await h.sessionFor('administrator');
    const provider = async (payload: Record<string, unknown>) => {
      const res = await h.request({ method: 'POST', url: '/api/providers', payload, as: admin.cookie });
      if (res.statusCode !== 201) throw new Error(res.body);
      return res.json().id as string;
    };
    heynowId = await provider({
      kind: 'heynow-direct',
      name: 'hn',
      domain: 'http://127.0.0.1:9',
      platformId: '598000',
      partnerToken: TOKEN,
    });
    whatsappId = await provider({
      kind: 'whatsapp-cloud',
      name: 'wa',
      platformId: FIXTURE_PHONE_ID,
      appSecret: APP_SECRET,
      accessToken: 'EAAG-inbound-forms',
      verifyToken: 'verify-inbound-forms',
    });
    const campaign = await h.request({
      method: 'POST',
      url: '/api/campaigns',
      payload: {
        name: 'Todo',
        strategy: 'nocall',
        skills: ['ventas', 'default'],
        providerIds: [heynowId, whatsappId],
        messages: { welcome: '' },
      },
      as: admin.cookie,
    });
    expect(campaign.statusCode).toBe(201);
    supervisor = await h.sessionFor('supervisor', 'Sofía', [campaign.json().id as string]);
    await h.settle();
  });
  afterAll(() => h.close());

  const interactionOf = async (providerId: string, conversation: string) =>
    (
      await h.database.db
        .selectFrom('interactions')
        .select('id')
        .where('provider_id', '=', providerId)
        .where('external_conversation_id', '=', conversation)
        .executeTakeFirstOrThrow()
    ).id;

  /** Every read of one conversation: the detail (admin and supervisor), the transcript as text and JSON. */
  async function readEverywhere(id: string): Promise<{ detail: InteractionDetail; transcript: string }> {
    const detail = await h.request({ method: 'GET', url: `/api/interactions/${id}`, as: admin.cookie });
    expect(detail.statusCode, detail.body).toBe(200);
    const scoped = await h.request({ method: 'GET', url: `/api/interactions/${id}`, as: supervisor.cookie });
    expect(scoped.statusCode, scoped.body).toBe(200);
    const text = await h.request({ method: 'GET', url: `/api/recordings/${id}/transcript`, as: supervisor.cookie });
    expect(text.statusCode, text.body).toBe(200);
    const json = await h.request({
      method: 'GET',
      url: `/api/recordings/${id}/transcript?format=json`,
      as: supervisor.cookie,
    });
    expect(json.statusCode, json.body).toBe(200);
    expect(JSON.parse(json.body).messages).toHaveLength((detail.json() as InteractionDetail).messages.length);
    return { detail: detail.json() as InteractionDetail, transcript: text.body };
  }

  it('reads every HeyNow form of the contract: hand-off with history and a linked file, inline base64, bad base64, batches, leaving', async () => {
    const handoff = await webhook(h, heynowId, {
      event: 'handoff',
      conversationId: 'hn-conv-8c1f',
      platformId: '598000',
      contact: { id: 'hn-client-77', name: 'Ana', phone: '+59899111222' },
      skill: 'ventas',
      messageId: 'hn-in-1001',
      text: 'hola 👋',
      attachments: [
        { url: 'https://files.heynow.example/p.png', mimeType: 'image/png', name: 'p.png', size: 20480 },
        { url: 'javascript:alert(1)', mimeType: 'text/html', name: 'x.html' },
      ],
      history: [
        {
          id: 'hn-bot-1',
          from: 'bot',
          text: '¡Hola! Elegí una opción:\n1. Ventas\n2. Soporte',
          timestamp: '2026-03-10T14:59:00Z',
        },
        { id: 'hn-in-1000', from: 'customer', text: '1', timestamp: '2026-03-10T14:59:03Z' },
        {
          id: 'hn-in-0999',
          from: 'customer',
          attachments: [{ data: PNG.toString('base64'), mimeType: 'image/png', name: 'antes.png' }],
          timestamp: '2026-03-10T14:59:04Z',
        },
      ],
      timestamp: '2026-03-10T15:00:00Z',
    });
    expect(handoff.statusCode, handoff.body).toBe(200);
    // A batch: an inline base64 photo (MIME line breaks and all), data that is not base64, text, a status.
    const wrapped = PNG.toString('base64').replace(/(.{8})/g, '$1\r\n');
    const batch = await webhook(h, heynowId, {
      events: [
        {
          event: 'message',
          conversationId: 'hn-conv-8c1f',
          messageId: 'hn-in-1002',
          text: 'mirá',
          attachments: [{ data: wrapped, mimeType: 'image/png', name: 'foto.png' }],
          timestamp: NOW + 1000,
        },
        {
          event: 'message',
          conversationId: 'hn-conv-8c1f',
          messageId: 'hn-in-1003',
          attachments: [{ data: '%%% not base64 %%%', mimeType: 'image/jpeg', name: 'rota.jpg', size: 99 }],
          timestamp: NOW + 2000,
        },
        {
          event: 'message',
          conversationId: 'hn-conv-8c1f',
          messageId: 'hn-in-1004',
          text: 'gracias',
          timestamp: NOW + 3000,
        },
        { event: 'status', messageId: 'hn-out-17', conversationId: 'hn-conv-8c1f', status: 'delivered' },
      ],
    });
    expect(batch.statusCode, batch.body).toBe(200);
    expect(batch.json()).toMatchObject({ stored: 3 });
    // A contact with an id and no phone, handed off with an empty skill, then leaving.
    const byId = await webhook(h, heynowId, {
      event: 'handoff',
      conversationId: 'hn-conv-2',
      contact: { id: 'hn-client-78' },
      skill: '',
      text: 'sin teléfono',
    });
    expect(byId.statusCode, byId.body).toBe(200);
    const left = await webhook(h, heynowId, {
      event: 'customer_left',
      conversationId: 'hn-conv-2',
      reason: 'customer_closed',
      timestamp: '2026-03-10T15:30:00Z',
    });
    expect(left.statusCode, left.body).toBe(200);
    await h.settle();

    const { detail, transcript } = await readEverywhere(await interactionOf(heynowId, 'hn-conv-8c1f'));
    const byText = (text: string) => detail.messages.find((m) => m.text === text)!;
    expect(detail.messages.map((m) => m.author)).toEqual([
      'bot',
      'customer',
      'customer',
      'customer',
      'customer',
      'customer',
      'customer',
    ]);
    expect(byText('hola 👋').attachments).toEqual([
      { url: 'https://files.heynow.example/p.png', mimeType: 'image/png', name: 'p.png', size: 20480 },
      // Not a web link: kept as a placeholder, never an href in the inbox.
      { url: null, state: 'failed', mimeType: 'text/html', name: 'x.html' },
    ]);

    // Inline files became stored files, served by the attachment route (to staff in scope, here).
    const inline = [detail.messages[2]!.attachments[0]!, byText('mirá').attachments[0]!];
    for (const file of inline) {
      expect(file).toMatchObject({ mimeType: 'image/png', size: PNG.length, url: `/api/attachments/${file.id}` });
      const bytes = await h.request({ method: 'GET', url: file.url!, as: supervisor.cookie });
      expect(bytes.statusCode).toBe(200);
      expect(bytes.rawPayload.equals(PNG)).toBe(true);
    }
    // Bad data: the message is kept, with a placeholder naming what it was.
    const broken = detail.messages.find((m) => m.attachments.some((a) => a.name === 'rota.jpg'))!;
    expect(broken.attachments).toEqual([
      { url: null, state: 'failed', mimeType: 'image/jpeg', name: 'rota.jpg', size: 99 },
    ]);
    expect(byText('gracias')).toBeDefined();
    expect(transcript).toContain('attachment: rota.jpg (image/jpeg) [could not be read as received, 99 bytes]');
    expect(transcript).toContain(`attachment: foto.png (image/png) /api/attachments/${inline[1]!.id}`);
    expect(transcript).toContain('Elegí una opción');

    const gone = await readEverywhere(await interactionOf(heynowId, 'hn-conv-2'));
    expect(gone.detail.interaction).toMatchObject({ customerNumber: 'hn-client-78', status: 'closed' });
    expect(gone.detail.messages.map((m) => m.text)).toContain('sin teléfono');
  });

  it('reads every WhatsApp Cloud message type: text, media as "not yet downloaded" placeholders, location, contacts, replies, buttons, reactions, unsupported', async () => {
    for (const [i, message] of WHATSAPP_MESSAGES.entries()) {
      const body = JSON.stringify(
        notification({
          contacts: [{ profile: { name: 'Lucía' }, wa_id: WA_CUSTOMER }],
          messages: [{ from: WA_CUSTOMER, id: `wamid.wa-${i}`, timestamp: seconds(i), ...message }],
        }),
      );
      const res = await h.request({
        method: 'POST',
        url: `/webhooks/whatsapp-cloud/${whatsappId}`,
        payload: body,
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`,
        },
      });
      expect(res.statusCode, `${String(message.type)}: ${res.body}`).toBe(200);
    }
    await h.settle();
    const id = await interactionOf(whatsappId, WA_CUSTOMER);
    const { detail, transcript } = await readEverywhere(id);
    expect(detail.interaction.customerName).toBe('Lucía');
    expect(detail.messages).toHaveLength(WHATSAPP_MESSAGES.length);
    detail.messages.forEach((m, i) => WHATSAPP_READABLE[i]!(m));
    expect(transcript).toContain('attachment: file (image/jpeg) [not yet downloaded]');
    expect(transcript).toContain('attachment: factura.pdf (application/pdf) [not yet downloaded]');
    expect(transcript).toContain('📍 -34.9011,-56.1645');

    // The recordings list and its CSV include the conversation.
    const page = await h.request({ method: 'GET', url: '/api/recordings?pageSize=200', as: supervisor.cookie });
    expect(page.statusCode, page.body).toBe(200);
    expect((page.json().rows as { id: string; messageCount: number }[]).find((r) => r.id === id)).toMatchObject({
      messageCount: WHATSAPP_MESSAGES.length,
    });
    const csv = await h.request({ method: 'GET', url: '/api/recordings.csv', as: supervisor.cookie });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(id);
  });

  it('keeps inline data that is empty, too large or not base64 as a placeholder, and stores nothing for it', async () => {
    const before = await h.database.db.selectFrom('attachments').select('id').execute();
    const tooLarge = Buffer.alloc(10 * 1024 * 1024 + 1, 1).toString('base64');
    for (const base64 of ['', tooLarge, 'abc', 'ab$=', '====']) {
      const file = await h.services.attachments.saveInbound(heynowId, { base64, mimeType: 'image/png', name: 'x.png' });
      expect(file).toEqual({ url: null, state: 'failed', mimeType: 'image/png', name: 'x.png' });
    }
    // A declared type that is not one is not echoed back as a Content-Type.
    const odd = await h.services.attachments.saveInbound(heynowId, {
      base64: PNG.toString('base64'),
      mimeType: 'text/html\r\nSet-Cookie: x=1',
    });
    expect(odd).toMatchObject({ mimeType: 'application/octet-stream', name: 'file', size: PNG.length });
    const after = await h.database.db.selectFrom('attachments').select('id').execute();
    expect(after.length).toBe(before.length + 1);
  });

  it('reads a conversation whose stored attachments are odd (older raw forms, broken JSON) instead of failing it whole', async () => {
    const id = await interactionOf(heynowId, 'hn-conv-8c1f');
    const odd = [
      JSON.stringify([{ base64: PNG.toString('base64'), mimeType: 'image/png' }]),
      JSON.stringify([{ providerMediaId: 'M1', mimeType: 'video/mp4', size: 12 }]),
      JSON.stringify([{ url: 'https://x.example/a.pdf' }, 42, null]),
      '{not json',
    ];
    for (const [i, json] of odd.entries()) {
      await h.database.db
        .insertInto('messages')
        .values({
          id: `odd-${i}-${dialect}`,
          interaction_id: id,
          provider_id: heynowId,
          provider_message_id: `odd-${i}`,
          direction: 'in',
          author: 'customer',
          agent_id: null,
          kind: 'media',
          body: null,
          attachments_json: json,
          status: null,
          error: null,
          created_at: NOW + 10_000 + i,
        })
        .execute();
    }
    const { detail, transcript } = await readEverywhere(id);
    const tail = detail.messages.slice(-4).map((m) => m.attachments);
    expect(tail).toEqual([
      [{ url: null, state: 'pending', mimeType: 'image/png' }],
      [{ url: null, state: 'pending', mimeType: 'video/mp4', size: 12 }],
      [{ url: 'https://x.example/a.pdf', mimeType: 'application/octet-stream' }],
      [],
    ]);
    expect(transcript).toContain('attachment: file (video/mp4) [not yet downloaded, 12 bytes]');
  });
});
