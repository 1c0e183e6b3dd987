// WhatsApp lets a business send free text only within 24 h of the
// customer's last message; outside it, only approved templates.

export const WHATSAPP_WINDOW_MS = 24 * 3_600_000;

export interface WhatsappWindow {
  open: boolean;
  /** When free text stops being allowed; null when the customer never wrote. */
  closesAt: number | null;
}

/** Open while less than 24 h have passed since the customer's last message (at exactly 24 h it is closed). */
export function whatsappWindow(lastCustomerMessageAt: number | null, now: number): WhatsappWindow {
  if (lastCustomerMessageAt === null) return { open: false, closesAt: null };
  const closesAt = lastCustomerMessageAt + WHATSAPP_WINDOW_MS;
  return { open: now < closesAt, closesAt };
}

/**
 * The window and templates are WhatsApp's rule: a HeyNow conversation on Facebook or Twitter has neither, so it
 * is always open there.
 */
export function windowApplies(channel: string): boolean {
  return channel === 'whatsapp';
}

/** The window of a conversation on `channel`, with whether the rule applies at all. */
export function channelWindow(
  channel: string,
  lastCustomerMessageAt: number | null,
  now: number,
): WhatsappWindow & { applies: boolean } {
  if (!windowApplies(channel)) return { open: true, closesAt: null, applies: false };
  return { ...whatsappWindow(lastCustomerMessageAt, now), applies: true };
}

export type SendCheck = { ok: true } | { ok: false; code: 'outside_24h_window'; closedAt: number | null };

/** Whether an agent's message may go out: templates always, free text only inside the window (scenario 21). */
export function checkSend(
  kind: 'text' | 'template',
  lastCustomerMessageAt: number | null,
  now: number,
  channel = 'whatsapp',
): SendCheck {
  if (kind === 'template') return { ok: true };
  const window = channelWindow(channel, lastCustomerMessageAt, now);
  return window.open ? { ok: true } : { ok: false, code: 'outside_24h_window', closedAt: window.closesAt };
}
