import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PendingEntry } from '@switchboard/protocol';
import { customerLabel } from '../customer';
import { formatDuration } from '../format';
import { useNow } from '../use-now';

interface Props {
  pending: readonly PendingEntry[];
  /** campaigns whose strategy lets agents take items by hand (ringall, ringallmultiple) */
  manualCampaignIds: ReadonlySet<string>;
  takingId: string | null;
  onTake: (interactionId: string) => void;
}

/** Waiting interactions the agent may see (D6): who, which campaign, and how long they have waited, live. */
export function PendingList({ pending, manualCampaignIds, takingId, onTake }: Props) {
  const { t } = useTranslation();
  const now = useNow();
  // FIFO, as the queue serves them (D5).
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
            <Text size="xs" c="dimmed" mt={4} data-testid="not-takeable">
              {manualCampaignIds.has(entry.campaignId) ? t('agent.pending.notTakeable') : t('agent.pending.automatic')}
            </Text>
          )}
        </Paper>
      ))}
    </Stack>
  );
}
