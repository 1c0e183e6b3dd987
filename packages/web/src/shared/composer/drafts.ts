/**
 * Unsent composer text, per user and conversation, in localStorage: switching conversations or reloading the
 * page keeps what was typed. Storage can be full or switched off; a draft is then only lost on reload.
 */
const PREFIX = 'switchboard.draft:';

const keyOf = (userId: string, interactionId: string) =>
  `${PREFIX}${encodeURIComponent(userId)}:${encodeURIComponent(interactionId)}`;

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

export function loadDraft(userId: string, interactionId: string): string {
  try {
    return storage()?.getItem(keyOf(userId, interactionId)) ?? '';
  } catch {
    return '';
  }
}

/** An empty text removes the draft. */
export function saveDraft(userId: string, interactionId: string, text: string): void {
  const store = storage();
  if (!store) return;
  try {
    if (text === '') store.removeItem(keyOf(userId, interactionId));
    else store.setItem(keyOf(userId, interactionId), text);
  } catch {
    // Quota exceeded or storage refused: the text stays in the composer, only a reload would lose it.
  }
}

/** Forgets this user's drafts of conversations they no longer hold (closed, transferred, taken over). */
export function pruneDrafts(userId: string, keep: ReadonlySet<string>): void {
  const store = storage();
  if (!store) return;
  const mine = `${PREFIX}${encodeURIComponent(userId)}:`;
  const stale: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(mine) && !keep.has(decodeURIComponent(key.slice(mine.length)))) stale.push(key);
  }
  for (const key of stale) store.removeItem(key);
}
