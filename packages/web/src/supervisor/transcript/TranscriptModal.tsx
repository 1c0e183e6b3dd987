import { Alert, Button, Group, Loader, Modal, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useInteraction } from '../api/supervision-api';
import { currentLanguage } from '../../i18n';
import { transcriptUrl } from '../recordings/recording-query';
import { TimelineList } from './TimelineList';
import { TranscriptMessages } from './TranscriptMessages';

/** A recording: the ordered messages with authors, times and attachments, the routing timeline, downloads. */
export function TranscriptModal({ interactionId, onClose }: { interactionId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = useInteraction(interactionId);
  const interaction = detail.data?.interaction;
  const format = new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <Modal opened={interactionId !== null} onClose={onClose} size="xl" title={t('supervisor.transcript.title')}>
      {detail.isPending && interactionId !== null && <Loader size="sm" />}
      {detail.error && <Alert color="red">{detail.error.message}</Alert>}
      {detail.data && interaction && interactionId && (
        <Stack gap="sm" data-testid="transcript" data-interaction-id={interactionId}>
          <Group justify="space-between" align="flex-start">
            <div>
              <Text fw={700}>{interaction.customerName ?? interaction.customerNumber}</Text>
              <Text size="xs" c="dimmed">
                {interaction.customerNumber} · {interaction.campaignName ?? '—'} ·{' '}
                {format.format(new Date(interaction.createdAt))}
              </Text>
              <Text size="xs" c="dimmed">
                {interaction.id}
              </Text>
              {detail.data.satisfaction ? (
                <Text size="sm" fw={600} data-testid="transcript-satisfaction">
                  {t('supervisor.transcript.satisfaction', { score: detail.data.satisfaction })}
                </Text>
              ) : null}
            </div>
            <Group gap="xs">
              <Button
                component="a"
                href={transcriptUrl(interactionId, 'txt')}
                download
                size="xs"
                variant="light"
                data-testid="transcript-download"
              >
                {t('supervisor.transcript.download')}
              </Button>
              <Button
                component="a"
                href={transcriptUrl(interactionId, 'json')}
                download
                size="xs"
                variant="default"
                data-testid="transcript-download-json"
              >
                JSON
              </Button>
            </Group>
          </Group>
          <TranscriptMessages detail={detail.data} height="50vh" testId="transcript-messages" />
          <Title order={5}>{t('supervisor.transcript.timeline', { count: detail.data.timeline.length })}</Title>
          <TimelineList timeline={detail.data.timeline} />
        </Stack>
      )}
    </Modal>
  );
}
