import { useEffect, useRef } from 'react';
import { ScrollArea, Stack, Text } from '@mantine/core';
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

export function MessageList({ messages, whispers = [], myId, now, follow = true, height = '100%' }: Props) {
  const { t } = useTranslation();
  const viewport = useRef<HTMLDivElement>(null);
  const entries = mergeEntries(messages, whispers);
  const last = entries.at(-1)?.key;

  useEffect(() => {
    const el = viewport.current;
    if (follow && el) el.scrollTop = el.scrollHeight;
  }, [follow, last]);

  return (
    <ScrollArea h={height} viewportRef={viewport} type="auto" offsetScrollbars data-testid="message-list">
      <Stack gap="xs" p="sm">
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
            <WhisperNote key={entry.key} text={entry.whisper.text} from={entry.whisper.from} at={entry.at} now={now} />
          ),
        )}
      </Stack>
    </ScrollArea>
  );
}
