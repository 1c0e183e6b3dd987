import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AgentMonitorRow, CampaignMonitorDetail } from '@switchboard/protocol';
import { formatDuration } from '../../shared/format';
import { colourBeyond, colourStyle, worse } from '../format';

type WaitingItem = CampaignMonitorDetail['waitingItems'][number];
type ActiveItem = CampaignMonitorDetail['activeItems'][number];
export type { ActiveItem, WaitingItem };

/** Waiting interactions, oldest first; amber once one waits beyond the service level. */
export function WaitingList({
  items,
  serviceLevel,
  now,
  onAssign,
}: {
  items: readonly WaitingItem[];
  serviceLevel: number;
  now: number;
  /** Offered to supervisors: give this interaction to a chosen member. */
  onAssign?: (item: WaitingItem) => void;
}) {
  const { t } = useTranslation();
  const sorted = [...items].sort((a, b) => a.enteredAt - b.enteredAt);
  return (
    <Paper withBorder p="sm" data-testid="waiting-list">
      <Title order={4} mb="xs">
        {t('supervisor.detail.waiting', { count: items.length })}
      </Title>
      <Stack gap={4}>
        {sorted.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('supervisor.detail.nobodyWaiting')}
          </Text>
        )}
        {sorted.map((item) => {
          const waited = now - item.enteredAt;
          const colour = worse(item.colour, colourBeyond(waited, serviceLevel, 'amber'));
          return (
            <Group
              key={item.interactionId}
              justify="space-between"
              px="xs"
              py={4}
              style={{ borderRadius: 4, ...colourStyle(colour) }}
              data-testid="waiting-item"
              data-interaction-id={item.interactionId}
              data-colour={colour}
            >
              <Text size="sm" inherit>
                {item.customerName ?? item.customerNumber}
                {item.customerName && (
                  <Text span size="xs" c="dimmed" ml={6}>
                    {item.customerNumber}
                  </Text>
                )}
              </Text>
              <Group gap="xs" wrap="nowrap">
                <Text size="sm" ff="monospace" inherit>
                  {formatDuration(waited)}
                </Text>
                {onAssign && (
                  <Button size="compact-xs" variant="light" onClick={() => onAssign(item)} data-testid="assign">
                    {t('supervisor.reassign.assignButton')}
                  </Button>
                )}
              </Group>
            </Group>
          );
        })}
      </Stack>
    </Paper>
  );
}

interface ActiveProps {
  items: readonly ActiveItem[];
  agents: readonly AgentMonitorRow[];
  chatTime: number;
  now: number;
  /** Holders who are not members, e.g. the signed-in supervisor after a take-over. */
  otherNames?: ReadonlyMap<string, string>;
  onWatch: (interactionId: string) => void;
  /** Offered to supervisors: hand this conversation to another member. */
  onMove?: (item: ActiveItem) => void;
}

/** Active conversations, longest first; red beyond chat time; each can be watched live. */
export function ActiveList({ items, agents, chatTime, now, otherNames, onWatch, onMove }: ActiveProps) {
  const { t } = useTranslation();
  const names = new Map([...(otherNames ?? []), ...agents.map((a) => [a.agentId, a.displayName] as const)]);
  const sorted = [...items].sort((a, b) => (a.takenAt ?? now) - (b.takenAt ?? now));
  return (
    <Paper withBorder p="sm" data-testid="active-list">
      <Title order={4} mb="xs">
        {t('supervisor.detail.active', { count: items.length })}
      </Title>
      <Stack gap={4}>
        {sorted.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('supervisor.detail.nothingActive')}
          </Text>
        )}
        {sorted.map((item) => {
          const duration = item.takenAt === null ? null : now - item.takenAt;
          const colour = worse(item.colour, colourBeyond(duration, chatTime, 'red'));
          return (
            <Group
              key={item.interactionId}
              justify="space-between"
              wrap="nowrap"
              px="xs"
              py={4}
              style={{ borderRadius: 4, ...colourStyle(colour) }}
              data-testid="active-item"
              data-interaction-id={item.interactionId}
              data-colour={colour}
            >
              <div style={{ minWidth: 0 }}>
                <Text size="sm" inherit truncate>
                  {item.customerNumber}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {item.agentId
                    ? (names.get(item.agentId) ?? t('supervisor.detail.notMember'))
                    : t('supervisor.detail.noAgent')}
                </Text>
              </div>
              <Group gap="xs" wrap="nowrap">
                <Text size="sm" ff="monospace" inherit>
                  {duration === null ? '—' : formatDuration(duration)}
                </Text>
                <Button
                  size="compact-xs"
                  variant="light"
                  onClick={() => onWatch(item.interactionId)}
                  data-testid="watch"
                >
                  {t('supervisor.detail.watch')}
                </Button>
                {onMove && item.agentId !== null && (
                  <Button size="compact-xs" variant="light" onClick={() => onMove(item)} data-testid="move">
                    {t('supervisor.reassign.moveButton')}
                  </Button>
                )}
              </Group>
            </Group>
          );
        })}
      </Stack>
    </Paper>
  );
}
