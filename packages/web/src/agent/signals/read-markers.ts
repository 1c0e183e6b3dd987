import { readJson, writeJson } from './storage';

/**
 * How many customer messages the agent had seen in each conversation when it was last open, per user, in
 * localStorage: the unread count on a card is what arrived since, and survives a reload.
 */
const keyOf = (userId: string) => `switchboard.read:${encodeURIComponent(userId)}`;

export type ReadMarkers = Record<string, number>;

export function loadReadMarkers(userId: string): ReadMarkers {
  const raw = readJson<unknown>(keyOf(userId), {});
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const out: ReadMarkers = {};
  for (const [id, seen] of Object.entries(raw)) if (typeof seen === 'number' && seen >= 0) out[id] = seen;
  return out;
}

/** Keeps only the conversations still in the inbox, so the record never grows over a shift. */
export function saveReadMarkers(userId: string, markers: ReadMarkers): void {
  writeJson(keyOf(userId), markers);
}

/** Unread = customer messages beyond the marker; a conversation never opened counts all of them. */
export function unreadOf(markers: ReadMarkers, id: string, customerMessages: number): number {
  return Math.max(0, customerMessages - (markers[id] ?? 0));
}
