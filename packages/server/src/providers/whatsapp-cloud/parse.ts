import type { DeliveryStatusEvent, HandoffFirstMessage, InboundAttachment, InboundEvent } from '@switchboard/protocol';
import { PROVIDER_DELIVERY_STATUSES } from '@switchboard/protocol';
import {
  PayloadError,
  arr,
  isObject,
  join,
  obj,
  oneOf,
  optArr,
  optObj,
  optStr,
  optText,
  checkTimestamp,
  hasNul,
  parseJsonObject,
  readEvent,
  str,
  text,
  withoutNul,
  type Json,
  type RejectedEvent,
} from '../payload-reader';
import type { ParseResult } from '../provider-adapter';
import { knownGraphError, unknownGraphErrorReason } from './error-codes';

const MEDIA_TYPES = ['image', 'document', 'audio', 'video', 'sticker'] as const;

/** Meta always sends mime_type today; should one be missing, the media's kind still shows in the placeholder. */
const FALLBACK_MIME: Record<(typeof MEDIA_TYPES)[number], string> = {
  image: 'image/jpeg',
  document: 'application/octet-stream',
  audio: 'audio/ogg',
  video: 'video/mp4',
  sticker: 'image/webp',
};

/** WhatsApp timestamps are epoch seconds as strings. */
function seconds(o: Json, key: string, path: string, fallback: number): number {
  const v = o[key];
  if (v === undefined || v === null) return fallback;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return checkTimestamp(n * 1000, join(path, key), 'epoch seconds');
}

/** The customer's message as text and attachments; NULs removed from the text (see optText). */
function content(m: Json, path: string): HandoffFirstMessage {
  const read = readContent(m, path);
  return read.text === undefined ? read : { ...read, text: withoutNul(read.text) };
}

/** Types with no text form become a readable note. */
function readContent(m: Json, path: string): HandoffFirstMessage {
  const type = str(m, 'type', path);
  if (type === 'text') return { text: text(obj(m, 'text', path), 'body', join(path, 'text')) };
  if ((MEDIA_TYPES as readonly string[]).includes(type)) {
    const mp = join(path, type);
    const media = obj(m, type, path);
    const attachment: InboundAttachment = {
      providerMediaId: str(media, 'id', mp),
      mimeType: optStr(media, 'mime_type', mp) ?? FALLBACK_MIME[type as (typeof MEDIA_TYPES)[number]],
    };
    const name = optStr(media, 'filename', mp);
    if (name) attachment.name = name;
    const caption = optText(media, 'caption', mp);
    if (caption) attachment.caption = caption;
    return { ...(caption ? { text: caption } : {}), attachments: [attachment] };
  }
  if (type === 'location') {
    const loc = obj(m, 'location', path);
    const label = [loc.name, loc.address].filter((x) => typeof x === 'string' && x).join(', ');
    return { text: `📍 ${String(loc.latitude)},${String(loc.longitude)}${label ? ` (${label})` : ''}` };
  }
  if (type === 'contacts') return { text: contactCards(arr(m, 'contacts', path)) };
  if (type === 'button') return { text: text(obj(m, 'button', path), 'text', join(path, 'button')) };
  if (type === 'interactive') {
    const it = obj(m, 'interactive', path);
    const reply =
      optObj(it, 'button_reply', join(path, 'interactive')) ?? optObj(it, 'list_reply', join(path, 'interactive'));
    if (reply) return { text: text(reply, 'title', join(path, 'interactive.reply')) };
  }
  return { text: unsupported(m, type) };
}

/** Shared contact cards as names and numbers, one card a line. */
function contactCards(cards: unknown[]): string {
  const lines = cards.filter(isObject).map((card) => {
    const n = isObject(card.name) ? card.name : {};
    const name =
      typeof n.formatted_name === 'string' && n.formatted_name
        ? n.formatted_name
        : [n.first_name, n.last_name].filter((x) => typeof x === 'string' && x).join(' ') || 'Contact';
    const phones = (Array.isArray(card.phones) ? card.phones : [])
      .filter(isObject)
      .map((p) => (typeof p.phone === 'string' ? p.phone : typeof p.wa_id === 'string' ? p.wa_id : ''))
      .filter((p) => p !== '');
    return `👤 ${name}${phones.length > 0 ? `: ${phones.join(', ')}` : ''}`;
  });
  return lines.length > 0 ? lines.join('\n') : '👤 Contact card';
}

/** A type we cannot show (Meta's `unsupported`, or one added later): a readable note, never a lost message. */
function unsupported(m: Json, type: string): string {
  const first = Array.isArray(m.errors) ? m.errors.find(isObject) : undefined;
  const detail = first
    ? [first.title, isObject(first.error_data) ? first.error_data.details : undefined]
        .filter((x) => typeof x === 'string' && x)
        .join(' — ')
    : '';
  return `[Unsupported message${type !== 'unsupported' ? ` (${type})` : ''}${detail ? `: ${detail}` : ''}]`;
}

/** A reaction names the emoji and the message it is about (an empty emoji removes an earlier one). */
function reaction(m: Json, path: string): { text: string; reaction?: { emoji: string; providerMessageId: string } } {
  const r = obj(m, 'reaction', path);
  const target = optStr(r, 'message_id', join(path, 'reaction'));
  const emoji = typeof r.emoji === 'string' ? r.emoji : '';
  const text = emoji
    ? `Reacted ${emoji} to message ${target ?? 'unknown'}`
    : `Removed a reaction from message ${target ?? 'unknown'}`;
  return target ? { text, reaction: { emoji, providerMessageId: target } } : { text };
}

export interface WhatsAppParseOptions {
  phoneNumberId: string;
  defaultSkill: string;
  now: number;
}

/** A profile name that could not be stored (NUL, wider than customer_name) is left out: the number suffices. */
function profileNames(value: Json, vp: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const contact of optArr(value, 'contacts', vp) ?? []) {
    if (!isObject(contact) || typeof contact.wa_id !== 'string') continue;
    const name = isObject(contact.profile) ? contact.profile.name : undefined;
    if (typeof name === 'string' && !hasNul(name) && name.length <= 200) names.set(contact.wa_id, name);
  }
  return names;
}

/**
 * The first error of a status, with the agent's sentence for Meta's code (error-codes.ts) and whether the
 * failure is throughput that a later send fixes. An unknown code is told as its code and title only.
 */
function statusError(first: unknown): { error?: DeliveryStatusEvent['error'] } {
  if (!isObject(first)) return {};
  const message =
    typeof first.title === 'string' ? first.title : typeof first.message === 'string' ? first.message : '';
  const code = typeof first.code === 'string' || typeof first.code === 'number' ? String(first.code) : 'unknown';
  const known = typeof first.code === 'number' ? knownGraphError(first.code) : undefined;
  const error = { code: withoutNul(code).slice(0, 64), message: withoutNul(message).slice(0, 1000) };
  return {
    error: known
      ? { ...error, reason: known.reason, ...(known.retryable ? { retryable: true } : {}) }
      : { ...error, reason: unknownGraphErrorReason(error.code, error.message) },
  };
}

/**
 * Meta batches: `entry[].changes[].value.{messages[],statuses[]}`. Every customer message becomes an
 * *implicit* hand-off (see HandoffEvent.implicit): the conversation id is the customer's wa_id, the skill is
 * the provider's default skill. Changes for another phone number id belong to another provider and are
 * skipped; a reaction is a plain message of an open conversation (it does not open one). A malformed envelope (`object`, `entry`,
 * `changes`) refuses the body; a malformed change, message or status is listed in `rejected` (its `index`
 * counts the messages, the statuses and the unreadable changes in order) and the rest is kept — Meta retries any answer but
 * 200 for days, so one odd message must not hold back the others.
 */
export function parseWhatsAppCloud(rawBody: Buffer, options: WhatsAppParseOptions): ParseResult {
  try {
    const body = parseJsonObject(rawBody);
    if (body.object !== 'whatsapp_business_account')
      throw new PayloadError('object', 'expected whatsapp_business_account');
    const events: InboundEvent[] = [];
    const rejected: RejectedEvent[] = [];
    let index = 0;
    const one = (read: () => InboundEvent | undefined) => {
      const event = readEvent(index++, rejected, read);
      if (event) events.push(event);
    };
    arr(body, 'entry', '').forEach((entry, ei) => {
      const ep = join('entry', ei);
      if (!isObject(entry)) throw new PayloadError(ep, 'expected an object');
      arr(entry, 'changes', ep).forEach((change, ci) => {
        const cp = join(join(ep, 'changes'), ci);
        const vp = join(cp, 'value');
        let phoneNumberId = '';
        let messages: unknown[] = [];
        let statuses: unknown[] = [];
        let names = new Map<string, string>();
        const readable = readEvent(index, rejected, () => {
          if (!isObject(change)) throw new PayloadError(cp, 'expected an object');
          if (change.field !== 'messages') return false;
          const value = obj(change, 'value', cp);
          phoneNumberId = str(obj(value, 'metadata', vp), 'phone_number_id', join(vp, 'metadata'));
          if (phoneNumberId !== options.phoneNumberId) return false;
          names = profileNames(value, vp);
          messages = optArr(value, 'messages', vp) ?? [];
          statuses = optArr(value, 'statuses', vp) ?? [];
          return true;
        });
        if (readable === undefined) index++;
        if (!readable) return;
        messages.forEach((message, mi) =>
          one(() => {
            const mp = join(join(vp, 'messages'), mi);
            if (!isObject(message)) throw new PayloadError(mp, 'expected an object');
            // The wa_id is both the customer number (varchar(64)) and the conversation id.
            const from = str(message, 'from', mp, 64);
            // A reaction belongs to a conversation already open; it never opens one by itself.
            if (message.type === 'reaction') {
              const { text: said, ...rest } = reaction(message, mp);
              return {
                kind: 'message',
                externalConversationId: from,
                providerMessageId: str(message, 'id', mp),
                text: withoutNul(said),
                ...rest,
                at: seconds(message, 'timestamp', mp, options.now),
              };
            }
            const name = names.get(from);
            return {
              kind: 'handoff',
              implicit: true,
              externalConversationId: from,
              platformId: phoneNumberId,
              customer: name ? { number: from, name } : { number: from },
              skill: options.defaultSkill,
              firstMessage: content(message, mp),
              providerMessageId: str(message, 'id', mp),
              at: seconds(message, 'timestamp', mp, options.now),
            };
          }),
        );
        statuses.forEach((status, si) =>
          one(() => {
            const sp = join(join(vp, 'statuses'), si);
            if (!isObject(status)) throw new PayloadError(sp, 'expected an object');
            const recipient = optStr(status, 'recipient_id', sp);
            return {
              kind: 'status',
              providerMessageId: str(status, 'id', sp),
              status: oneOf(status, 'status', sp, PROVIDER_DELIVERY_STATUSES),
              ...(recipient ? { externalConversationId: recipient } : {}),
              ...statusError(optArr(status, 'errors', sp)?.[0]),
              at: seconds(status, 'timestamp', sp, options.now),
            };
          }),
        );
      });
    });
    return { ok: true, events, ...(rejected.length > 0 ? { rejected } : {}) };
  } catch (error) {
    if (error instanceof PayloadError) return { ok: false, reason: error.message, field: error.field };
    throw error;
  }
}
