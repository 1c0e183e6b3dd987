import { useEffect, useRef } from 'react';
import { ScrollArea, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InteractionDetail } from '@switchboard/protocol';
import { inOrder } from './transcript-order';
import { TranscriptMessage } from './TranscriptMessage';

interface Props {
  detail: InteractionDetail;
  height: number | string;
  /** Keeps the newest message in view (the live view); a recording opens at the start. */
  follow?: boolean;
  testId: string;
}

export function TranscriptMessages({ detail, height, follow = false, testId }: Props) {
  const { t } = useTranslation();
  const viewport = useRef<HTMLDivElement>(null);
  const messages = inOrder(detail.messages);
  const last = messages.at(-1)?.id;

  useEffect(() => {
    const el = viewport.current;
    if (follow && el) el.scrollTop = el.scrollHeight;
  }, [follow, last]);

  return (
    <ScrollArea h={height} viewportRef={viewport} type="auto" offsetScrollbars data-testid={testId}>
      <Stack gap="xs" p="xs">
        {messages.length === 0 && (
          <Text size="sm" c="dimmed" ta="center">
            {t('supervisor.transcript.noMessages')}
          </Text>
        )}
        {messages.map((m) => (
          <TranscriptMessage key={m.id} message={m} interaction={detail.interaction} />
        ))}
      </Stack>
    </ScrollArea>
  );
}
