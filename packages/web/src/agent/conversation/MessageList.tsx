import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Box, Button, ScrollArea, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConversationMessage } from '@switchboard/protocol';
import type { Whisper } from '../live/whispers';
import { MessageBubble } from './MessageBubble';
import { WhisperNote } from './WhisperNote';

type Entry = { at: number; key: string } & ({ message: ConversationMessage } | { whisper: Whisper });

/**
 * Stored messages plus whispers that arrived live. A live whisper whose text is already stored as a
 * whisper message is the same note, so it is shown once.
 */
export function mergeEntries(messages: readonly ConversationMessage[], whispers: readonly Whisper[]): Entry[] {
  const stored = new Set(messages.filter((m) => m.kind === 'whisper').map((m) => m.text ?? ''));
  const entries: Entry[] = messages.map((message) => ({ at: message.createdAt, key: message.id, message }));
  for (const whisper of whispers) {
    if (!stored.has(whisper.text)) entries.push({ at: whisper.at, key: `w-${whisper.key}`, whisper });
  }
  // Stable: messages keep the server's order, whispers slot in by time.
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at - b.entry.at || a.index - b.index)
    .map(({ entry }) => entry);
}

interface Props {
  messages: readonly ConversationMessage[];
  whispers?: readonly Whisper[];
  myId: string;
  now: number;
  /** Fills the pane and follows new messages; a transcript in a dialog just lists them. */
  follow?: boolean;
  height?: number | string;
}

/** How far above the bottom still counts as "at the bottom" (a pixel or two of rounding, a half-read line). */
const PINNED_SLACK = 48;

export function MessageList({ messages, whispers = [], myId, now, follow = true, height = '100%' }: Props) {
  const { t } = useTranslation();
  const viewport = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const entries = mergeEntries(messages, whispers);
  const lastEntry = entries.at(-1);
  const last = lastEntry?.key;
  // Whether the agent is reading the newest message: only then do new messages and late images move the view.
  const pinned = useRef(true);
  const seenLast = useRef<string | undefined>(undefined);
  const [unseen, setUnseen] = useState(0);

  const toBottom = useCallback(() => {
    const el = viewport.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    pinned.current = true;
    setUnseen(0);
  }, []);

  // Layout effect: the list is placed at its newest message before the first paint, never seen jumping.
  useLayoutEffect(() => {
    if (!follow || last === undefined || last === seenLast.current) return;
    const first = seenLast.current === undefined;
    seenLast.current = last;
    // What the agent just sent is shown even when they had scrolled up to read something.
    const mine = lastEntry && 'message' in lastEntry && lastEntry.message.agentId === myId;
    if (first || pinned.current || mine) toBottom();
    else setUnseen((n) => n + 1);
  }, [follow, last, lastEntry, myId, toBottom]);

  // Images and other late content grow the list after it was placed: stay at the bottom if the agent was there.
  useEffect(() => {
    const el = content.current;
    if (!follow || !el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (pinned.current) toBottom();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [follow, toBottom]);

  const onScroll = () => {
    const el = viewport.current;
    if (!el) return;
    pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight <= PINNED_SLACK;
    if (pinned.current) setUnseen(0);
  };

  return (
    <Box pos="relative" h={height}>
      <ScrollArea
        h="100%"
        viewportRef={viewport}
        onScrollPositionChange={follow ? onScroll : undefined}
        type="auto"
        offsetScrollbars
        data-testid="message-list"
      >
        <Stack
          gap="xs"
          p="sm"
          ref={content}
          // `load` does not bubble, but it can be caught: an image that finished loading keeps a pinned list pinned.
          onLoadCapture={() => {
            if (follow && pinned.current) toBottom();
          }}
        >
          {entries.length === 0 && (
            <Text size="sm" c="dimmed" ta="center">
              {t('agent.conversation.empty')}
            </Text>
          )}
          {entries.map((entry) =>
            'message' in entry ? (
              entry.message.kind === 'whisper' ? (
                <WhisperNote
                  key={entry.key}
                  text={entry.message.text ?? ''}
                  from={entry.message.authorName}
                  at={entry.at}
                  now={now}
                />
              ) : (
                <MessageBubble key={entry.key} message={entry.message} myId={myId} now={now} />
              )
            ) : (
              <WhisperNote
                key={entry.key}
                text={entry.whisper.text}
                from={entry.whisper.from}
                at={entry.at}
                now={now}
              />
            ),
          )}
        </Stack>
      </ScrollArea>
      {unseen > 0 && (
        <Button
          size="xs"
          radius="xl"
          pos="absolute"
          bottom={12}
          left="50%"
          style={{ transform: 'translateX(-50%)', boxShadow: 'var(--mantine-shadow-sm)' }}
          onClick={toBottom}
          data-testid="new-messages-pill"
          data-count={unseen}
        >
          {t('agent.conversation.newMessages')} ↓
        </Button>
      )}
    </Box>
  );
}
