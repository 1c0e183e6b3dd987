import { describe, expect, it } from 'vitest';
import { channelWindow, checkSend, whatsappWindow, windowApplies } from './whatsapp-window';

const H = 3_600_000;

describe('WhatsApp 24-hour window (scenario 21)', () => {
  it('is open until exactly 24 h after the last customer message', () => {
    expect(whatsappWindow(0, 24 * H - 1)).toEqual({ open: true, closesAt: 24 * H });
    expect(whatsappWindow(0, 24 * H)).toEqual({ open: false, closesAt: 24 * H });
  });

  it('is closed when the customer never wrote', () => {
    expect(whatsappWindow(null, 0)).toEqual({ open: false, closesAt: null });
  });

  it('refuses free text 25 h after the last message but allows a template', () => {
    expect(checkSend('text', 0, 25 * H)).toEqual({ ok: false, code: 'outside_24h_window', closedAt: 24 * H });
    expect(checkSend('template', 0, 25 * H)).toEqual({ ok: true });
    expect(checkSend('text', 0, H)).toEqual({ ok: true });
  });
});

describe('the window on other channels', () => {
  it('does not apply to Facebook or Twitter: free text goes out days after the last message', () => {
    expect(channelWindow('facebook', 0, 72 * H)).toEqual({ open: true, closesAt: null, applies: false });
    expect(checkSend('text', 0, 72 * H, 'twitter')).toEqual({ ok: true });
    expect(checkSend('text', null, 72 * H, 'facebook')).toEqual({ ok: true });
  });

  it('applies to WhatsApp whichever provider kind carries it', () => {
    expect(channelWindow('whatsapp', 0, 25 * H)).toEqual({ open: false, closesAt: 24 * H, applies: true });
    expect(windowApplies('whatsapp')).toBe(true);
    expect(windowApplies('facebook')).toBe(false);
  });
});
