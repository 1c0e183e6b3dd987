// The Switchboard side of the wal-growth benchmark, set up through its public API: a HeyNow Direct provider
// whose domain is the mock HeyNow (so the outbox really sends attended, replies and endConversation, and the
// mock calls back with statuses), two campaigns over it (one routed automatically, one where agents take
// from the queue), signed-in agents, live sockets for half of them, and the agents at work while the load
// runs: taking, replying, closing.
import { performance } from 'node:perf_hooks';
import { Fleet } from '../webhook-to-agent/load';
import { Api, pool } from '../webhook-to-agent/setup';
import { Conversations } from './traffic';

export const SKILLS = ['ventas', 'soporte'] as const;
const AGENT_PASSWORD = 'bench-agent-password';

interface Session {
  id: string;
  cookie: string;
}

interface InboxItem {
  id: string;
  customerNumber: string;
  takenAt: number | null;
  enteredAt: number | null;
}
interface Inbox {
  pending: { interactionId: string; takeable: boolean }[];
  active: InboxItem[];
}

export async function createProviderAndCampaigns(
  api: Api,
  adminCookie: string,
  options: { providerDomain: string; partnerToken: string; platformId: string; maxPerAgent: number },
): Promise<{ providerId: string; campaignIds: string[] }> {
  const { body: provider } = await api.call<{ id: string }>(
    'POST',
    '/api/providers',
    {
      kind: 'heynow-direct',
      name: 'Mock HeyNow',
      domain: options.providerDomain,
      platformId: options.platformId,
      partnerToken: options.partnerToken,
    },
    adminCookie,
  );
  const campaignIds: string[] = [];
  // ventas: the router assigns on arrival (nocall, round robin); soporte: ringall, agents take from the queue.
  for (const [skill, strategy] of [
    [SKILLS[0], 'nocall'],
    [SKILLS[1], 'ringall'],
  ] as const) {
    const { body } = await api.call<{ id: string }>(
      'POST',
      '/api/campaigns',
      {
        name: `WAL ${skill}`,
        strategy,
        deliveryMode: 'rrmemory',
        skills: [skill],
        providerIds: [provider.id],
        maxInteractionsPerAgent: options.maxPerAgent,
      },
      adminCookie,
    );
    campaignIds.push(body.id);
  }
  return { providerId: provider.id, campaignIds };
}

export async function signInAgents(
  api: Api,
  adminCookie: string,
  options: { agents: number; campaignIds: string[]; runId: string },
): Promise<Session[]> {
  const users = await pool(
    Array.from({ length: options.agents }, (_, i) => i),
    4,
    async (i) =>
      (
        await api.call<{ id: string; username: string }>(
          'POST',
          '/api/users',
          {
            username: `wal.agent${i}`,
            displayName: `WAL agent ${i}`,
            role: 'agent',
            password: AGENT_PASSWORD,
          },
          adminCookie,
        )
      ).body,
  );
  await api.call(
    'POST',
    '/api/members',
    { campaignIds: options.campaignIds, add: users.map((u) => u.id) },
    adminCookie,
  );
  return pool(users, 4, (u) => api.login(u.username, AGENT_PASSWORD));
}

export async function openSockets(serverUrl: string, sessions: Session[]): Promise<Fleet> {
  const fleet = new Fleet();
  const wsUrl = `${serverUrl.replace(/^http/, 'ws')}/ws`;
  await pool(sessions, 8, (s) => fleet.connect(wsUrl, { cookie: s.cookie }));
  return fleet;
}

export interface AgentWork {
  polls: number;
  takes: number;
  replies: number;
  closes: number;
  /** answers other than 2xx; a take lost to a colleague (409) is expected and counted apart */
  lostTakes: number;
  errors: number;
  stop(): Promise<void>;
}

/**
 * Every agent, once per `tickMs` (staggered): reads its inbox, takes one takeable conversation when it has
 * room, replies to one of its conversations with probability `replyChance`, and closes its oldest one once
 * that has been held `holdMs`, telling the traffic generator the conversation is over.
 */
export function startAgents(
  api: Api,
  sessions: Session[],
  traffic: Conversations,
  options: { tickMs: number; replyChance: number; holdMs: number; maxPerAgent: number },
): AgentWork {
  let running = true;
  const work: AgentWork = {
    polls: 0,
    takes: 0,
    replies: 0,
    closes: 0,
    lostTakes: 0,
    errors: 0,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
  const attempt = async (what: () => Promise<unknown>, onLost?: () => void) => {
    try {
      await what();
      return true;
    } catch (error) {
      if (onLost && /HTTP 409/.test(String(error))) onLost();
      else {
        work.errors++;
        if (work.errors <= 5) console.log(`  agent error: ${String(error).slice(0, 200)}`);
      }
      return false;
    }
  };
  const tick = async (s: Session, n: number) => {
    const { body: inbox } = await api.call<Inbox>('GET', '/api/agent/inbox', undefined, s.cookie);
    work.polls++;
    const takeable = inbox.pending.find((p) => p.takeable);
    if (takeable && inbox.active.length < options.maxPerAgent) {
      if (
        await attempt(
          () => api.call('POST', `/api/interactions/${takeable.interactionId}/take`, {}, s.cookie),
          () => work.lostTakes++,
        )
      )
        work.takes++;
    }
    if (inbox.active.length === 0) return;
    if (Math.random() < options.replyChance) {
      const item = inbox.active[Math.floor(Math.random() * inbox.active.length)]!;
      if (
        await attempt(() =>
          api.call(
            'POST',
            `/api/interactions/${item.id}/messages`,
            { text: `Respuesta ${n}: ya lo reviso.` },
            s.cookie,
          ),
        )
      )
        work.replies++;
    }
    const since = (i: InboxItem) => i.takenAt ?? i.enteredAt ?? Date.now();
    const oldest = inbox.active.reduce((a, b) => (since(b) < since(a) ? b : a));
    if (Date.now() - since(oldest) >= options.holdMs) {
      if (await attempt(() => api.call('POST', `/api/interactions/${oldest.id}/close`, {}, s.cookie))) {
        work.closes++;
        traffic.closed(Conversations.indexOf(oldest.customerNumber));
      }
    }
  };
  const loops = sessions.map(async (s, k) => {
    await new Promise((r) => setTimeout(r, (options.tickMs * k) / sessions.length));
    for (let n = 0; running; n++) {
      const started = performance.now();
      await tick(s, n).catch((error: unknown) => {
        work.errors++;
        if (work.errors <= 5) console.log(`  agent error: ${String(error).slice(0, 200)}`);
      });
      const rest = options.tickMs - (performance.now() - started);
      if (rest > 0 && running) await new Promise((r) => setTimeout(r, rest));
    }
  });
  return work;
}
