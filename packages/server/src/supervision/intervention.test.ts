import type { LiveEvent } from '@switchboard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { dialectsUnderTest } from '../storage/test-databases';
import { campaignWithProvider, createHarness, webhook, type Harness } from '../testing/supervision-harness';
import { until } from '../testing/until';

const dialects = await dialectsUnderTest();
const NOW = Date.UTC(2026, 2, 10, 15, 0, 0);

function listen(url: string, cookie: string): Promise<{ socket: WebSocket; events: LiveEvent[] }> {
  const socket = new WebSocket(url, { headers: { cookie } });
  const events: LiveEvent[] = [];
  socket.on('message', (raw) => events.push(JSON.parse(String(raw)) as LiveEvent));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, events }));
    socket.once('error', reject);
  });
}

describe.each(dialects)('whisper, take-over and the audit log on %s', (dialect) => {
  let h: Harness;
  let admin: { cookie: string; userId: string };
  let supervisor: { cookie: string; userId: string };
  let outsider: { cookie: string; userId: string };
  let ana: { cookie: string; userId: string };
  let bruno: { cookie: string; userId: string };
  let providerId: string;
  let campaignId: string;
  let interactionId: string;
  let wsUrl: string;

  beforeAll(async () => {
    h = await createHarness(dialect, NOW);
    admin = await h.sessionFor('administrator');
    ({ providerId, campaignId } = await campaignWithProvider(h, admin.cookie, {
      name: 'Ventas',
      strategy: 'nocall',
      deliveryMode: 'linear',
      skills: ['ventas'],
      messages: { welcome: '' },
    }));
    supervisor = await h.sessionFor('supervisor', 'Sofía', [campaignId]);
    outsider = await h.sessionFor('supervisor', 'Otro', []);
    ana = await h.sessionFor('agent', 'Ana');
    bruno = await h.sessionFor('agent', 'Bruno');
    await h.request({
      method: 'POST',
      url: '/api/members',
      payload: { campaignIds: [campaignId], add: [ana.userId, bruno.userId] },
      as: admin.cookie,
    });
    await h.settle();
    await h.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'available' }, as: ana.cookie });
    await webhook(h, providerId, {
      event: 'handoff',
      conversationId: 'w-1',
      contact: { phone: '+59899123123' },
      skill: 'ventas',
      messageId: 'w-1-m',
      text: 'hola',
    });
    await h.settle();
    const row = await h.database.db
      .selectFrom('interactions')
      .select(['id', 'owner_agent_id', 'status'])
      .where('external_conversation_id', '=', 'w-1')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ owner_agent_id: ana.userId, status: 'active' });
    interactionId = row.id;
    await h.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'available' }, as: bruno.cookie });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    wsUrl = `ws://127.0.0.1:${(h.app.server.address() as { port: number }).port}/ws`;
  });
  afterAll(() => h.close());

  it('pushes a whisper to the owning agent only and never to the provider', async () => {
    const anaSocket = await listen(wsUrl, ana.cookie);
    const brunoSocket = await listen(wsUrl, bruno.cookie);
    const outboxBefore = await h.database.db.selectFrom('outbox').select('id').execute();

    const res = await h.request({
      method: 'POST',
      url: `/api/interactions/${interactionId}/whisper`,
      payload: { text: 'ofrecele el plan anual' },
      as: supervisor.cookie,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      direction: 'internal',
      author: 'supervisor',
      kind: 'whisper',
      text: 'ofrecele el plan anual',
      authorName: 'Sofía',
      status: null,
    });

    const whisper = await until('the whisper on the agent socket', async () =>
      anaSocket.events.find((e) => e.type === 'whisper'),
    );
    expect(whisper.data).toMatchObject({ interactionId, message: { text: 'ofrecele el plan anual' } });
    // Bruno's own status change, published after the whisper, proves his socket got everything up to there.
    await h.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'offline' }, as: bruno.cookie });
    await until('Bruno seeing his own status change', async () =>
      brunoSocket.events.find((e) => e.type === 'agent.status'),
    );
    expect(brunoSocket.events.filter((e) => e.type === 'whisper')).toEqual([]);
    expect(await h.database.db.selectFrom('outbox').select('id').execute()).toEqual(outboxBefore);

    const detail = (
      await h.request({ method: 'GET', url: `/api/interactions/${interactionId}`, as: ana.cookie })
    ).json();
    expect(detail.messages.map((m: { kind: string; direction: string }) => [m.kind, m.direction])).toContainEqual([
      'whisper',
      'internal',
    ]);
    anaSocket.socket.close();
    brunoSocket.socket.close();
  });

  it('refuses a whisper out of scope (404) and on a conversation that is not active (409)', async () => {
    expect(
      (
        await h.request({
          method: 'POST',
          url: `/api/interactions/${interactionId}/whisper`,
          payload: { text: 'x' },
          as: outsider.cookie,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await h.request({
          method: 'POST',
          url: `/api/interactions/${interactionId}/whisper`,
          payload: { text: 'x' },
          as: ana.cookie,
        })
      ).statusCode,
    ).toBe(403);
    await webhook(h, providerId, {
      event: 'handoff',
      conversationId: 'w-2',
      contact: { phone: '+59899000002' },
      skill: 'ventas',
      messageId: 'w-2-m',
      text: 'hola',
    });
    await h.settle(); // assigned to Ana before the customer leaves
    await webhook(h, providerId, { event: 'customer_left', conversationId: 'w-2' });
    await h.settle();
    const closed = await h.database.db
      .selectFrom('interactions')
      .select('id')
      .where('external_conversation_id', '=', 'w-2')
      .executeTakeFirstOrThrow();
    expect(
      (
        await h.request({
          method: 'POST',
          url: `/api/interactions/${closed.id}/whisper`,
          payload: { text: 'x' },
          as: supervisor.cookie,
        })
      ).statusCode,
    ).toBe(409);
  });

  it('lets a supervisor take a conversation over, then talk and close it; the agent is freed', async () => {
    expect(h.services.router.views.agentView(ana.userId)?.held).toBe(1);
    const anaSocket = await listen(wsUrl, ana.cookie);
    const brunoSocket = await listen(wsUrl, bruno.cookie);
    const res = await h.request({
      method: 'POST',
      url: `/api/interactions/${interactionId}/takeover`,
      as: supervisor.cookie,
    });
    expect(res.statusCode).toBe(200);
    // The agent who held it is told who took it and when; another member of the campaign only that the inbox changed.
    const notice = await until('the take-over on the former agent socket', async () =>
      anaSocket.events.find((e) => e.type === 'interaction.taken_over'),
    );
    expect(notice.data).toEqual({ interactionId, campaignId, byUserId: supervisor.userId, byName: 'Sofía', at: NOW });
    await until('Bruno seeing the inbox change published after the take-over', async () =>
      brunoSocket.events.find((e) => e.type === 'inbox.changed' && e.data.ownerAgentId === supervisor.userId),
    );
    expect(brunoSocket.events.filter((e) => e.type === 'interaction.taken_over')).toEqual([]);
    anaSocket.socket.close();
    brunoSocket.socket.close();
    expect(res.json()).toMatchObject({ ownerAgentId: supervisor.userId, status: 'active' });
    await h.settle();
    expect(h.services.router.views.agentView(ana.userId)?.held).toBe(0);
    expect((await h.request({ method: 'GET', url: '/api/agent/inbox', as: ana.cookie })).json().active).toEqual([]);

    expect(
      (
        await h.request({
          method: 'POST',
          url: `/api/interactions/${interactionId}/messages`,
          payload: { text: 'Hola, soy la supervisora' },
          as: ana.cookie,
        })
      ).statusCode,
    ).toBe(403);
    const sent = await h.request({
      method: 'POST',
      url: `/api/interactions/${interactionId}/messages`,
      payload: { text: 'Hola, soy la supervisora' },
      as: supervisor.cookie,
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({ author: 'supervisor', agentId: supervisor.userId });
    // The take-over composer is the agent's: the supervisor attaches files too.
    const upload = await h.request({
      method: 'POST',
      url: '/api/attachments',
      payload: { name: 'precios.txt', mimeType: 'text/plain', dataBase64: Buffer.from('lista').toString('base64') },
      as: supervisor.cookie,
    });
    expect(upload.statusCode).toBe(201);
    const withFile = await h.request({
      method: 'POST',
      url: `/api/interactions/${interactionId}/messages`,
      payload: { text: 'La lista', attachmentIds: [upload.json().id] },
      as: supervisor.cookie,
    });
    expect(withFile.statusCode).toBe(201);
    expect(withFile.json()).toMatchObject({ author: 'supervisor', kind: 'media', text: 'La lista' });
    const timeline = (
      await h.request({ method: 'GET', url: `/api/interactions/${interactionId}`, as: supervisor.cookie })
    ).json().timeline;
    expect(timeline.map((e: { type: string }) => e.type)).toContain('taken_over');
    expect(
      (await h.request({ method: 'GET', url: `/api/interactions/${interactionId}`, as: supervisor.cookie })).statusCode,
    ).toBe(200);

    // Not a transfer and not a second answer in the figures (w-1 and w-2 were both answered by Ana).
    const figures = (await h.request({ method: 'GET', url: '/api/monitoring', as: supervisor.cookie })).json()[0];
    expect(figures).toMatchObject({ attendedToday: 2, transferredToday: 0, active: 1 });

    expect(
      (
        await h.request({
          method: 'POST',
          url: `/api/interactions/${interactionId}/close`,
          payload: {},
          as: supervisor.cookie,
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (await h.request({ method: 'POST', url: `/api/interactions/${interactionId}/takeover`, as: supervisor.cookie }))
        .statusCode,
    ).toBe(409);
  });

  it('writes every change to the audit log with a domain action, its target and actor, never a body', async () => {
    const page = (await h.request({ method: 'GET', url: '/api/audit?pageSize=200', as: admin.cookie })).json();
    const entries = page.rows as {
      action: string;
      userId: string;
      username: string;
      role: string;
      target: string | null;
      targetKind: string | null;
      targetName: string | null;
      detail: string | null;
    }[];
    const byAction = (action: string) => entries.filter((e) => e.action === action);
    expect(byAction('campaign.created')).toEqual([
      expect.objectContaining({
        userId: admin.userId,
        role: 'administrator',
        target: campaignId,
        targetKind: 'campaign',
        targetName: 'Ventas',
      }),
    ]);
    expect(byAction('provider.created')).toEqual([
      expect.objectContaining({ target: providerId, targetKind: 'provider', userId: admin.userId }),
    ]);
    const customer = { target: interactionId, targetKind: 'interaction', targetName: '+59899123123' };
    // refused attempts (out of scope, not active) leave no record
    expect(byAction('whisper.sent')).toEqual([
      expect.objectContaining({ userId: supervisor.userId, role: 'supervisor', ...customer }),
    ]);
    expect(byAction('interaction.taken_over')).toEqual([
      expect.objectContaining({
        userId: supervisor.userId,
        ...customer,
        // Stored with the agent's id; the log shows the agent's name as it is now.
        detail: `from agent ${(await h.services.users.get(ana.userId)).displayName} (${(await h.services.users.get(ana.userId)).username})`,
      }),
    ]);
    // the supervisor who took it over closed it
    expect(byAction('interaction.closed')).toEqual([
      expect.objectContaining({ userId: supervisor.userId, role: 'supervisor', ...customer }),
    ]);
    // the live view is audited once per supervisor and interaction within ten minutes, however often it refreshes
    expect(byAction('interaction.viewed')).toEqual([
      expect.objectContaining({ userId: supervisor.userId, ...customer }),
    ]);
    // newest first
    expect(
      byAction('member.added')
        .map((e) => [e.target, e.targetName])
        .reverse(),
    ).toEqual([
      [ana.userId, expect.stringMatching(/^Ana \(agent\w+\) in Ventas$/)],
      [bruno.userId, expect.stringMatching(/^Bruno \(agent\w+\) in Ventas$/)],
    ]);
    expect(JSON.stringify(entries)).not.toContain('partner-token');
    expect(JSON.stringify(entries)).not.toContain('ofrecele');

    const filtered = (
      await h.request({
        method: 'GET',
        url: `/api/audit?action=interaction.taken_over&userId=${supervisor.userId}`,
        as: admin.cookie,
      })
    ).json();
    expect(filtered.total).toBe(1);
    expect((await h.request({ method: 'GET', url: '/api/audit', as: supervisor.cookie })).statusCode).toBe(403);
  });

  it('names people and campaigns in the timeline and keeps the engine explanation as facts', async () => {
    const timeline = (
      await h.request({ method: 'GET', url: `/api/interactions/${interactionId}`, as: supervisor.cookie })
    ).json().timeline as {
      type: string;
      agentName?: string | null;
      campaignName?: string | null;
      facts?: Record<string, unknown>;
    }[];
    const first = (type: string) => timeline.find((e) => e.type === type);
    expect(first('assigned')).toMatchObject({
      agentName: 'Ana',
      campaignName: 'Ventas',
      facts: { explanation: expect.objectContaining({ strategy: 'nocall', chosenName: 'Ana' }) },
    });
    expect(first('taken_over')).toMatchObject({
      agentName: 'Sofía',
      campaignName: 'Ventas',
      facts: { fromAgentName: 'Ana' },
    });
    expect(first('closed')).toMatchObject({ facts: { reason: 'agent' } });
    expect(JSON.stringify(timeline.map((e) => e.facts))).not.toContain(ana.userId);
  });
});
