import { useState } from 'react';
import { Alert, Badge, Grid, Loader, Modal, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { useEarlier, useTranscript } from '../api/agent-api';
import { MessageList } from '../conversation/MessageList';
import { formatDateTime } from '../../shared/format';

interface Props {
  interactionId: string;
  myId: string;
  opened: boolean;
  onClose: () => void;
}

/** The same customer number's earlier interactions, each readable as a transcript but never writable. */
export function EarlierDialog({ interactionId, myId, opened, onClose }: Props) {
  const { t } = useTranslation();
  const list = useEarlier(interactionId, opened);
  const [chosen, setChosen] = useState<string | null>(null);
  const transcript = useTranscript(opened ? chosen : null);
  const language = currentLanguage();

  return (
    <Modal opened={opened} onClose={onClose} title={t('agent.earlier.title')} size="90%" data-testid="earlier-dialog">
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap={6} mah="65vh" style={{ overflowY: 'auto' }}>
            {list.isPending && <Loader size="sm" />}
            {list.error && <Alert color="red">{list.error.message}</Alert>}
            {list.data?.length === 0 && <Text c="dimmed">{t('agent.earlier.empty')}</Text>}
            {list.data?.map((item) => (
              <UnstyledButton
                key={item.id}
                onClick={() => setChosen(item.id)}
                data-testid="earlier-item"
                data-interaction-id={item.id}
                aria-current={item.id === chosen}
              >
                <Paper withBorder p="xs" radius="md" bg={item.id === chosen ? 'blue.0' : undefined}>
                  <Text size="sm" fw={600}>
                    {formatDateTime(item.createdAt, language)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {item.campaignName ?? '—'} ·{' '}
                    {item.agentNames.length > 0 ? item.agentNames.join(', ') : t('agent.earlier.noAgent')}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('agent.earlier.messages', { count: item.messageCount })}
                    {item.closeReason ? (
                      <Badge ml={6} size="xs" variant="light" color="gray">
                        {item.closeReason}
                      </Badge>
                    ) : null}
                  </Text>
                </Paper>
              </UnstyledButton>
            ))}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder radius="md" bg="gray.0" h="65vh" data-testid="earlier-transcript">
            {!chosen && (
              <Text c="dimmed" p="md">
                {t('agent.earlier.pick')}
              </Text>
            )}
            {chosen && transcript.isPending && <Loader m="md" size="sm" />}
            {transcript.error && (
              <Alert color="red" m="md">
                {transcript.error.message}
              </Alert>
            )}
            {transcript.data && (
              <MessageList messages={transcript.data.messages} myId={myId} now={Date.now()} follow={false} />
            )}
          </Paper>
        </Grid.Col>
      </Grid>
    </Modal>
  );
}
