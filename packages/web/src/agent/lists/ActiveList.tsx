import { Badge, Button, Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { ChannelBadge } from '../../shared/ChannelBadge';
import { useTranslation } from 'react-i18next';
import type { InboxItem } from '@switchboard/protocol';
import { customerLabel } from '../customer';
import { formatDuration, formatMessageTime } from '../../shared/format';
import { isOfferToMe, orderActive, waitingForReply } from '../signals/order';
import { previewText } from '../signals/preview';
import { useNow } from '../../shared/use-now';

export type ActiveAction = 'accept' | 'decline' | 'transfer/accept';

interface Props {
  active: readonly InboxItem[];
  myId: string;
  /** customer messages arrived since the agent last had each conversation open */
  unread: ReadonlyMap<string, number>;
  selectedId: string | null;
  busyId: string | null;
  onSelect: (id: string) => void;
  onAction: (id: string, action: ActiveAction) => void;
}

/** The agent's own conversations, plus those offered or transferred to them and waiting for an answer. */
export function ActiveList({ active, myId, unread, selectedId, busyId, onSelect, onAction }: Props) {
  const { t, i18n } = useTranslation();
  const now = useNow();
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
      {orderActive(active, myId).map((item) => {
        const offered = isOfferToMe(item, myId);
        const count = unread.get(item.id) ?? 0;
        const preview = previewText(item.lastMessage ?? null, t);
        const selected = item.id === selectedId;
        // An offer expires: it is the one card that must not be missed, so it stands out and counts down.
        const highlight = offered ? 'var(--mantine-color-orange-6)' : selected ? 'var(--mantine-color-blue-5)' : null;
        const transferIn = item.pendingTransferTo === myId;
        const transferOut = item.pendingTransferTo !== null && !transferIn;
        return (
          <Paper
            key={item.id}
            withBorder
            radius="md"
            px="xs"
            py={6}
            bg={offered ? 'orange.0' : selected ? 'blue.0' : undefined}
            style={highlight ? { borderColor: highlight, borderWidth: offered ? 2 : undefined } : undefined}
            data-selected={selected || undefined}
            data-testid="active-item"
            data-interaction-id={item.id}
            data-status={item.status}
            data-unread={count}
            data-waiting-reply={waitingForReply(item) || undefined}
          >
            <UnstyledButton
              display="block"
              w="100%"
              miw={0}
              onClick={() => onSelect(item.id)}
              aria-current={item.id === selectedId}
            >
              <Group gap={6} wrap="nowrap" justify="space-between">
                <Text size="sm" fw={count > 0 ? 800 : 600} truncate>
                  {customerLabel(item)}
                </Text>
                <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
                  {item.lastMessage && (
                    <Text size="xs" c="dimmed" data-testid="card-time">
                      {formatMessageTime(item.lastMessage.at, now, i18n.language)}
                    </Text>
                  )}
                  {count > 0 && (
                    <Badge
                      size="sm"
                      circle={count < 10}
                      color="red"
                      data-testid="unread-badge"
                      aria-label={t('agent.signals.unread', { count })}
                    >
                      {count}
                    </Badge>
                  )}
                </Group>
              </Group>
              {preview !== null && (
                <Text size="xs" truncate c={count > 0 ? undefined : 'dimmed'} data-testid="card-preview">
                  {preview}
                </Text>
              )}
              <Group gap={6} wrap="nowrap">
                <ChannelBadge channel={item.channel} />
                <Text size="xs" c="dimmed" truncate>
                  {item.campaignName ?? '—'}
                </Text>
              </Group>
            </UnstyledButton>
            {offered && (
              <Group gap={6} mt={6} wrap="wrap">
                <Badge color="orange" variant="filled" size="sm">
                  {t('agent.active.offered')}
                </Badge>
                {item.offerExpiresAt != null && (
                  <Badge
                    color="orange"
                    variant="outline"
                    size="sm"
                    ff="monospace"
                    data-testid="offer-countdown"
                    aria-label={t('agent.signals.offerExpires', { time: formatDuration(item.offerExpiresAt - now) })}
                  >
                    {formatDuration(item.offerExpiresAt - now)}
                  </Badge>
                )}
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
