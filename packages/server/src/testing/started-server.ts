// Test support: the real composition root (startServer) on 127.0.0.1:0 over a temporary SQLite directory,
// with a provider double on loopback answering every send, driven over real HTTP and WebSockets.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { WebSocket } from 'ws';
import { loadConfig } from '../config/config';
import { startServer, type RunningServer, type StartOptions } from '../server';

export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const PLATFORM_ID = '59800000000';

export interface StartedServer {
  server: RunningServer;
  /** Every line the server logged (unless the caller gave its own stream). */
  logLines: string[];
  /** http://127.0.0.1:<port> */
  base: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  login(username: string, password: string): Promise<{ cookie: string; id: string }>;
  /** A live-channel socket for that session, open. */
  socket(cookie: string): Promise<WebSocket>;
  close(): Promise<void>;
}

/** Starts the server with `env` on top of a quiet test configuration (no demo, port 0, temp data dir). */
export async function startTestServer(
  env: Record<string, string> = {},
  options: Omit<StartOptions, 'webRoot'> = {},
): Promise<StartedServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-server-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SWITCHBOARD_DATA_DIR: dataDir,
    SWITCHBOARD_DEMO: 'false',
    SWITCHBOARD_ADMIN_PASSWORD: ADMIN_PASSWORD,
    SWITCHBOARD_OUTBOUND_ALLOWLIST: '127.0.0.1',
    ...env,
  });
  const logLines: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(
        ...String(chunk)
          .split('\n')
          .filter((l) => l !== ''),
      );
      done();
    },
  });
  const server = await startServer(config, { stdoutIsTTY: false, print: () => undefined, logStream, ...options });
  const base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  const sockets: WebSocket[] = [];
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  return {
    server,
    logLines,
    base,
    call,
    async login(username, password) {
      const res = await call('POST', '/api/auth/login', { username, password });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      return { cookie, id: ((await res.json()) as { id: string }).id };
    },
    socket(cookie) {
      const ws = new WebSocket(`${base.replace('http', 'ws')}/ws`, { headers: { cookie } });
      sockets.push(ws);
      return new Promise((resolve, reject) => {
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
    },
    async close() {
      for (const ws of sockets) ws.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A HeyNow Direct API double on 127.0.0.1 that accepts every send and keeps the bodies it received. */
export async function startProviderDouble(): Promise<{ url: string; received: string[]; close(): Promise<void> }> {
  const received: string[] = [];
  const http: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(Buffer.concat(chunks).toString());
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ success: true, messageId: `pm-${randomBytes(4).toString('hex')}` }));
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((r) => http.close(() => r())),
  };
}

/** Admin set-up over the API: a Direct API provider and a nocall campaign per skill, with these members. */
export async function setUpCampaigns(
  s: Pick<StartedServer, 'call'>,
  adminCookie: string,
  providerDomain: string,
  campaigns: { name: string; skill: string; memberIds: string[] }[],
): Promise<{ providerId: string; partnerToken: string }> {
  const admin = { cookie: adminCookie };
  const partnerToken = randomBytes(18).toString('base64url');
  const provider = (await (
    await s.call(
      'POST',
      '/api/providers',
      { kind: 'heynow-direct', name: 'HeyNow', domain: providerDomain, platformId: PLATFORM_ID, partnerToken },
      { cookie: admin.cookie },
    )
  ).json()) as { id: string };
  for (const c of campaigns) {
    const res = await s.call(
      'POST',
      '/api/campaigns',
      {
        name: c.name,
        strategy: 'nocall',
        deliveryMode: 'rrmemory',
        skills: [c.skill],
        providerIds: [provider.id],
        maxInteractionsPerAgent: 10,
      },
      { cookie: admin.cookie },
    );
    if (res.status !== 201 && res.status !== 200) throw new Error(`campaign: ${res.status} ${await res.text()}`);
    const campaign = (await res.json()) as { id: string };
    if (c.memberIds.length > 0) {
      await s.call('POST', '/api/members', { campaignIds: [campaign.id], add: c.memberIds }, { cookie: admin.cookie });
    }
  }
  return { providerId: provider.id, partnerToken };
}

/** Creates a user over the API (as the administrator). */
export async function createUser(
  s: Pick<StartedServer, 'call'>,
  adminCookie: string,
  username: string,
  role: 'agent' | 'supervisor',
  password: string,
): Promise<string> {
  const res = await s.call(
    'POST',
    '/api/users',
    { username, displayName: username, role, password },
    { cookie: adminCookie },
  );
  if (res.status !== 201 && res.status !== 200) throw new Error(`user: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** A HeyNow hand-off or customer message webhook. */
export function heynowWebhook(
  s: Pick<StartedServer, 'call'>,
  providerId: string,
  partnerToken: string,
  body: Record<string, unknown>,
): Promise<Response> {
  return s.call(
    'POST',
    `/webhooks/heynow/${providerId}`,
    { platformId: PLATFORM_ID, ...body },
    {
      'x-heynow-partner-token': partnerToken,
    },
  );
}
