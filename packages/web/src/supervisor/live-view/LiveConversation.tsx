import { Alert, Badge, Box, Group, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { ContactPanel } from '../../shared/conversation/ContactPanel';
import { useEarlier, useInteraction } from '../api/supervision-api';
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
  const earlier = useEarlier(interactionId, (detail.data?.earlierCount ?? 0) > 0);

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
      <Box style={{ display: 'flex', gap: 'var(--mantine-spacing-sm)', alignItems: 'stretch' }}>
        <Box style={{ flex: 1, minWidth: 0 }}>
          <TranscriptMessages detail={detail.data} height="calc(100vh - 420px)" follow testId="live-transcript" />
        </Box>
        <Box w={220} h="calc(100vh - 420px)" style={{ flexShrink: 0 }}>
          <ContactPanel
            interaction={interaction}
            earlier={detail.data.earlierCount > 0 ? earlier : { data: [], isPending: false, error: null }}
          />
        </Box>
      </Box>
      {mine && !closed && me ? (
        <TakenOverReply detail={detail.data} me={me} />
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
