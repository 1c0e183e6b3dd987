import type { DeliveryStatusEvent, HandoffFirstMessage, InboundAttachment, InboundEvent } from '@switchboard/protocol';
import type { ParseResult } from '../provider-adapter';
import {
  checkTimestamp,
  hasNul,
  idText,
  join,
  parseJsonObject,
  readEvent,
  refused,
  requiredText,
  withoutNul,
  type RejectedEvent,
} from '../wire-check';
import { knownGraphError, unknownGraphErrorReason } from './error-codes';
import { MEDIA_TYPES, checks, type ContentType, type MediaType, type WhatsAppError } from './wire';

/** Meta always sends mime_type today; should one be missing, the media's kind still shows in the placeholder. */
const FALLBACK_MIME: Record<MediaType, string> = {
  image: 'image/jpeg',
  document: 'application/octet-stream',
  audio: 'audio/ogg',
  video: 'video/mp4',
  sticker: 'image/webp',
};

const isMedia = (type: string): type is MediaType => (MEDIA_TYPES as readonly string[]).includes(type);
const isContentType = (type: string): type is ContentType => Object.hasOwn(checks.content, type);

/** WhatsApp timestamps are epoch seconds as strings. */
function seconds(v: string | number | null | undefined, field: string, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  return checkTimestamp(Number(v) * 1000, field, 'epoch seconds');
}

/** The customer's message as text and attachments. Types with no text form become a readable note. */
function content(m: unknown, type: string, path: string): HandoffFirstMessage {
  if (!isContentType(type) || type === 'unsupported') return { text: unsupported(m, type) };
  if (isMedia(type)) {
    const media = checks.content[type].read(m, path)[type];
    const attachment: InboundAttachment = {
      providerMediaId: idText(media.id),
      mimeType: media.mime_type == null ? FALLBACK_MIME[type] : idText(media.mime_type),
    };
    if (media.filename != null) attachment.name = idText(media.filename);
    const caption = media.caption == null ? '' : withoutNul(media.caption);
    if (caption) attachment.caption = caption;
    return { ...(caption ? { text: caption } : {}), attachments: [attachment] };
  }
  switch (type) {
    case 'text':
      return { text: requiredText(checks.content.text.read(m, path).text.body, join(path, 'text.body')) };
    case 'button':
      return { text: requiredText(checks.content.button.read(m, path).button.text, join(path, 'button.text')) };
    case 'interactive': {
      const it = checks.content.interactive.read(m, path).interactive;
      if (it.button_reply)
        return { text: requiredText(it.button_reply.title, join(path, 'interactive.button_reply.title')) };
      if (it.list_reply) return { text: requiredText(it.list_reply.title, join(path, 'interactive.list_reply.title')) };
      return { text: unsupported(m, `interactive ${it.type ?? ''}`.trim()) };
    }
    case 'location':
      return { text: withoutNul(location(checks.content.location.read(m, path).location)) };
    case 'contacts':
      return { text: withoutNul(contactCards(checks.content.contacts.read(m, path).contacts)) };
    case 'order': {
      const order = checks.content.order.read(m, path).order;
      return { text: withoutNul(orderText(order.product_items ?? [], order.text ?? undefined)) };
    }
    case 'system': {
      const body = checks.content.system.read(m, path).system.body;
      return { text: body ? `ℹ️ ${withoutNul(body)}` : '[System message]' };
    }
    case 'reaction':
      // Reactions are read in `message` below; one reaching here is shown as text all the same.
      return { text: reaction(m, path).text };
  }
}

type LocationValue = ReturnType<typeof checks.content.location.read>['location'];

/** Coordinates and the place's name and address, as far as Meta gave them. */
function location(loc: LocationValue): string {
  const label = [loc.name, loc.address].filter((x) => typeof x === 'string' && x).join(', ');
  const where =
    loc.latitude != null && loc.longitude != null ? `${String(loc.latitude)},${String(loc.longitude)}` : 'Location';
  return `📍 ${where}${label ? ` (${label})` : ''}`;
}

/** Shared contact cards as names and numbers, one card a line; a card of another shape is skipped. */
function contactCards(cards: unknown[]): string {
  const lines = cards.filter(checks.contactCard.is).map((card) => {
    const n = card.name ?? {};
    const name = n.formatted_name || [n.first_name, n.last_name].filter((x) => x).join(' ') || 'Contact';
    const phones = (card.phones ?? []).map((p) => p.phone || p.wa_id || '').filter((p) => p !== '');
    return `👤 ${name}${phones.length > 0 ? `: ${phones.join(', ')}` : ''}`;
  });
  return lines.length > 0 ? lines.join('\n') : '👤 Contact card';
}

/** A catalogue order as its items (quantity × product, price) and the customer's note. */
function orderText(items: unknown[], note: string | undefined): string {
  const lines = items.filter(checks.orderItem.is).map((item) => {
    const price =
      item.item_price != null ? ` (${String(item.item_price)}${item.currency ? ` ${item.currency}` : ''})` : '';
    return `${String(item.quantity)} × ${String(item.product_retailer_id)}${price}`;
  });
  const head = `🛒 Order${lines.length > 0 ? `: ${lines.join(', ')}` : ''}`;
  return note ? `${head}\n${note}` : head;
}

/** A type we cannot show (Meta's `unsupported`, or one added later): a readable note, never a lost message. */
function unsupported(m: unknown, type: string): string {
  const errors = (m as { errors?: unknown }).errors;
  const first = Array.isArray(errors) ? errors.find(checks.error.is) : undefined;
  const detail = first ? [first.title, first.error_data?.details ?? first.details].filter((x) => x).join(' — ') : '';
  return `[Unsupported message${type !== 'unsupported' ? ` (${type})` : ''}${detail ? `: ${withoutNul(detail)}` : ''}]`;
}

/** A reaction names the emoji and the message it is about (an empty emoji removes an earlier one). */
function reaction(m: unknown, path: string): { text: string; reaction?: { emoji: string; providerMessageId: string } } {
  const r = checks.content.reaction.read(m, path).reaction;
  const target = r.message_id == null ? undefined : idText(r.message_id);
  const emoji = r.emoji ?? '';
  const text = emoji
    ? `Reacted ${emoji} to message ${target ?? 'unknown'}`
    : `Removed a reaction from message ${target ?? 'unknown'}`;
  return target
    ? { text: withoutNul(text), reaction: { emoji, providerMessageId: target } }
    : { text: withoutNul(text) };
}

export interface WhatsAppParseOptions {
  phoneNumberId: string;
  defaultSkill: string;
  now: number;
}

/** A profile name that could not be stored (NUL, wider than customer_name) is left out: the number suffices. */
function profileNames(contacts: unknown[] | null | undefined): Map<string, string> {
  const names = new Map<string, string>();
  for (const contact of contacts ?? []) {
    if (!checks.contact.is(contact)) continue;
    const name = contact.profile?.name;
    if (typeof name === 'string' && !hasNul(name) && name.length <= 200) names.set(contact.wa_id, name);
  }
  return names;
}

/**
 * The first error of a status, with the agent's sentence for Meta's code (error-codes.ts) and whether the
 * failure is throughput that a later send fixes. An unknown code is told as its code and title only.
 */
function statusError(first: unknown): { error?: DeliveryStatusEvent['error'] } {
  if (!checks.error.is(first)) return {};
  const e: WhatsAppError = first;
  const code = e.code == null ? 'unknown' : String(e.code);
  const known = typeof e.code === 'number' ? knownGraphError(e.code) : undefined;
  const error = { code: withoutNul(code).slice(0, 64), message: withoutNul(e.title ?? e.message ?? '').slice(0, 1000) };
  return {
    error: known
      ? { ...error, reason: known.reason, ...(known.retryable ? { retryable: true } : {}) }
      : { ...error, reason: unknownGraphErrorReason(error.code, error.message) },
  };
}

function message(
  m: unknown,
  mp: string,
  phoneNumberId: string,
  names: Map<string, string>,
  options: WhatsAppParseOptions,
): InboundEvent {
  const head = checks.messageHead.read(m, mp);
  const from = idText(head.from);
  const type = idText(head.type);
  const at = seconds(head.timestamp, join(mp, 'timestamp'), options.now);
  // A reaction belongs to a conversation already open; it never opens one by itself.
  if (type === 'reaction') {
    const { text: said, ...rest } = reaction(m, mp);
    return {
      kind: 'message',
      externalConversationId: from,
      providerMessageId: idText(head.id),
      text: said,
      ...rest,
      at,
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
    firstMessage: content(m, type, mp),
    providerMessageId: idText(head.id),
    at,
  };
}

function status(s: unknown, sp: string, options: WhatsAppParseOptions): InboundEvent {
  const st = checks.status.read(s, sp);
  return {
    kind: 'status',
    providerMessageId: idText(st.id),
    status: st.status,
    ...(st.recipient_id != null ? { externalConversationId: idText(st.recipient_id) } : {}),
    ...statusError(st.errors?.[0]),
    at: seconds(st.timestamp, join(sp, 'timestamp'), options.now),
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
    const body = checks.notification.read(parseJsonObject(rawBody), '');
    const events: InboundEvent[] = [];
    const rejected: RejectedEvent[] = [];
    let index = 0;
    const one = (read: () => InboundEvent) => {
      const event = readEvent(index++, rejected, read);
      if (event) events.push(event);
    };
    body.entry.forEach((entry, ei) => {
      entry.changes.forEach((change, ci) => {
        const cp = join(join(join('entry', ei), 'changes'), ci);
        const vp = join(cp, 'value');
        const readable = readEvent(index, rejected, () => {
          if (checks.changeHead.read(change, cp).field !== 'messages') return null;
          const { value } = checks.messagesChange.read(change, cp);
          const phoneNumberId = idText(value.metadata.phone_number_id);
          return phoneNumberId === options.phoneNumberId ? { value, phoneNumberId } : null;
        });
        // A rejected change takes an index of its own; one for another kind of field or number takes none.
        if (readable === undefined) index++;
        if (!readable) return;
        const { value, phoneNumberId } = readable;
        const names = profileNames(value.contacts);
        (value.messages ?? []).forEach((m, mi) =>
          one(() => message(m, join(join(vp, 'messages'), mi), phoneNumberId, names, options)),
        );
        (value.statuses ?? []).forEach((s, si) => one(() => status(s, join(join(vp, 'statuses'), si), options)));
      });
    });
    return { ok: true, events, ...(rejected.length > 0 ? { rejected } : {}) };
  } catch (error) {
    return refused(error);
  }
}
