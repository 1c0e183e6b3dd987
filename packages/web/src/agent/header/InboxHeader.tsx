import { Badge, Group, Indicator, Text, Title, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Inbox } from '@switchboard/protocol';
import type { LiveState } from '../../shared/live/live-channel';
import { SoundToggle } from '../signals/SoundToggle';
import { AgentStatusMenu } from './AgentStatusMenu';

const LIVE_COLOR: Record<LiveState, string> = {
  open: 'teal',
  connecting: 'gray',
  reconnecting: 'orange',
  stopped: 'red',
};

export function InboxHeader({ inbox, live }: { inbox: Inbox; live: LiveState }) {
  const { t } = useTranslation();
  const waiting = inbox.pending.length;
  return (
    <Group justify="space-between" wrap="wrap" gap="sm">
      <Group gap="sm" wrap="nowrap">
        <Title order={2}>{t('agent.title')}</Title>
        <Badge
          size="lg"
          circle={false}
          color={waiting > 0 ? 'red' : 'gray'}
          variant={waiting > 0 ? 'filled' : 'light'}
          data-testid="pending-badge"
          data-count={waiting}
          aria-live="polite"
        >
          {t('agent.pendingBadge', { count: waiting })}
        </Badge>
      </Group>
      <Group gap="md" wrap="nowrap">
        <Tooltip label={t(`agent.live.${live}`)}>
          <Group gap={6} wrap="nowrap" data-testid="live-state" data-state={live}>
            <Indicator color={LIVE_COLOR[live]} size={10} processing={live !== 'open'} position="middle-center">
              <span style={{ display: 'inline-block', width: 10, height: 10 }} />
            </Indicator>
            <Text size="xs" c="dimmed" visibleFrom="sm">
              {t(`agent.live.${live}`)}
            </Text>
          </Group>
        </Tooltip>
        <SoundToggle />
        <AgentStatusMenu me={inbox.me} pauseReasons={inbox.pauseReasons} />
      </Group>
    </Group>
  );
}
