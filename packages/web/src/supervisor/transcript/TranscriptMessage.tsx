import { Badge, Box, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConversationMessage, InteractionSummary } from '@switchboard/protocol';
import { AttachmentView } from '../../shared/conversation/AttachmentView';
import { LinkifiedText } from '../../shared/conversation/LinkifiedText';
import { currentLanguage } from '../../i18n';

function when(at: number, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(at));
}

const TINT: Record<ConversationMessage['author'], string | undefined> = {
  customer: undefined,
  bot: 'var(--mantine-color-gray-light)',
  agent: 'var(--mantine-color-blue-light)',
  supervisor: 'var(--mantine-color-indigo-light)',
  system: undefined,
};

/** One line of a transcript as a supervisor reads it: who, when, what, attachments; private notes marked. */
export function TranscriptMessage({
  message,
  interaction,
}: {
  message: ConversationMessage;
  interaction: InteractionSummary;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const role = t(`supervisor.author.${message.author}`);
  const author =
    message.author === 'customer'
      ? (interaction.customerName ?? interaction.customerNumber)
      : (message.authorName ?? role);
  const time = when(message.createdAt, language);

  if (message.kind === 'event' || message.author === 'system') {
    return (
      <Text
        size="xs"
        c="dimmed"
        fs="italic"
        ta="center"
        data-testid="transcript-message"
        data-author={message.author}
        data-kind={message.kind}
      >
        {message.text} · {time}
      </Text>
    );
  }

  const whisper = message.kind === 'whisper';
  return (
    <Box
      p="xs"
      style={{
        borderRadius: 6,
        background: whisper ? 'var(--mantine-color-yellow-light)' : TINT[message.author],
        border: whisper ? '1px dashed var(--mantine-color-yellow-6)' : '1px solid var(--mantine-color-default-border)',
      }}
      data-testid="transcript-message"
      data-author={message.author}
      data-kind={message.kind}
      data-message-id={message.id}
    >
      <Group justify="space-between" gap="xs" wrap="nowrap" mb={2}>
        <Group gap={6} wrap="nowrap">
          <Text size="xs" fw={700}>
            {author}
          </Text>
          {role !== author && (
            <Text size="xs" c="dimmed">
              {role}
            </Text>
          )}
          {whisper && (
            <Badge size="xs" color="yellow" variant="filled">
              {t('supervisor.live.private')}
            </Badge>
          )}
          {message.status === 'failed' && (
            <Badge size="xs" color="red" variant="light" title={message.error ?? undefined}>
              {t('supervisor.transcript.failed')}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed" ff="monospace">
          {time}
        </Text>
      </Group>
      <Stack gap={4}>
        {message.attachments.map((a, i) => (
          <AttachmentView key={a.id ?? `${a.url}-${i}`} attachment={a} />
        ))}
        {message.text && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            <LinkifiedText text={message.text} />
          </Text>
        )}
      </Stack>
    </Box>
  );
}
