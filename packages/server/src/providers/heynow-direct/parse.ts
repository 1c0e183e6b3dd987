import { createHash } from 'node:crypto';
import type { HandoffEvent, HandoffHistoryEntry, InboundAttachment, InboundEvent } from '@switchboard/protocol';
import { PROVIDER_DELIVERY_STATUSES } from '@switchboard/protocol';
import {
  PayloadError,
  arr,
  isObject,
  join,
  obj,
  oneOf,
  optArr,
  optInt,
  optObj,
  optStr,
  optText,
  parseJsonObject,
  readEvent,
  str,
  type RejectedEvent,
  timestamp,
  type Json,
} from '../payload-reader';
import type { ParseResult } from '../provider-adapter';

const EVENTS = ['handoff', 'message', 'customer_left', 'status'] as const;

function attachments(o: Json, path: string): InboundAttachment[] | undefined {
  const list = optArr(o, 'attachments', path);
  if (!list) return undefined;
  return list.map((item, i) => {
    const p = join(join(path, 'attachments'), i);
    if (!isObject(item)) throw new PayloadError(p, 'expected an object');
    // Inline data is bounded by the body limit only; a URL by what any client can follow.
    const url = optStr(item, 'url', p, 8192);
    const base64 = optStr(item, 'data', p, Infinity);
    if (!url && !base64) throw new PayloadError(join(p, 'url'), 'required when there is no data');
    const out: InboundAttachment = { mimeType: str(item, 'mimeType', p) };
    if (url) out.url = url;
    if (base64) out.base64 = base64;
    const name = optStr(item, 'name', p);
    if (name) out.name = name;
    const size = optInt(item, 'size', p);
    if (size !== undefined) out.size = size;
    return out;
  });
}

function history(o: Json, path: string, now: number): HandoffHistoryEntry[] | undefined {
  const list = optArr(o, 'history', path);
  if (!list) return undefined;
  return list.map((item, i) => {
    const p = join(join(path, 'history'), i);
    if (!isObject(item)) throw new PayloadError(p, 'expected an object');
    const entry: HandoffHistoryEntry = {
      author: oneOf(item, 'from', p, ['bot', 'customer'] as const),
      at: timestamp(item, 'timestamp', p, now),
    };
    const text = optText(item, 'text', p);
    if (text !== undefined) entry.text = text;
    const files = attachments(item, p);
    if (files) entry.attachments = files;
    const id = optStr(item, 'id', p);
    if (id) entry.providerMessageId = id;
    return entry;
  });
}

/**
 * A hand-off without a `messageId` is named by what it says: conversation, customer, skill, messages and
 * its own timestamp (not the receive time, which changes on a redelivery). Two deliveries of the same
 * hand-off get the same key; a later hand-off of the same conversation differs at least by its timestamp.
 */
function deliveryKey(event: HandoffEvent, timed: boolean): string {
  const what = [
    event.externalConversationId,
    event.customer,
    event.skill,
    event.firstMessage ?? null,
    event.history ?? null,
    timed ? event.at : null,
  ];
  return `sha256:${createHash('sha256').update(JSON.stringify(what)).digest('hex')}`;
}

/** The skill may be empty (D3 no-match rule), but not absent, not NUL-bearing, not wider than its column. */
function skillOf(o: Json, path: string): string {
  if (typeof o.skill !== 'string') return str(o, 'skill', path, 120);
  return o.skill.trim() === '' ? '' : str(o, 'skill', path, 120);
}

function oneEvent(o: Json, path: string, platformId: string, now: number): InboundEvent {
  const kind = oneOf(o, 'event', path, EVENTS);
  const at = timestamp(o, 'timestamp', path, now);
  switch (kind) {
    case 'handoff': {
      const contact = obj(o, 'contact', path);
      const cp = join(path, 'contact');
      const number = optStr(contact, 'phone', cp, 64) ?? optStr(contact, 'id', cp, 64);
      if (!number) throw new PayloadError(join(cp, 'phone'), 'required (or contact.id)');
      const sentPlatform = optStr(o, 'platformId', path);
      if (sentPlatform !== undefined && sentPlatform !== platformId) {
        throw new PayloadError(join(path, 'platformId'), 'does not match this provider');
      }
      // Column widths: customer_number varchar(64), customer_name varchar(200), skill varchar(120).
      const name = optStr(contact, 'name', cp, 200);
      const event: InboundEvent = {
        kind: 'handoff',
        externalConversationId: str(o, 'conversationId', path),
        platformId,
        customer: name ? { number, name } : { number },
        skill: skillOf(o, path),
        at,
      };
      const text = optText(o, 'text', path);
      const files = attachments(o, path);
      if (text !== undefined || files)
        event.firstMessage = { ...(text !== undefined ? { text } : {}), ...(files ? { attachments: files } : {}) };
      const messageId = optStr(o, 'messageId', path);
      if (messageId) event.providerMessageId = messageId;
      const earlier = history(o, path, now);
      if (earlier) event.history = earlier;
      if (!messageId) event.deliveryKey = deliveryKey(event, o.timestamp !== undefined && o.timestamp !== null);
      return event;
    }
    case 'message': {
      const text = optText(o, 'text', path);
      const files = attachments(o, path);
      if (text === undefined && !files)
        throw new PayloadError(join(path, 'text'), 'required when there are no attachments');
      return {
        kind: 'message',
        externalConversationId: str(o, 'conversationId', path),
        providerMessageId: str(o, 'messageId', path),
        ...(text !== undefined ? { text } : {}),
        ...(files ? { attachments: files } : {}),
        at,
      };
    }
    case 'customer_left': {
      const reason = optStr(o, 'reason', path);
      return {
        kind: 'customer_left',
        externalConversationId: str(o, 'conversationId', path),
        ...(reason ? { reason } : {}),
        at,
      };
    }
    case 'status': {
      const error = optObj(o, 'error', path);
      const conversationId = optStr(o, 'conversationId', path);
      const ep = join(path, 'error');
      return {
        kind: 'status',
        providerMessageId: str(o, 'messageId', path),
        status: oneOf(o, 'status', path, PROVIDER_DELIVERY_STATUSES),
        ...(conversationId ? { externalConversationId: conversationId } : {}),
        ...(error
          ? { error: { code: optStr(error, 'code', ep) ?? 'unknown', message: optText(error, 'message', ep) ?? '' } }
          : {}),
        at,
      };
    }
  }
}

/**
 * Parses one event or an `{ events: [...] }` batch. A single malformed event refuses the body (400); in a
 * batch each malformed event is listed in `rejected` and the others are kept.
 */
export function parseHeyNowDirect(rawBody: Buffer, platformId: string, now: number): ParseResult {
  try {
    const body = parseJsonObject(rawBody);
    if (body.event === undefined && body.events !== undefined) {
      const list = arr(body, 'events', '');
      if (list.length === 0) throw new PayloadError('events', 'expected at least one event');
      const events: InboundEvent[] = [];
      const rejected: RejectedEvent[] = [];
      list.forEach((item, i) => {
        const event = readEvent(i, rejected, () => {
          if (!isObject(item)) throw new PayloadError(join('events', i), 'expected an object');
          return oneEvent(item, join('events', i), platformId, now);
        });
        if (event) events.push(event);
      });
      return { ok: true, events, ...(rejected.length > 0 ? { rejected } : {}) };
    }
    return { ok: true, events: [oneEvent(body, '', platformId, now)] };
  } catch (error) {
    if (error instanceof PayloadError) return { ok: false, reason: error.message, field: error.field };
    throw error;
  }
}
