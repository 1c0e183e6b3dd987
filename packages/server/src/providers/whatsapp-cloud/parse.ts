import type { HandoffFirstMessage, InboundAttachment, InboundEvent } from '@switchboard/protocol';
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
  parseJsonObject,
  str,
  type Json,
} from '../payload-reader';
import type { ParseResult } from '../provider-adapter';

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
  if (!Number.isFinite(n)) throw new PayloadError(join(path, key), 'expected epoch seconds');
  return n * 1000;
}

/** The customer's message as text and attachments; types with no text form become a readable note. */
function content(m: Json, path: string): HandoffFirstMessage {
  const type = str(m, 'type', path);
  if (type === 'text') return { text: str(obj(m, 'text', path), 'body', join(path, 'text')) };
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
  if (type === 'button') return { text: str(obj(m, 'button', path), 'text', join(path, 'button')) };
  if (type === 'interactive') {
    const it = obj(m, 'interactive', path);
    const reply =
      optObj(it, 'button_reply', join(path, 'interactive')) ?? optObj(it, 'list_reply', join(path, 'interactive'));
    if (reply) return { text: str(reply, 'title', join(path, 'interactive.reply')) };
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

/**
 * Meta batches: `entry[].changes[].value.{messages[],statuses[]}`. Every customer message becomes an
 * *implicit* hand-off (see HandoffEvent.implicit): the conversation id is the customer's wa_id, the skill is
 * the provider's default skill. Changes for another phone number id belong to another provider and are
 * skipped; a reaction is a plain message of an open conversation (it does not open one).
 */
export function parseWhatsAppCloud(rawBody: Buffer, options: WhatsAppParseOptions): ParseResult {
  try {
    const body = parseJsonObject(rawBody);
    if (body.object !== 'whatsapp_business_account')
      throw new PayloadError('object', 'expected whatsapp_business_account');
    const events: InboundEvent[] = [];
    arr(body, 'entry', '').forEach((entry, ei) => {
      const ep = join('entry', ei);
      if (!isObject(entry)) throw new PayloadError(ep, 'expected an object');
      arr(entry, 'changes', ep).forEach((change, ci) => {
        const cp = join(join(ep, 'changes'), ci);
        if (!isObject(change)) throw new PayloadError(cp, 'expected an object');
        if (change.field !== 'messages') return;
        const value = obj(change, 'value', cp);
        const vp = join(cp, 'value');
        const phoneNumberId = str(obj(value, 'metadata', vp), 'phone_number_id', join(vp, 'metadata'));
        if (phoneNumberId !== options.phoneNumberId) return;
        const names = new Map<string, string>();
        for (const contact of optArr(value, 'contacts', vp) ?? []) {
          if (!isObject(contact) || typeof contact.wa_id !== 'string') continue;
          const profile = isObject(contact.profile) ? contact.profile : undefined;
          if (typeof profile?.name === 'string') names.set(contact.wa_id, profile.name);
        }
        (optArr(value, 'messages', vp) ?? []).forEach((message, mi) => {
          const mp = join(join(vp, 'messages'), mi);
          if (!isObject(message)) throw new PayloadError(mp, 'expected an object');
          const from = str(message, 'from', mp);
          // A reaction belongs to a conversation already open; it never opens one by itself.
          if (message.type === 'reaction') {
            events.push({
              kind: 'message',
              externalConversationId: from,
              providerMessageId: str(message, 'id', mp),
              ...reaction(message, mp),
              at: seconds(message, 'timestamp', mp, options.now),
            });
            return;
          }
          const name = names.get(from);
          events.push({
            kind: 'handoff',
            implicit: true,
            externalConversationId: from,
            platformId: phoneNumberId,
            customer: name ? { number: from, name } : { number: from },
            skill: options.defaultSkill,
            firstMessage: content(message, mp),
            providerMessageId: str(message, 'id', mp),
            at: seconds(message, 'timestamp', mp, options.now),
          });
        });
        (optArr(value, 'statuses', vp) ?? []).forEach((status, si) => {
          const sp = join(join(vp, 'statuses'), si);
          if (!isObject(status)) throw new PayloadError(sp, 'expected an object');
          const errors = optArr(status, 'errors', sp);
          const first = errors?.[0];
          const recipient = optStr(status, 'recipient_id', sp);
          events.push({
            kind: 'status',
            providerMessageId: str(status, 'id', sp),
            status: oneOf(status, 'status', sp, PROVIDER_DELIVERY_STATUSES),
            ...(recipient ? { externalConversationId: recipient } : {}),
            ...(isObject(first)
              ? {
                  error: {
                    code: String(first.code ?? 'unknown'),
                    message:
                      typeof first.title === 'string'
                        ? first.title
                        : typeof first.message === 'string'
                          ? first.message
                          : '',
                  },
                }
              : {}),
            at: seconds(status, 'timestamp', sp, options.now),
          });
        });
      });
    });
    return { ok: true, events };
  } catch (error) {
    if (error instanceof PayloadError) return { ok: false, reason: error.message, field: error.field };
    throw error;
  }
}
