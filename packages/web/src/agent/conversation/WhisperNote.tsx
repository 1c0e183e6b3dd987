import { Group, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatMessageTime } from '../../shared/format';
import { LockIcon } from '../../shared/icons';

/** A supervisor's note: visibly private, so the agent never mistakes it for something the customer saw. */
export function WhisperNote({ text, from, at, now }: { text: string; from: string | null; at: number; now: number }) {
  const { t } = useTranslation();
  return (
    <Paper
      radius="md"
      px="sm"
      py={6}
      mx="xl"
      bg="yellow.0"
      style={{ border: '1px dashed var(--mantine-color-yellow-6)' }}
      data-testid="whisper"
      role="note"
    >
      <Group gap={4} wrap="nowrap">
        <Text c="yellow.9" component="span" display="inline-flex">
          <LockIcon size={12} />
        </Text>
        <Text size="xs" fw={700} c="yellow.9">
          {from ? t('agent.whisper.label', { from }) : t('agent.whisper.labelAnonymous')}
        </Text>
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {text}
      </Text>
      <Text size="xs" c="dimmed" ta="right">
        {formatMessageTime(at, now, currentLanguage())}
      </Text>
    </Paper>
  );
}
