// Brings both servers to the measured state: for Switchboard through its public API (provider, campaign,
// agents as members, agent logins, live sockets, one hand-off per agent), for the baseline just the sockets.
import { randomBytes } from 'node:crypto';
import { Fleet, type Conversation, type Target } from './load';
import type { Child } from './servers';

const SKILL = 'bench';
const PLATFORM_ID = '59800000000';
const AGENT_PASSWORD = 'bench-agent-password';

export const conversationId = (i: number) => `bench-conv-${i}`;
const customerNumber = (i: number) => `+59899${String(i).padStart(6, '0')}`;
const digits = (s: string) => s.replace(/\D/g, '');

export class Api {
  constructor(private readonly base: string) {}

  async call<T>(
    method: string,
    path: string,
    body?: unknown,
    cookie?: string,
    headers: Record<string, string> = {},
  ): Promise<{ body: T; cookie?: string }> {
    // Writes are JSON, `{}` when empty: the server refuses body-less writes as possible cross-site forgeries.
    const json = body !== undefined || method !== 'GET' ? JSON.stringify(body ?? {}) : undefined;
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(cookie ? { cookie } : {}),
        ...headers,
      },
      ...(json !== undefined ? { body: json } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
    const session = res.headers.getSetCookie().find((c) => c.startsWith('sb_session='));
    return { body: (text ? JSON.parse(text) : undefined) as T, ...(session ? { cookie: session.split(';')[0]! } : {}) };
  }

  async login(username: string, password: string): Promise<{ cookie: string; id: string }> {
    const { body, cookie } = await this.call<{ id: string }>('POST', '/api/auth/login', { username, password });
    if (!cookie) throw new Error(`login of ${username} set no session cookie`);
    return { cookie, id: body.id };
  }
}

/** Runs `work` over `items` with at most `limit` in flight (scrypt makes user creation and login slow). */
export async function pool<T, R>(items: T[], limit: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!, i);
      }
    }),
  );
  return out;
}

export async function setupSwitchboard(
  server: Child,
  options: {
    agents: number;
    adminUsername: string;
    adminPassword: string;
    providerDomain: string;
    log: (line: string) => void;
  },
): Promise<Target> {
  const api = new Api(server.url);
  const { log } = options;
  const admin = await api.login(options.adminUsername, options.adminPassword);
  const partnerToken = randomBytes(24).toString('base64url');
  const { body: provider } = await api.call<{ id: string }>(
    'POST',
    '/api/providers',
    {
      kind: 'heynow-direct',
      name: 'Bench HeyNow',
      domain: options.providerDomain,
      platformId: PLATFORM_ID,
      partnerToken,
    },
    admin.cookie,
  );
  // nocall: assigned on arrival to an available member; the cap leaves room for one conversation each and more.
  const { body: campaign } = await api.call<{ id: string }>(
    'POST',
    '/api/campaigns',
    {
      name: 'Bench',
      strategy: 'nocall',
      deliveryMode: 'rrmemory',
      skills: [SKILL],
      providerIds: [provider.id],
      maxInteractionsPerAgent: 10,
    },
    admin.cookie,
  );

  const started = Date.now();
  const indexes = Array.from({ length: options.agents }, (_, i) => i);
  const users = await pool(
    indexes,
    8,
    async (i) =>
      (
        await api.call<{ id: string; username: string }>(
          'POST',
          '/api/users',
          { username: `bench.agent${i}`, displayName: `Bench agent ${i}`, role: 'agent', password: AGENT_PASSWORD },
          admin.cookie,
        )
      ).body,
  );
  await api.call('POST', '/api/members', { campaignIds: [campaign.id], add: users.map((u) => u.id) }, admin.cookie);
  // Signing in makes an agent available.
  const sessions = await pool(users, 8, (u) => api.login(u.username, AGENT_PASSWORD));
  log(`switchboard: ${options.agents} agents created and signed in (${((Date.now() - started) / 1000).toFixed(1)} s)`);

  const fleet = new Fleet();
  const wsUrl = `${server.url.replace(/^http/, 'ws')}/ws`;
  await pool(sessions, 16, (s) => fleet.connect(wsUrl, { cookie: s.cookie }));

  // One hand-off per agent: rrmemory over idle agents gives each of them one conversation.
  const webhookPath = `/webhooks/heynow/${provider.id}`;
  const headers = { 'x-heynow-partner-token': partnerToken };
  for (const i of indexes) {
    await api.call(
      'POST',
      webhookPath,
      {
        event: 'handoff',
        conversationId: conversationId(i),
        platformId: PLATFORM_ID,
        contact: { id: `bench-client-${i}`, name: `Customer ${i}`, phone: customerNumber(i) },
        skill: SKILL,
        messageId: `bench-handoff-${i}`,
        text: 'hola',
      },
      undefined,
      headers,
    );
  }

  // Who owns what: each agent's inbox names its conversations by customer number.
  const byNumber = new Map(indexes.map((i) => [digits(customerNumber(i)), i]));
  const owned = new Map<number, { key: string; agentId: string }>();
  const deadline = Date.now() + 30_000;
  while (owned.size < options.agents) {
    if (Date.now() > deadline)
      throw new Error(`only ${owned.size} of ${options.agents} hand-offs were assigned within 30 s`);
    await new Promise((r) => setTimeout(r, 250));
    const inboxes = await pool(sessions, 8, async (s) => ({
      agentId: s.id,
      inbox: (
        await api.call<{ active: { id: string; customerNumber: string }[] }>(
          'GET',
          '/api/agent/inbox',
          undefined,
          s.cookie,
        )
      ).body,
    }));
    for (const { agentId, inbox } of inboxes) {
      for (const item of inbox.active) {
        const i = byNumber.get(digits(item.customerNumber));
        if (i !== undefined) owned.set(i, { key: item.id, agentId });
      }
    }
  }
  const perAgent = new Map<string, number>();
  for (const o of owned.values()) perAgent.set(o.agentId, (perAgent.get(o.agentId) ?? 0) + 1);
  const most = Math.max(...perAgent.values());
  log(`switchboard: ${owned.size} conversations assigned over ${perAgent.size} agents (at most ${most} each)`);

  const conversations: Conversation[] = indexes.map((i) => ({ externalId: conversationId(i), key: owned.get(i)!.key }));
  return {
    name: 'switchboard',
    webhook: new URL(`${server.url}${webhookPath}`),
    headers,
    conversations,
    fleet,
    pid: server.pid,
  };
}

export async function setupBaseline(server: Child, options: { agents: number; name?: string }): Promise<Target> {
  const fleet = new Fleet();
  const indexes = Array.from({ length: options.agents }, (_, i) => i);
  const wsUrl = `${server.url.replace(/^http/, 'ws')}/ws`;
  await pool(indexes, 16, (i) => fleet.connect(`${wsUrl}?conversation=${conversationId(i)}`));
  const conversations = indexes.map((i) => ({ externalId: conversationId(i), key: conversationId(i) }));
  return {
    name: options.name ?? 'baseline',
    webhook: new URL(`${server.url}/webhooks/baseline`),
    headers: {},
    conversations,
    fleet,
    pid: server.pid,
  };
}
