import { readJson, writeJson } from './storage';

const ASKED_KEY = 'switchboard.notifications.asked';

function api(): typeof Notification | null {
  return typeof Notification === 'undefined' ? null : Notification;
}

/**
 * Asks for notification permission once per browser, and only from a user gesture (browsers ignore or
 * penalise a prompt that comes from nowhere); the answer, whatever it is, is never asked again.
 */
export function askNotificationPermissionOnce(): void {
  const N = api();
  if (!N || N.permission !== 'default' || readJson<unknown>(ASKED_KEY, false) === true) return;
  writeJson(ASKED_KEY, true);
  try {
    void Promise.resolve(N.requestPermission()).catch(() => undefined);
  } catch {
    // Older browsers take a callback and may throw on the promise form: then no notifications.
  }
}

/** A system notification, only while the tab is hidden: a visible inbox already shows everything. */
export function notifyHidden(title: string, body: string, tag: string, onClick?: () => void): boolean {
  const N = api();
  if (!N || N.permission !== 'granted' || document.visibilityState !== 'hidden') return false;
  try {
    const n = new N(title, { body, tag });
    n.onclick = () => {
      window.focus();
      onClick?.();
      n.close();
    };
    return true;
  } catch {
    return false;
  }
}
