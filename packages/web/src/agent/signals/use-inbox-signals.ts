import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxItem } from '@switchboard/protocol';
import { askNotificationPermissionOnce, notifyHidden } from './notifications';
import { previewText } from './preview';
import { loadReadMarkers, saveReadMarkers, unreadOf, type ReadMarkers } from './read-markers';
import { playChime } from './sound';

interface Options {
  userId: string;
  /** the Active list as the server last answered it; undefined while loading */
  active: readonly InboxItem[] | undefined;
  selectedId: string | null;
  onOpen: (id: string) => void;
}

/**
 * The inbox's signals: unread counts per conversation (read markers kept per user), and a chime plus — when
 * the tab is hidden — a system notification when a conversation is assigned or a customer writes where the
 * agent is not looking. The first answer after a load only sets the baseline: a reload never rings.
 */
export function useInboxSignals({ userId, active, selectedId, onOpen }: Options) {
  const { t } = useTranslation();
  // Markers belong to a user: they are (re)read when the signed-in user becomes known or changes.
  const [state, setState] = useState(() => ({ userId, markers: loadReadMarkers(userId) }));
  if (state.userId !== userId) setState({ userId, markers: loadReadMarkers(userId) });
  const markers = state.userId === userId ? state.markers : loadReadMarkers(userId);
  const seen = useRef<Map<string, number> | null>(null);
  const openRef = useRef(onOpen);
  openRef.current = onOpen;
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;
  const tRef = useRef(t);
  tRef.current = t;

  // The open conversation is read: its marker follows every customer message that arrives while it is open.
  // Markers of conversations that left the inbox are dropped so the record stays small.
  useEffect(() => {
    if (!active || !userId) return;
    setState((previous) => {
      if (previous.userId !== userId) return previous;
      const current = previous.markers;
      const next: ReadMarkers = {};
      for (const item of active) {
        const count = item.customerMessages ?? 0;
        const marker = current[item.id];
        if (item.id === selectedId) next[item.id] = count;
        else if (marker !== undefined) next[item.id] = Math.min(marker, count);
      }
      const same =
        Object.keys(next).length === Object.keys(current).length &&
        Object.entries(next).every(([id, n]) => current[id] === n);
      if (same) return previous;
      saveReadMarkers(userId, next);
      return { userId, markers: next };
    });
  }, [active, selectedId, userId]);

  useEffect(() => {
    if (!active) return;
    const previous = seen.current;
    seen.current = new Map(active.map((item) => [item.id, item.customerMessages ?? 0]));
    if (!previous) return;
    const hidden = document.visibilityState === 'hidden';
    const t = tRef.current;
    const selectedId = selectedRef.current;
    const fresh: { item: InboxItem; title: string }[] = [];
    for (const item of active) {
      const before = previous.get(item.id);
      const name = item.customerName ?? item.customerNumber;
      if (before === undefined) fresh.push({ item, title: t('agent.signals.assigned', { name }) });
      else if ((item.customerMessages ?? 0) > before && (item.id !== selectedId || hidden))
        fresh.push({ item, title: t('agent.signals.newMessage', { name }) });
    }
    if (fresh.length === 0) return;
    playChime();
    for (const { item, title } of fresh)
      notifyHidden(title, previewText(item.lastMessage ?? null, t) ?? '', item.id, () => openRef.current(item.id));
    // Runs on a new answer only: selecting a conversation is not news.
  }, [active]);

  // Permission is asked on the agent's first click or key press in the inbox, never out of the blue.
  useEffect(() => {
    const ask = () => {
      askNotificationPermissionOnce();
      document.removeEventListener('pointerdown', ask);
      document.removeEventListener('keydown', ask);
    };
    document.addEventListener('pointerdown', ask);
    document.addEventListener('keydown', ask);
    return () => {
      document.removeEventListener('pointerdown', ask);
      document.removeEventListener('keydown', ask);
    };
  }, []);

  return useMemo(() => {
    const unread = new Map<string, number>();
    let total = 0;
    for (const item of active ?? []) {
      const n = item.id === selectedId ? 0 : unreadOf(markers, item.id, item.customerMessages ?? 0);
      unread.set(item.id, n);
      total += n;
    }
    return { unread, total };
  }, [active, markers, selectedId]);
}
