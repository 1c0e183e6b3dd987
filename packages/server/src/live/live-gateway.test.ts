import { checkLiveEvent, type LiveEvent } from '@switchboard/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createTestApp, type TestApp } from '../testing/test-app';

/** Frames any test's socket received that are not a member of the live event union. */
const outsideTheContract: unknown[] = [];
afterEach(() => expect(outsideTheContract.splice(0)).toEqual([]));

/** A client that collects what the server pushes. */
function connect(
  url: string,
  cookie: string,
): Promise<{ socket: WebSocket; events: LiveEvent[]; next(type: string): Promise<LiveEvent> }> {
  const socket = new WebSocket(url, { headers: { cookie } });
  const events: LiveEvent[] = [];
  const waiters: { type: string; resolve: (e: LiveEvent) => void }[] = [];
  socket.on('message', (raw) => {
    const event = JSON.parse(String(raw)) as LiveEvent;
    const checked = checkLiveEvent(event);
    if (!checked.ok) outsideTheContract.push({ ...checked, event });
    events.push(event);
    for (const w of waiters.splice(0)) {
      if (w.type === event.type) w.resolve(event);
      else waiters.push(w);
    }
  });
  const next = (type: string) =>
    new Promise<LiveEvent>((resolve, reject) => {
      const seen = events.find((e) => e.type === type && !('consumed' in e));
      if (seen) {
        Object.assign(seen, { consumed: true });
        return resolve(seen);
      }
      waiters.push({ type, resolve });
      setTimeout(() => reject(new Error(`no ${type} event`)), 3000);
    });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, events, next }));
    socket.once('unexpected-response', (req, res) => {
      req.destroy();
      reject(new Error(`HTTP ${res.statusCode}`));
    });
    socket.once('error', reject);
  });
}

describe('live channel', () => {
  let t: TestApp;
  let base: string;
  let ana: { cookie: string; userId: string };

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    ana = await t.sessionFor('agent');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address() as { port: number };
    base = `ws://127.0.0.1:${address.port}/ws`;
  });
  afterAll(() => t.close());

  it('refuses a socket without a session', async () => {
    await expect(connect(base, 'sb_session=nope')).rejects.toThrow(/401/);
  });

  it('pushes an agent their own status and, after a dropped connection, replays what they missed', async () => {
    const first = await connect(base, ana.cookie);
    const hello = await first.next('resync');
    await t.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'available' }, as: ana.cookie });
    const live = await first.next('agent.status');
    expect(live.data).toMatchObject({ agentId: ana.userId, status: 'available' });
    expect(live.seq).toBeGreaterThan(hello.seq);
    first.socket.close();

    // While disconnected, two more things happen.
    await t.request({
      method: 'POST',
      url: '/api/agent/status',
      payload: { status: 'paused', reason: 'Lunch' },
      as: ana.cookie,
    });
    await t.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'available' }, as: ana.cookie });

    const again = await connect(`${base}?since=${live.seq}`, ana.cookie);
    const a = await again.next('agent.status');
    const b = await again.next('agent.status');
    expect([a.data, b.data]).toMatchObject([{ status: 'paused' }, { status: 'available' }]);
    expect(b.seq).toBeGreaterThan(a.seq);
    expect(again.events.some((e) => e.type === 'resync')).toBe(false);
    again.socket.close();
  });

  it("does not push one agent another agent's events", async () => {
    const bruno = await t.sessionFor('agent');
    const client = await connect(base, bruno.cookie);
    await client.next('resync');
    await t.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'offline' }, as: ana.cookie });
    // Bruno's own change, published after Ana's, proves his socket got everything up to there.
    await t.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'offline' }, as: bruno.cookie });
    const own = await client.next('agent.status');
    expect(own.data).toMatchObject({ status: 'offline' });
    expect(client.events.filter((e) => e.type === 'agent.status')).toEqual([own]);
    client.socket.close();
  });

  it("stops pushing a campaign's queue to an agent removed from it, without reconnecting", async () => {
    const admin = await t.sessionFor('administrator');
    const carla = await t.sessionFor('agent');
    const campaign = await t.services.campaigns.create({ name: `queue-${Date.now()}` });
    const members = (change: 'add' | 'remove') =>
      t.request({
        method: 'POST',
        url: '/api/members',
        payload: { campaignIds: [campaign.id], [change]: [carla.userId] },
        as: admin.cookie,
      });
    const queued = (interactionId: string) =>
      t.services.bus.emit('interaction.updated', {
        interactionId,
        campaignId: campaign.id,
        status: 'waiting',
        ownerAgentId: null,
      });
    const inbox = (id: string) => (e: LiveEvent) => e.type === 'inbox.changed' && e.data.interactionId === id;
    expect((await members('add')).statusCode).toBe(204);
    const client = await connect(base, carla.cookie);
    await client.next('resync');
    queued('while-member');
    await client.next('inbox.changed');

    expect((await members('remove')).statusCode).toBe(204);
    queued('after-removal');
    // Her own status, published after, proves everything before it has been delivered (or withheld).
    await t.request({ method: 'POST', url: '/api/agent/status', payload: { status: 'offline' }, as: carla.cookie });
    await client.next('agent.status');
    expect(client.events.filter(inbox('after-removal'))).toEqual([]);
    expect(client.events.filter(inbox('while-member'))).toHaveLength(1);
    client.socket.close();
  });

  it('keeps nothing of closed sockets: no index entry, no session', async () => {
    const live = t.services.live;
    const empty = { sockets: 0, audienceEntries: 0, audienceKeys: 0, sessions: 0 };
    const closed = () => vi.waitFor(() => expect(live.footprint).toEqual(empty), { timeout: 2000, interval: 20 });
    await closed();
    const scoped = await t.services.campaigns.create({ name: `scoped-${Date.now()}` });
    const sam = await t.sessionFor('supervisor');
    await t.services.users.update(sam.userId, { campaignIds: [scoped.id] });
    const who = [ana, await t.sessionFor('agent'), sam, await t.sessionFor('administrator')];
    const clients = await Promise.all([...who, ana].map((w) => connect(base, w.cookie)));
    await Promise.all(clients.map((c) => c.next('resync')));
    // Ana twice (one session), a supervisor filed under one campaign, an administrator.
    expect(live.footprint).toMatchObject({ sockets: 5, sessions: 4 });
    for (const c of clients) c.socket.close();
    await closed();
  });

  it('ends and forgets a socket that breaks the protocol (a frame over the size limit)', async () => {
    const client = await connect(base, ana.cookie);
    await client.next('resync');
    const code = new Promise<number>((resolve) => client.socket.once('close', resolve));
    client.socket.send('x'.repeat(65 * 1024));
    expect(await code).toBe(1009);
    await vi.waitFor(() => expect(t.services.live.footprint.sockets).toBe(0), { timeout: 2000, interval: 20 });
  });
});
