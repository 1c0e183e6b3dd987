import { createHash } from 'node:crypto';
import type { HandoffEvent, HandoffHistoryEntry, InboundAttachment, InboundEvent } from '@switchboard/protocol';
import type { ParseResult } from '../provider-adapter';
import {
  PayloadError,
  checkTimestamp,
  idText,
  join,
  parseJsonObject,
  readEvent,
  refused,
  withoutNul,
  type RejectedEvent,
} from '../wire-check';
import { checks, type HeyNowAttachment, type HeyNowEvent, type HeyNowHistoryItem } from './wire';

/** ISO-8601 string or epoch milliseconds; absent → `fallback`. */
function timestamp(v: string | number | null | undefined, field: string, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  const ms = typeof v === 'number' ? v : Date.parse(v);
  if (typeof v === 'string' && !Number.isFinite(ms))
    throw new PayloadError(field, 'expected an ISO-8601 date or epoch milliseconds');
  return checkTimestamp(ms, field, 'an ISO-8601 date or epoch milliseconds');
}

function attachments(list: HeyNowAttachment[] | null | undefined, path: string): InboundAttachment[] | undefined {
  if (!list) return undefined;
  return list.map((item, i) => {
    const url = item.url == null ? undefined : idText(item.url);
    const base64 = item.data == null ? undefined : idText(item.data);
    if (!url && !base64)
      throw new PayloadError(join(join(join(path, 'attachments'), i), 'url'), 'required when there is no data');
    const out: InboundAttachment = { mimeType: idText(item.mimeType) };
    if (url) out.url = url;
    if (base64) out.base64 = base64;
    if (item.name != null) out.name = idText(item.name);
    if (item.size != null) out.size = item.size;
    return out;
  });
}

function history(list: HeyNowHistoryItem[] | null | undefined, path: string, now: number) {
  if (!list) return undefined;
  return list.map((item, i): HandoffHistoryEntry => {
    const p = join(join(path, 'history'), i);
    const entry: HandoffHistoryEntry = { author: item.from, at: timestamp(item.timestamp, join(p, 'timestamp'), now) };
    if (item.text != null) entry.text = withoutNul(item.text);
    const files = attachments(item.attachments, p);
    if (files) entry.attachments = files;
    if (item.id != null) entry.providerMessageId = idText(item.id);
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

/** Checks the event against its kind's schema, then applies the rules a schema cannot say. */
function oneEvent(value: unknown, path: string, platformId: string, now: number): InboundEvent {
  const { event: kind } = checks.head.read(value, path);
  const o: HeyNowEvent = checks[kind].read(value, path);
  const at = timestamp(o.timestamp, join(path, 'timestamp'), now);
  switch (o.event) {
    case 'handoff': {
      const { contact } = o;
      const phone = contact.phone ?? contact.id;
      if (phone == null) throw new PayloadError(join(path, 'contact.phone'), 'required (or contact.id)');
      if (o.platformId != null && idText(o.platformId) !== platformId) {
        throw new PayloadError(join(path, 'platformId'), 'does not match this provider');
      }
      const number = idText(phone);
      const name = contact.name == null ? undefined : idText(contact.name);
      const skill = idText(o.skill);
      const event: InboundEvent = {
        kind: 'handoff',
        externalConversationId: idText(o.conversationId),
        platformId,
        customer: name ? { number, name } : { number },
        skill: skill.trim() === '' ? '' : skill,
        at,
      };
      const text = o.text == null ? undefined : withoutNul(o.text);
      const files = attachments(o.attachments, path);
      if (text !== undefined || files)
        event.firstMessage = { ...(text !== undefined ? { text } : {}), ...(files ? { attachments: files } : {}) };
      const messageId = o.messageId == null ? undefined : idText(o.messageId);
      if (messageId) event.providerMessageId = messageId;
      const earlier = history(o.history, path, now);
      if (earlier) event.history = earlier;
      if (!messageId) event.deliveryKey = deliveryKey(event, o.timestamp != null);
      return event;
    }
    case 'message': {
      const text = o.text == null ? undefined : withoutNul(o.text);
      const files = attachments(o.attachments, path);
      if (text === undefined && !files)
        throw new PayloadError(join(path, 'text'), 'required when there are no attachments');
      return {
        kind: 'message',
        externalConversationId: idText(o.conversationId),
        providerMessageId: idText(o.messageId),
        ...(text !== undefined ? { text } : {}),
        ...(files ? { attachments: files } : {}),
        at,
      };
    }
    case 'customer_left':
      return {
        kind: 'customer_left',
        externalConversationId: idText(o.conversationId),
        ...(o.reason != null ? { reason: idText(o.reason) } : {}),
        at,
      };
    case 'status': {
      const { error } = o;
      return {
        kind: 'status',
        providerMessageId: idText(o.messageId),
        status: o.status,
        ...(o.conversationId != null ? { externalConversationId: idText(o.conversationId) } : {}),
        ...(error
          ? {
              error: {
                code: error.code == null ? 'unknown' : idText(error.code),
                message: error.message == null ? '' : withoutNul(error.message),
              },
            }
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
      const { events: list } = checks.batch.read(body, '');
      const events: InboundEvent[] = [];
      const rejected: RejectedEvent[] = [];
      list.forEach((item, i) => {
        const event = readEvent(i, rejected, () => oneEvent(item, join('events', i), platformId, now));
        if (event) events.push(event);
      });
      return { ok: true, events, ...(rejected.length > 0 ? { rejected } : {}) };
    }
    return { ok: true, events: [oneEvent(body, '', platformId, now)] };
  } catch (error) {
    return refused(error);
  }
}
