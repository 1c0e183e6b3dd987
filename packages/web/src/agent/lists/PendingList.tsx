import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AgentCampaign, AgentPresence, InboxItem, PendingEntry } from '@switchboard/protocol';
import { customerLabel } from '../customer';
import { formatDuration } from '../../shared/format';
import { useNow } from '../../shared/use-now';
import { waitingReason } from './waiting-reason';

interface Props {
  pending: readonly PendingEntry[];
  /** campaigns whose strategy lets agents take items by hand (ringall, ringallmultiple) */
  manualCampaignIds: ReadonlySet<string>;
  takingId: string | null;
  onTake: (interactionId: string) => void;
  /** what the agent holds and is: a waiting item says why it is not coming to them */
  me?: AgentPresence;
  active?: readonly InboxItem[];
  campaigns?: readonly AgentCampaign[];
}

/** Waiting interactions the agent may see: who, which campaign, and how long they have waited, live. */
export function PendingList({ pending, manualCampaignIds, takingId, onTake, me, active = [], campaigns = [] }: Props) {
  const { t } = useTranslation();
  const now = useNow();
  // FIFO, as the queue serves them.
  const ordered = [...pending].sort((a, b) => a.enteredAt - b.enteredAt);
  return (
    <Stack gap={6} data-testid="pending-list">
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        {t('agent.pending.title')} ({pending.length})
      </Text>
      {ordered.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('agent.pending.empty')}
        </Text>
      )}
      {ordered.map((entry) => (
        <Paper
          key={entry.interactionId}
          withBorder
          p="xs"
          radius="md"
          data-testid="pending-item"
          data-interaction-id={entry.interactionId}
        >
          <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text size="sm" fw={600} truncate>
                {customerLabel(entry)}
              </Text>
              <Text size="xs" c="dimmed" truncate>
                {entry.campaignName}
              </Text>
            </Stack>
            <Badge
              variant="light"
              color="orange"
              ff="monospace"
              data-testid="waiting-time"
              aria-label={t('agent.pending.waiting', { time: formatDuration(now - entry.enteredAt) })}
            >
              {formatDuration(now - entry.enteredAt)}
            </Badge>
          </Group>
          {entry.takeable ? (
            <Button
              mt={6}
              size="compact-sm"
              fullWidth
              data-testid="take-button"
              loading={takingId === entry.interactionId}
              disabled={takingId !== null && takingId !== entry.interactionId}
              onClick={() => onTake(entry.interactionId)}
            >
              {t('agent.pending.take')}
            </Button>
          ) : (
            <NotTakeable
              reason={
                me
                  ? waitingReason(entry, me, active, campaigns, manualCampaignIds.has(entry.campaignId))
                  : { key: manualCampaignIds.has(entry.campaignId) ? 'notTakeable' : 'automatic' }
              }
            />
          )}
        </Paper>
      ))}
    </Stack>
  );
}

function NotTakeable({ reason }: { reason: ReturnType<typeof waitingReason> }) {
  const { t } = useTranslation();
  return (
    <Text
      size="xs"
      c={reason.key === 'automatic' || reason.key === 'notTakeable' ? 'dimmed' : 'orange.8'}
      mt={4}
      data-testid="not-takeable"
      data-reason={reason.key}
    >
      {reason.key === 'waitingCap'
        ? t('agent.pending.waitingCap', { count: reason.count })
        : t(`agent.pending.${reason.key}`)}
    </Text>
  );
}
