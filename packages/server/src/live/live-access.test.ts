import { checkLiveEvent, type LiveEvent } from '@switchboard/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { dialectsUnderTest } from '../storage/test-databases';
import { createTestApp, type TestApp } from '../testing/test-app';

const dialects = await dialectsUnderTest();

/** Frames any test's socket received that are not a member of the live event union. */
const outsideTheContract: unknown[] = [];
afterEach(() => expect(outsideTheContract.splice(0)).toEqual([]));

interface Client {
  socket: WebSocket;
  events: LiveEvent[];
  /** Resolves with the close code; rejects when the socket is still open after `ms`. */
  closedWithin(ms: number): Promise<number>;
  /** Resolves with the first event (seen or coming) that matches; rejects after 3 s. */
  next(match: (e: LiveEvent) => boolean): Promise<LiveEvent>;
}

/** A real `ws` client; `closed` is watched from the first moment so no close event can be missed. */
function open(url: string, headers: Record<string, string>): Promise<Client> {
  const socket = new WebSocket(url, { headers });
  const events: LiveEvent[] = [];
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  const waiters = new Set<() => void>();
  socket.on('message', (raw) => {
    const event = JSON.parse(String(raw)) as LiveEvent;
    const checked = checkLiveEvent(event);
    if (!checked.ok) outsideTheContract.push({ ...checked, event });
    events.push(event);
    for (const w of waiters) w();
  });
  const client: Client = {
    socket,
    events,
    closedWithin: (ms) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`socket still open after ${ms} ms`)), ms);
        void closed.then((code) => {
          clearTimeout(timer);
          resolve(code);
        });
      }),
    next: (match) =>
      new Promise<LiveEvent>((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error('expected event did not arrive'));
        }, 3000);
        waiters.add(check);
        check();
      }),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    // A refused handshake: ws reports "Unexpected server response: <status>", then closes the socket.
    socket.once('error', (error) => {
      const status = Number(/Unexpected server response: (\d+)/.exec(error.message)?.[1] ?? 0);
      reject(Object.assign(error, { status, client }));
    });
  });
}

/** Opens expecting an HTTP refusal; returns its status and the close code, each within 1 s. */
async function refused(url: string, headers: Record<string, string>): Promise<number> {
  const started = Date.now();
  const error = (await open(url, headers).then(
    (c) => {
      c.socket.close();
      throw new Error('the handshake was accepted');
    },
    (e: unknown) => e,
  )) as { status?: number; client?: Client };
  expect(error.client, String(error)).toBeDefined();
  await error.client!.closedWithin(Math.max(1, 1000 - (Date.now() - started)));
  return error.status ?? 0;
}

describe.each(dialects)('live channel access on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  let port: number;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { host: '127.0.0.1', wsPerUser: 3 } });
    admin = (await t.sessionFor('administrator')).cookie;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as { port: number }).port;
    base = `ws://127.0.0.1:${port}/ws`;
  });
  afterAll(() => t?.close());

  const connect = async (cookie: string) => {
    const client = await open(base, { cookie });
    await client.next((e) => e.type === 'resync');
    return client;
  };

  it('closes the socket within 1 s of signing out', async () => {
    const ana = await t.sessionFor('agent');
    const client = await connect(ana.cookie);
    const closed = client.closedWithin(1000);
    expect((await t.request({ method: 'POST', url: '/api/auth/logout', as: ana.cookie })).statusCode).toBe(204);
    expect(await closed).toBe(4401);
  });

  it("closes every socket of a user within 1 s of the user's being disabled", async () => {
    const ana = await t.sessionFor('agent');
    const sockets = [await connect(ana.cookie), await connect(ana.cookie)];
    const closed = sockets.map((s) => s.closedWithin(1000));
    const res = await t.request({
      method: 'PATCH',
      url: `/api/users/${ana.userId}`,
      payload: { enabled: false },
      as: admin,
    });
    expect(res.statusCode).toBe(200);
    expect(await Promise.all(closed)).toEqual([4401, 4401]);
  });

  it('closes the socket within 1 s of a role change', async () => {
    const sam = await t.sessionFor('supervisor');
    const client = await connect(sam.cookie);
    const closed = client.closedWithin(1000);
    const res = await t.request({
      method: 'PATCH',
      url: `/api/users/${sam.userId}`,
      payload: { role: 'agent' },
      as: admin,
    });
    expect(res.statusCode).toBe(200);
    expect(await closed).toBe(4403);
  });

  it("stops feeding a supervisor a campaign as soon as it leaves the supervisor's scope", async () => {
    const kept = await t.services.campaigns.create({ name: `kept-${dialect}-${Date.now()}` });
    const removed = await t.services.campaigns.create({ name: `removed-${dialect}-${Date.now()}` });
    const sam = await t.sessionFor('supervisor');
    await t.services.users.update(sam.userId, { campaignIds: [kept.id, removed.id] });
    const client = await connect(sam.cookie);
    const changed = (id: string) => (e: LiveEvent) => e.type === 'campaign.changed' && e.data.campaignId === id;
    // Still in scope: the supervisor is fed changes of both campaigns.
    t.services.bus.emit('configuration.changed', { campaignIds: [removed.id] });
    await client.next(changed(removed.id));

    const res = await t.request({
      method: 'PATCH',
      url: `/api/users/${sam.userId}`,
      payload: { campaignIds: [kept.id] },
      as: admin,
    });
    expect(res.statusCode).toBe(200);
    const before = client.events.length;
    // Delivered in order: once the change of the kept campaign arrives, the removed one's would have too.
    t.services.bus.emit('configuration.changed', { campaignIds: [removed.id] });
    t.services.bus.emit('configuration.changed', { campaignIds: [kept.id] });
    await client.next(changed(kept.id));
    expect(client.events.slice(before).filter(changed(removed.id))).toEqual([]);
    client.socket.close();
  });

  it('closes the socket within 1 s of its session expiring', async () => {
    const ana = await t.sessionFor('agent');
    const expiresAt = Date.now() + 300;
    await t.database.db
      .updateTable('sessions')
      .set({ expires_at: expiresAt })
      .where('user_id', '=', ana.userId)
      .execute();
    const client = await connect(ana.cookie);
    expect(await client.closedWithin(expiresAt + 1000 - Date.now())).toBe(4401);
  });

  it("refuses a handshake from another site's origin and accepts the product's own", async () => {
    const ana = await t.sessionFor('agent');
    expect(await refused(base, { cookie: ana.cookie, origin: 'https://evil.example' })).toBe(403);
    expect(await refused(base, { cookie: ana.cookie, origin: `http://127.0.0.1:${port + 1}` })).toBe(403);
    // The listening URL under either loopback name, and a client that sends no Origin at all (not a browser).
    const allowed: Record<string, string>[] = [
      { cookie: ana.cookie, origin: `http://localhost:${port}` },
      { cookie: ana.cookie, origin: `http://127.0.0.1:${port}` },
      { cookie: ana.cookie },
    ];
    for (const headers of allowed) {
      const own = await open(base, headers);
      await own.next((e) => e.type === 'resync');
      own.socket.close();
      await own.closedWithin(1000);
    }
  });

  it('refuses the socket beyond the per-user limit, and counts each user apart', async () => {
    const ana = await t.sessionFor('agent');
    const bruno = await t.sessionFor('agent');
    const three = [await connect(ana.cookie), await connect(ana.cookie), await connect(ana.cookie)];
    expect(await refused(base, { cookie: ana.cookie })).toBe(429);
    const other = await connect(bruno.cookie);
    other.socket.close();
    // Closing one frees its place.
    three[0]!.socket.close();
    await three[0]!.closedWithin(1000);
    // The server may learn of that close a moment after the client does.
    const fourth = await vi.waitFor(() => connect(ana.cookie), { timeout: 1000, interval: 50 });
    for (const c of [...three, fourth]) c.socket.close();
  });
});
