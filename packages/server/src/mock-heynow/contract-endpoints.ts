import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sameSecret } from '../security/secret-compare';
import { bearer, sendJson } from './http-io';
import type { FaultPlan, MockConversation, ReceivedAction, ReceivedCall } from './mock-state';
import { ClientSendBody } from '../providers/heynow-client/wire';
import { HeyNowOutboundMessage } from '../providers/heynow-direct/wire';
import { compileWire } from '../providers/wire-check';

const directMessage = compileWire(HeyNowOutboundMessage);
const clientSend = compileWire(ClientSendBody);

/** How long a provider must remember an Idempotency-Key (docs/heynow-contract.md). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3600_000;

export interface RememberedAnswer {
  /** What the key was first used for: the same key on another call is refused, not replayed. */
  request: string;
  status: number;
  body: unknown;
  messageId?: string;
  at: number;
}

type CallBase = Omit<ReceivedCall, 'seq' | 'at' | 'status'>;

function keyOf(req: IncomingMessage): string | undefined {
  const value = req.headers['idempotency-key'];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * A call whose key was seen within the window: answered as the first time and recorded as a duplicate,
 * without acting again. Returns true when it answered.
 */
function replay(s: ContractState, res: ServerResponse, base: CallBase, request: string): boolean {
  const key = base.idempotencyKey;
  if (!key) return false;
  const seen = s.idempotent.get(key);
  if (!seen) return false;
  if (s.now() - seen.at >= IDEMPOTENCY_WINDOW_MS) {
    s.idempotent.delete(key);
    return false;
  }
  if (seen.request !== request) {
    s.record({ ...base, status: 422 });
    sendJson(res, 422, { error: 'Idempotency-Key already used for a different request' });
    return true;
  }
  s.record({ ...base, status: seen.status, ...(seen.messageId ? { messageId: seen.messageId } : {}), duplicate: true });
  sendJson(res, seen.status, seen.body);
  return true;
}

/** Answers, records, and remembers the answer under the call's key for the replay of a repeat. */
function answer(
  s: ContractState,
  res: ServerResponse,
  base: CallBase,
  request: string,
  status: number,
  body: unknown,
  messageId?: string,
): void {
  if (base.idempotencyKey && status < 500 && status !== 401 && status !== 429) {
    s.idempotent.set(base.idempotencyKey, { request, status, body, at: s.now(), ...(messageId ? { messageId } : {}) });
  }
  s.record({ ...base, status, ...(messageId ? { messageId } : {}) });
  sendJson(res, status, body);
}

/** What the HeyNow-side endpoints need from the mock. */
export interface ContractState {
  now: () => number;
  /** Partner token Switchboard must present; undefined refuses every Direct call. */
  expectedToken: string | undefined;
  client: { username: string; password: string; tokenTtlSeconds?: number } | undefined;
  conversations: Map<string, MockConversation>;
  /** Idempotency-Key → the answer given the first time (kept IDEMPOTENCY_WINDOW_MS of mock time). */
  idempotent: Map<string, RememberedAnswer>;
  /** Client API bearer token → expiry (mock clock). */
  clientTokens: Map<string, number>;
  faults: FaultPlan;
  nextId(prefix: string): string;
  record(call: Omit<ReceivedCall, 'seq' | 'at'>): ReceivedCall;
  /** A message from us was accepted: the mock will play the delivery callbacks. */
  onOutboundMessage(messageId: string, conversationId: string): void;
}

async function handleDirect(
  s: ContractState,
  req: IncomingMessage,
  res: ServerResponse,
  conversationId: string,
  action: 'attended' | 'messages' | 'end',
  body: unknown,
) {
  const kind: ReceivedAction = action === 'messages' ? 'message' : action;
  const idempotencyKey = keyOf(req);
  const base: CallBase = {
    action: kind,
    method: req.method ?? 'POST',
    path: req.url ?? '',
    conversationId,
    authorization: req.headers.authorization,
    ...(idempotencyKey ? { idempotencyKey } : {}),
    body,
  };
  const token = bearer(req);
  if (!s.expectedToken || token === undefined || !sameSecret(token, s.expectedToken)) {
    s.record({ ...base, status: 401 });
    return sendJson(res, 401, { error: 'invalid partner token' });
  }
  const request = `${kind} ${conversationId}`;
  if (replay(s, res, base, request)) return;
  const conversation = s.conversations.get(conversationId);
  if (kind === 'attended') {
    if (conversation) {
      conversation.state = 'attended';
      const agent = (body as { agent?: { name?: unknown } } | undefined)?.agent?.name;
      if (typeof agent === 'string') conversation.attendedBy = agent;
    }
    return answer(s, res, base, request, 200, { ok: true });
  }
  if (kind === 'end') {
    if (conversation?.state === 'ended') {
      return answer(s, res, base, request, 409, { error: 'conversation already ended' });
    }
    if (conversation) conversation.state = 'ended';
    return answer(s, res, base, request, 200, { ok: true });
  }
  const b = (body ?? {}) as { type?: unknown; text?: unknown; media?: { url?: unknown } };
  if (b.type !== 'text' && b.type !== 'media' && b.type !== 'template') {
    return answer(s, res, base, request, 400, { error: 'type must be text, media or template' });
  }
  // The adapter's bodies must match the written-down wire format (providers/heynow-direct/wire.ts).
  if (!directMessage.is(body)) {
    return answer(s, res, base, request, 400, { error: 'body does not match the HeyNow Direct message format' });
  }
  const messageId = s.nextId('hn-out');
  conversation?.transcript.push({
    from: 'agent',
    ...(typeof b.text === 'string' ? { text: b.text } : {}),
    ...(typeof b.media?.url === 'string' ? { attachmentUrl: b.media.url } : {}),
    messageId,
    at: s.now(),
  });
  answer(s, res, base, request, 201, { messageId }, messageId);
  s.onOutboundMessage(messageId, conversationId);
}

function handleLogin(s: ContractState, req: IncomingMessage, res: ServerResponse, body: unknown) {
  const b = (body ?? {}) as { name?: unknown; password?: unknown };
  // The password is never recorded: tests assert on the call, not the secret.
  const base = { action: 'login' as const, method: 'POST', path: req.url ?? '', body: { name: b.name } };
  const c = s.client;
  if (
    !c ||
    typeof b.name !== 'string' ||
    typeof b.password !== 'string' ||
    b.name !== c.username ||
    !sameSecret(b.password, c.password)
  ) {
    s.record({ ...base, status: 401 });
    return sendJson(res, 401, { success: false, error: 'invalid credentials' });
  }
  const token = `mock-token-${randomUUID()}`;
  const ttl = c.tokenTtlSeconds ?? 24 * 3600;
  s.clientTokens.set(token, s.now() + ttl * 1000);
  s.record({ ...base, status: 200 });
  return sendJson(res, 200, { success: true, token, expiresIn: ttl });
}

function handleClientSend(s: ContractState, req: IncomingMessage, res: ServerResponse, body: unknown) {
  const idempotencyKey = keyOf(req);
  const base: CallBase = {
    action: 'client-send' as const,
    method: 'POST',
    path: req.url ?? '',
    authorization: req.headers.authorization,
    ...(idempotencyKey ? { idempotencyKey } : {}),
    body,
  };
  const token = bearer(req);
  const expiry = token ? s.clientTokens.get(token) : undefined;
  if (expiry === undefined || s.now() >= expiry) {
    s.record({ ...base, status: 401 });
    return sendJson(res, 401, { success: false, error: 'token expired or invalid' });
  }
  const b = (body ?? {}) as { to?: unknown; type?: unknown };
  const request = `client-send ${String(b.to)}`;
  if (replay(s, res, base, request)) return;
  if (typeof b.to !== 'string' || (b.type !== 'text' && b.type !== 'template')) {
    return answer(s, res, base, request, 400, { success: false, error: 'to and type (text|template) are required' });
  }
  if (!clientSend.is(body)) {
    return answer(s, res, base, request, 400, {
      success: false,
      error: 'body does not match the HeyNow Client send format',
    });
  }
  const messageId = s.nextId('hn-client');
  return answer(s, res, base, request, 200, { success: true, messageId }, messageId);
}

/** The Direct API (`/conversations/{id}/attended|messages|end`) and the Client API (`/api/login`, `/api/messages`). */
export async function handleContract(
  s: ContractState,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: unknown,
): Promise<void> {
  const direct = /^\/conversations\/([^/]+)\/(attended|messages|end)$/.exec(path);
  const isContract = req.method === 'POST' && (direct || path === '/api/login' || path === '/api/messages');
  if (!isContract) return sendJson(res, 404, { error: 'not found' });
  const fault = s.faults.take(s.now());
  if (fault !== undefined) {
    const action: ReceivedAction = direct
      ? direct[2] === 'messages'
        ? 'message'
        : (direct[2] as 'attended' | 'end')
      : path === '/api/login'
        ? 'login'
        : 'client-send';
    s.record({
      action,
      method: 'POST',
      path,
      ...(direct?.[1] ? { conversationId: decodeURIComponent(direct[1]) } : {}),
      body: action === 'login' ? {} : body,
      status: fault,
    });
    return sendJson(res, fault, { error: 'mock fault' }, fault === 503 ? { 'retry-after': '1' } : {});
  }
  if (direct?.[1] && direct[2])
    return handleDirect(s, req, res, decodeURIComponent(direct[1]), direct[2] as 'attended' | 'messages' | 'end', body);
  if (path === '/api/login') return handleLogin(s, req, res, body);
  return handleClientSend(s, req, res, body);
}
