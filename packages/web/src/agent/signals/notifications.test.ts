// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { askNotificationPermissionOnce, notifyHidden } from './notifications';

class FakeNotification {
  static permission: NotificationPermission = 'default';
  static requests = 0;
  static shown: { title: string; body?: string }[] = [];
  static requestPermission() {
    FakeNotification.requests++;
    return Promise.resolve(FakeNotification.permission);
  }
  onclick: (() => void) | null = null;
  constructor(title: string, options?: NotificationOptions) {
    FakeNotification.shown.push({ title, body: options?.body });
  }
  close() {}
}

let visibility: DocumentVisibilityState = 'visible';

beforeEach(() => {
  localStorage.clear();
  FakeNotification.permission = 'default';
  FakeNotification.requests = 0;
  FakeNotification.shown = [];
  vi.stubGlobal('Notification', FakeNotification);
  visibility = 'visible';
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('browser notifications', () => {
  it('asks permission once, and never again after any answer (even after a reload)', () => {
    askNotificationPermissionOnce();
    askNotificationPermissionOnce();
    expect(FakeNotification.requests).toBe(1);
    expect(localStorage.getItem('switchboard.notifications.asked')).toBe('true');
  });

  it('does not ask when the browser already has an answer', () => {
    FakeNotification.permission = 'denied';
    askNotificationPermissionOnce();
    expect(FakeNotification.requests).toBe(0);
  });

  it('shows a notification only while the tab is hidden, and only with permission', () => {
    FakeNotification.permission = 'granted';
    expect(notifyHidden('New message from Lucía', 'hola', 'i1')).toBe(false);
    expect(FakeNotification.shown).toHaveLength(0);

    visibility = 'hidden';
    expect(notifyHidden('New message from Lucía', 'hola', 'i1')).toBe(true);
    expect(FakeNotification.shown).toEqual([{ title: 'New message from Lucía', body: 'hola' }]);

    FakeNotification.permission = 'denied';
    expect(notifyHidden('x', 'y', 'i2')).toBe(false);
    expect(FakeNotification.shown).toHaveLength(1);
  });
});
