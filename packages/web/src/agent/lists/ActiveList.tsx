import { Badge, Button, Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InteractionSummary } from '@switchboard/protocol';
import { customerLabel } from '../customer';

export type ActiveAction = 'accept' | 'decline' | 'transfer/accept';

interface Props {
  active: readonly InteractionSummary[];
  myId: string;
  selectedId: string | null;
  busyId: string | null;
  onSelect: (id: string) => void;
  onAction: (id: string, action: ActiveAction) => void;
}

/** The agent's own conversations, plus those offered or transferred to them and waiting for an answer. */
export function ActiveList({ active, myId, selectedId, busyId, onSelect, onAction }: Props) {
  const { t } = useTranslation();
  return (
    <Stack gap={6} data-testid="active-list">
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        {t('agent.active.title')} ({active.length})
      </Text>
      {active.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('agent.active.empty')}
        </Text>
      )}
      {active.map((item) => {
        const offered = item.status === 'offered' && item.ownerAgentId === myId;
        const transferIn = item.pendingTransferTo === myId;
        const transferOut = item.pendingTransferTo !== null && !transferIn;
        return (
          <Paper
            key={item.id}
            withBorder
            radius="md"
            px="xs"
            py={6}
            bg={item.id === selectedId ? 'blue.0' : undefined}
            style={item.id === selectedId ? { borderColor: 'var(--mantine-color-blue-5)' } : undefined}
            data-selected={item.id === selectedId || undefined}
            data-testid="active-item"
            data-interaction-id={item.id}
            data-status={item.status}
          >
            <UnstyledButton
              display="block"
              w="100%"
              miw={0}
              onClick={() => onSelect(item.id)}
              aria-current={item.id === selectedId}
            >
              <Text size="sm" fw={600} truncate>
                {customerLabel(item)}
              </Text>
              <Text size="xs" c="dimmed" truncate>
                {item.campaignName ?? '—'}
              </Text>
            </UnstyledButton>
            {offered && (
              <Group gap={6} mt={6} wrap="nowrap">
                <Badge color="blue" variant="light" size="sm">
                  {t('agent.active.offered')}
                </Badge>
                <Button
                  size="compact-xs"
                  data-testid="accept-button"
                  loading={busyId === item.id}
                  onClick={() => onAction(item.id, 'accept')}
                >
                  {t('agent.active.accept')}
                </Button>
                <Button
                  size="compact-xs"
                  variant="default"
                  data-testid="decline-button"
                  disabled={busyId === item.id}
                  onClick={() => onAction(item.id, 'decline')}
                >
                  {t('agent.active.decline')}
                </Button>
              </Group>
            )}
            {transferIn && (
              <Group gap={6} mt={6} wrap="nowrap">
                <Badge color="violet" variant="light" size="sm">
                  {t('agent.active.transferIn')}
                </Badge>
                <Button
                  size="compact-xs"
                  data-testid="accept-transfer-button"
                  loading={busyId === item.id}
                  onClick={() => onAction(item.id, 'transfer/accept')}
                >
                  {t('agent.active.accept')}
                </Button>
              </Group>
            )}
            {transferOut && (
              <Badge mt={6} color="gray" variant="light" size="sm">
                {t('agent.active.transferOut')}
              </Badge>
            )}
          </Paper>
        );
      })}
    </Stack>
  );
}
