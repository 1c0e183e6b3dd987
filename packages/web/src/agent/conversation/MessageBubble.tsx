import { Box, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConversationMessage } from '@switchboard/protocol';
import { currentLanguage } from '../../i18n';
import { formatMessageTime } from '../../shared/format';
import { AttachmentView } from '../../shared/conversation/AttachmentView';
import { LinkifiedText } from '../../shared/conversation/LinkifiedText';
import { DeliveryStatus } from './DeliveryStatus';

interface Look {
  side: 'left' | 'right' | 'center';
  bg: string;
  muted: boolean;
}

function lookOf(message: ConversationMessage): Look {
  if (message.kind === 'event' || message.author === 'system') return { side: 'center', bg: 'gray.1', muted: true };
  switch (message.author) {
    case 'customer':
      return { side: 'left', bg: 'white', muted: false };
    case 'bot':
      return { side: 'left', bg: 'gray.1', muted: true };
    case 'supervisor':
      return { side: 'right', bg: 'indigo.0', muted: false };
    default:
      return { side: 'right', bg: 'blue.0', muted: false };
  }
}

/** One chat bubble: customers on the left, the agent's side on the right, bot and system muted. */
export function MessageBubble({ message, myId, now }: { message: ConversationMessage; myId: string; now: number }) {
  const { t } = useTranslation();
  const look = lookOf(message);
  const showAuthor = message.author !== 'customer' && !(message.author === 'agent' && message.agentId === myId);
  const author = message.authorName ?? t(`agent.author.${message.author}`);
  const time = formatMessageTime(message.createdAt, now, currentLanguage());

  if (look.side === 'center') {
    return (
      <Text
        size="xs"
        c="dimmed"
        ta="center"
        fs="italic"
        px="md"
        data-testid="message"
        data-author={message.author}
        data-kind={message.kind}
      >
        {message.text} · {time}
      </Text>
    );
  }

  return (
    <Box
      style={{ display: 'flex', justifyContent: look.side === 'left' ? 'flex-start' : 'flex-end' }}
      data-testid="message"
      data-author={message.author}
      data-kind={message.kind}
      data-message-id={message.id}
    >
      <Paper
        withBorder
        radius="lg"
        px="sm"
        py={6}
        bg={look.bg}
        maw="75%"
        style={{
          borderBottomLeftRadius: look.side === 'left' ? 4 : undefined,
          borderBottomRightRadius: look.side === 'right' ? 4 : undefined,
        }}
      >
        <Stack gap={4}>
          {showAuthor && (
            <Text size="xs" fw={700} c={look.muted ? 'dimmed' : 'indigo.7'}>
              {author}
            </Text>
          )}
          {message.attachments.map((a, i) => (
            <AttachmentView key={a.id ?? `${a.url}-${i}`} attachment={a} />
          ))}
          {message.text && (
            <Text
              size="sm"
              c={look.muted ? 'dimmed' : undefined}
              style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
            >
              <LinkifiedText text={message.text} />
            </Text>
          )}
          <Group gap={6} justify="flex-end" wrap="nowrap">
            <Text size="xs" c="dimmed">
              {time}
            </Text>
            {message.direction === 'out' && message.status !== null && (
              <DeliveryStatus status={message.status} error={message.error} />
            )}
          </Group>
        </Stack>
      </Paper>
    </Box>
  );
}
