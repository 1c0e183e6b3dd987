import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleContract, type ContractState, type RememberedAnswer } from './contract-endpoints';
import { readBody, sendJson } from './http-io';
import {
  DEFAULT_MENU,
  FaultPlan,
  TINY_PNG,
  menuText,
  type BotMenu,
  type MockConversation,
  type ReceivedAction,
  type ReceivedCall,
} from './mock-state';
import {
  runScriptedCustomers,
  type ScriptedCustomersOptions,
  type ScriptedCustomersSummary,
} from './scripted-customers';
import { authHeaders, deliverWebhook, type MockTarget, type WebhookDelivery } from './webhook-sender';

export interface MockHeyNowOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the mock is a test tool, not a public service. */
  host?: string;
  /** Where Switchboard listens, and the provider the mock plays. Without it the mock only receives. */
  target?: MockTarget;
  /** Token Switchboard must present on Direct API calls; defaults to target.partnerToken. */
  partnerToken?: string;
  platformId?: string;
  /** Client API credentials the mock accepts on /api/login. */
  client?: { username: string; password: string; tokenTtlSeconds?: number };
  /** Delays of the sent → delivered → read callbacks after a message from us; `false` turns them off. */
  statusDelaysMs?: readonly [number, number, number] | false;
  menu?: BotMenu;
  fetch?: typeof fetch;
  now?: () => number;
  /**
   * Contract calls are acted on at once but answered only after this many ms: a slow link, so a test can
   * kill Switchboard between the provider acting and Switchboard hearing it did (the crash that repeats).
   */
  answerDelayMs?: number;
}

export interface CustomerImage {
  url?: string;
  mimeType?: string;
  name?: string;
}

export interface StartConversationOptions {
  number: string;
  name?: string;
  /** Skill to hand off with. Without it the customer goes through the bot menu and `choice` picks it. */
  skill?: string;
  /** Menu option key chosen in the bot (default: the first option) when no skill is given. */
  choice?: string;
  text?: string;
  image?: CustomerImage | true;
}

export interface StartedConversation {
  conversationId: string;
  messageId: string;
  delivery: WebhookDelivery;
}

export interface MockHeyNow {
  /** http://host:port, set once started. */
  readonly url: string;
  start(): Promise<string>;
  stop(): Promise<void>;
  received(filter?: { action?: ReceivedAction; conversationId?: string }): ReceivedCall[];
  clearReceived(): void;
  failNext(status: number, count?: number): void;
  /** Every contract call answers 503 until this epoch-ms instant (mock clock); `null` ends the outage. */
  setOutage(until: number | null): void;
  clearFaults(): void;
  /** Invalidates every Client API token, so the next send gets 401. */
  revokeClientTokens(): void;
  startConversation(options: StartConversationOptions): Promise<StartedConversation>;
  customerSays(
    conversationId: string,
    content: string | { text?: string; image: CustomerImage | true },
  ): Promise<{ messageId: string; delivery: WebhookDelivery }>;
  customerLeaves(conversationId: string): Promise<WebhookDelivery>;
  sendStatus(
    messageId: string,
    status: 'sent' | 'delivered' | 'read' | 'failed',
    conversationId?: string,
  ): Promise<WebhookDelivery>;
  /** Posts an arbitrary body (e.g. a tampered one) with the given headers, or correctly signed when omitted. */
  deliverRaw(raw: string, headers?: Record<string, string>): Promise<WebhookDelivery>;
  conversations(): MockConversation[];
  conversation(conversationId: string): MockConversation | undefined;
  scriptedCustomers(options: ScriptedCustomersOptions): Promise<ScriptedCustomersSummary>;
  /** Resolves once a received call matches, or rejects after `timeoutMs`. */
  waitForCall(predicate: (call: ReceivedCall) => boolean, timeoutMs?: number): Promise<ReceivedCall>;
}

function imageAttachment(baseUrl: string, image: CustomerImage | true) {
  const img = image === true ? {} : image;
  return {
    url: img.url ?? `${baseUrl}/mock/files/photo.png`,
    mimeType: img.mimeType ?? 'image/png',
    name: img.name ?? 'photo.png',
  };
}

/**
 * A HeyNow stand-in that speaks docs/heynow-contract.md from HeyNow's side: it receives our Direct and
 * Client API calls, and plays the bot and the customers by posting signed webhooks to Switchboard.
 */
export function createMockHeyNow(options: MockHeyNowOptions = {}): MockHeyNow {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? (() => Date.now());
  const fetchImpl = options.fetch ?? fetch;
  const platformId = options.platformId ?? '59800000000';
  const expectedToken = options.partnerToken ?? options.target?.partnerToken;
  const statusDelays = options.statusDelaysMs === undefined ? ([10, 30, 60] as const) : options.statusDelaysMs;
  const menu = options.menu ?? DEFAULT_MENU;
  const run = randomUUID().slice(0, 8);
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}-${run}-${++counter}`;

  const calls: ReceivedCall[] = [];
  const waiters = new Set<{ predicate: (c: ReceivedCall) => boolean; resolve: (c: ReceivedCall) => void }>();
  const faults = new FaultPlan();
  const conversations = new Map<string, MockConversation>();
  const idempotent = new Map<string, RememberedAnswer>();
  const clientTokens = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let server: Server | undefined;
  let url = '';

  function target(): MockTarget {
    if (!options.target)
      throw new Error('mock HeyNow has no target: pass target { baseUrl, providerId, partnerToken }');
    return options.target;
  }

  function record(call: Omit<ReceivedCall, 'seq' | 'at'>): ReceivedCall {
    const full: ReceivedCall = { ...call, seq: calls.length + 1, at: now() };
    calls.push(full);
    for (const w of waiters) {
      if (w.predicate(full)) {
        waiters.delete(w);
        w.resolve(full);
      }
    }
    return full;
  }

  async function post(event: Record<string, unknown>): Promise<WebhookDelivery> {
    return deliverWebhook(fetchImpl, target(), JSON.stringify(event));
  }

  function later(ms: number, fn: () => Promise<unknown>): void {
    if (!server) return; // stopped: a chain in flight must not outlive the mock
    const t = setTimeout(() => {
      timers.delete(t);
      void fn();
    }, ms);
    timers.add(t);
  }

  function scheduleStatuses(messageId: string, conversationId: string): void {
    if (!statusDelays || !options.target) return;
    const [sent, delivered, read] = statusDelays;
    // Chained, not three timers: each callback leaves only after the previous one was answered, so
    // Switchboard sees them in order (as it would from a provider that waits for the 2xx).
    later(sent, async () => {
      await api.sendStatus(messageId, 'sent', conversationId);
      later(Math.max(0, delivered - sent), async () => {
        await api.sendStatus(messageId, 'delivered', conversationId);
        later(Math.max(0, read - delivered), () => api.sendStatus(messageId, 'read', conversationId));
      });
    });
  }

  const contract: ContractState = {
    now,
    expectedToken,
    client: options.client,
    conversations,
    idempotent,
    clientTokens,
    faults,
    nextId,
    record,
    onOutboundMessage: scheduleStatuses,
  };

  async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, body: unknown) {
    const b = (body ?? {}) as Record<string, unknown>;
    const method = req.method ?? 'GET';
    if (path === '/mock/received' && method === 'GET') return sendJson(res, 200, { calls });
    if (path === '/mock/received' && method === 'DELETE') {
      api.clearReceived();
      return sendJson(res, 200, { ok: true });
    }
    if (path === '/mock/faults' && method === 'POST') {
      const status = Number(b.status ?? 503);
      const count = Number(b.count ?? 1);
      if (!Number.isInteger(status) || status < 400 || status > 599)
        return sendJson(res, 400, { error: 'status must be 400–599' });
      faults.failNext(status, Number.isInteger(count) ? count : 1);
      return sendJson(res, 200, { ok: true });
    }
    if (path === '/mock/faults' && method === 'DELETE') {
      faults.clear();
      return sendJson(res, 200, { ok: true });
    }
    if (path === '/mock/outage' && method === 'POST') {
      const until = typeof b.until === 'number' ? b.until : now() + Number(b.durationMs ?? 0);
      faults.setOutage(until);
      return sendJson(res, 200, { ok: true, until });
    }
    if (path === '/mock/outage' && method === 'DELETE') {
      faults.setOutage(null);
      return sendJson(res, 200, { ok: true });
    }
    if (path === '/mock/conversations' && method === 'GET')
      return sendJson(res, 200, { conversations: api.conversations() });
    if (!options.target && path.startsWith('/mock/conversations') && method === 'POST') {
      return sendJson(res, 409, {
        error: 'the mock has no target: start it with target { baseUrl, providerId, partnerToken }',
      });
    }
    if (path === '/mock/conversations' && method === 'POST') {
      if (typeof b.number !== 'string') return sendJson(res, 400, { error: 'number is required' });
      const started = await api.startConversation(b as unknown as StartConversationOptions);
      return sendJson(res, 200, started);
    }
    const m = /^\/mock\/conversations\/([^/]+)\/(messages|leave)$/.exec(path);
    if (m?.[1] && method === 'POST') {
      const id = decodeURIComponent(m[1]);
      if (m[2] === 'leave') return sendJson(res, 200, { delivery: await api.customerLeaves(id) });
      const text = typeof b.text === 'string' ? b.text : undefined;
      const content = b.image ? { ...(text ? { text } : {}), image: b.image as CustomerImage | true } : (text ?? '');
      return sendJson(res, 200, await api.customerSays(id, content));
    }
    return sendJson(res, 404, { error: 'unknown mock endpoint' });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://mock').pathname;
    if (req.method === 'GET' && path.startsWith('/mock/files/')) {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': TINY_PNG.length });
      res.end(TINY_PNG);
      return;
    }
    let body: unknown = undefined;
    const raw = await readBody(req);
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        return sendJson(res, 400, { error: 'body is not JSON' });
      }
    }
    if (path.startsWith('/mock/')) return handleControl(req, res, path, body);
    const delay = options.answerDelayMs ?? 0;
    if (delay > 0) holdAnswer(res, delay);
    return handleContract(contract, req, res, path, body);
  }

  /** The handler has acted and recorded; only the bytes on the wire wait. */
  function holdAnswer(res: ServerResponse, ms: number): void {
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      const t = setTimeout(() => {
        timers.delete(t);
        end(...args);
      }, ms);
      timers.add(t);
      return res;
    }) as typeof res.end;
  }

  const api: MockHeyNow = {
    get url() {
      return url;
    },

    async start() {
      if (server) return url;
      const s = createServer((req, res) => {
        handle(req, res).catch(() => {
          if (!res.headersSent) sendJson(res, 500, { error: 'mock failure' });
          else res.end();
        });
      });
      server = s;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(options.port ?? 0, host, () => resolve());
      });
      const address = s.address() as AddressInfo;
      url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
      return url;
    },

    async stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const s = server;
      server = undefined;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },

    received(filter) {
      return calls.filter(
        (c) =>
          (!filter?.action || c.action === filter.action) &&
          (!filter?.conversationId || c.conversationId === filter.conversationId),
      );
    },

    clearReceived() {
      calls.length = 0;
    },

    failNext(status, count = 1) {
      faults.failNext(status, count);
    },

    setOutage(until) {
      faults.setOutage(until);
    },

    clearFaults() {
      faults.clear();
    },

    revokeClientTokens() {
      clientTokens.clear();
    },

    async startConversation(opts) {
      const conversationId = nextId('hn-conv');
      const at = now();
      const history: Record<string, unknown>[] = [];
      let skill = opts.skill;
      if (skill === undefined) {
        const option = menu.options.find((o) => o.key === (opts.choice ?? menu.options[0]?.key));
        if (!option) throw new Error(`menu has no option ${opts.choice ?? '(first)'}`);
        skill = option.skill;
        history.push(
          { id: nextId('hn-bot'), from: 'bot', text: menuText(menu), timestamp: new Date(at - 2000).toISOString() },
          { id: nextId('hn-in'), from: 'customer', text: option.key, timestamp: new Date(at - 1500).toISOString() },
          {
            id: nextId('hn-bot'),
            from: 'bot',
            text: `Te comunico con ${option.label}. Un agente te atenderá en breve.`,
            timestamp: new Date(at - 1000).toISOString(),
          },
        );
      }
      const messageId = nextId('hn-in');
      const conversation: MockConversation = {
        conversationId,
        number: opts.number,
        skill,
        state: 'queued',
        transcript: [],
      };
      if (opts.name) conversation.name = opts.name;
      for (const h of history) {
        conversation.transcript.push({
          from: h.from as 'bot' | 'customer',
          text: h.text as string,
          messageId: h.id as string,
          at: Date.parse(h.timestamp as string),
        });
      }
      const attachments = opts.image ? [imageAttachment(url, opts.image)] : undefined;
      conversation.transcript.push({
        from: 'customer',
        ...(opts.text ? { text: opts.text } : {}),
        ...(attachments?.[0] ? { attachmentUrl: attachments[0].url } : {}),
        messageId,
        at,
      });
      conversations.set(conversationId, conversation);
      const delivery = await post({
        event: 'handoff',
        conversationId,
        platformId,
        contact: { id: opts.number, phone: opts.number, ...(opts.name ? { name: opts.name } : {}) },
        skill,
        messageId,
        ...(opts.text ? { text: opts.text } : {}),
        ...(attachments ? { attachments } : {}),
        ...(history.length > 0 ? { history } : {}),
        timestamp: new Date(at).toISOString(),
      });
      return { conversationId, messageId, delivery };
    },

    async customerSays(conversationId, content) {
      const messageId = nextId('hn-in');
      const text = typeof content === 'string' ? content : content.text;
      const attachments = typeof content === 'string' ? undefined : [imageAttachment(url, content.image)];
      conversations.get(conversationId)?.transcript.push({
        from: 'customer',
        ...(text ? { text } : {}),
        ...(attachments?.[0] ? { attachmentUrl: attachments[0].url } : {}),
        messageId,
        at: now(),
      });
      const delivery = await post({
        event: 'message',
        conversationId,
        messageId,
        ...(text !== undefined ? { text } : {}),
        ...(attachments ? { attachments } : {}),
        timestamp: new Date(now()).toISOString(),
      });
      return { messageId, delivery };
    },

    async customerLeaves(conversationId) {
      const conversation = conversations.get(conversationId);
      if (conversation) conversation.state = 'left';
      return post({
        event: 'customer_left',
        conversationId,
        reason: 'customer_closed',
        timestamp: new Date(now()).toISOString(),
      });
    },

    async sendStatus(messageId, status, conversationId) {
      return post({
        event: 'status',
        messageId,
        status,
        ...(conversationId ? { conversationId } : {}),
        timestamp: new Date(now()).toISOString(),
      });
    },

    async deliverRaw(raw, headers) {
      return deliverWebhook(fetchImpl, target(), raw, headers ?? authHeaders(target(), raw));
    },

    conversations() {
      return [...conversations.values()];
    },

    conversation(conversationId) {
      return conversations.get(conversationId);
    },

    scriptedCustomers(opts) {
      return runScriptedCustomers(api, target().baseUrl, opts);
    },

    waitForCall(predicate, timeoutMs = 5000) {
      const existing = calls.find(predicate);
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (c: ReceivedCall) => {
            clearTimeout(timer);
            resolve(c);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`mock HeyNow: no matching call within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
  };
  return api;
}
