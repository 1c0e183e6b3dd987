import { Alert, Badge, Group, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { useInteraction } from '../api/supervision-api';
import { TimelineList } from '../transcript/TimelineList';
import { TranscriptMessages } from '../transcript/TranscriptMessages';
import { TakenOverReply } from './TakenOverReply';
import { TakeoverButton } from './TakeoverButton';
import { WhisperBox } from './WhisperBox';

/**
 * Read-only live view of one conversation: the transcript follows the live channel, which
 * invalidates this interaction on every message; whisper and take-over are the only actions.
 */
export function LiveConversation({ interactionId }: { interactionId: string }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const detail = useInteraction(interactionId);

  if (detail.isPending) return <Loader size="sm" />;
  if (detail.error) return <Alert color="red">{detail.error.message}</Alert>;
  const { interaction } = detail.data;
  const closed = interaction.status === 'closed';
  const mine = me !== undefined && me !== null && interaction.ownerAgentId === me.id;

  return (
    <Stack gap="sm" data-testid="live-view" data-interaction-id={interactionId}>
      <Group justify="space-between" wrap="nowrap">
        <div>
          <Text fw={700}>{interaction.customerName ?? interaction.customerNumber}</Text>
          <Text size="xs" c="dimmed">
            {interaction.customerNumber} · {interaction.campaignName ?? '—'} · {interaction.id}
          </Text>
        </div>
        <Stack gap={2} align="flex-end">
          <Badge variant="light" color={closed ? 'gray' : 'green'}>
            {t(`supervisor.interactionStatus.${interaction.status}`)}
          </Badge>
          <Text size="xs" c="dimmed">
            {interaction.ownerName
              ? t('supervisor.live.owner', { name: interaction.ownerName })
              : t('supervisor.detail.noAgent')}
          </Text>
        </Stack>
      </Group>
      {closed && <Alert color="gray">{t('supervisor.live.closed')}</Alert>}
      {mine && <Alert color="blue">{t('supervisor.live.youOwnIt')}</Alert>}
      <TranscriptMessages detail={detail.data} height="calc(100vh - 420px)" follow testId="live-transcript" />
      {mine && !closed ? (
        <TakenOverReply interactionId={interactionId} campaignId={interaction.campaignId} />
      ) : (
        <>
          <WhisperBox interactionId={interactionId} disabled={closed || interaction.ownerAgentId === null} />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {t('supervisor.live.readOnly')}
            </Text>
            <TakeoverButton interactionId={interactionId} ownerName={interaction.ownerName} disabled={closed} />
          </Group>
        </>
      )}
      <details>
        <summary style={{ cursor: 'pointer', fontSize: 'var(--mantine-font-size-sm)' }}>
          {t('supervisor.transcript.timeline', { count: detail.data.timeline.length })}
        </summary>
        <TimelineList timeline={detail.data.timeline} />
      </details>
    </Stack>
  );
}
