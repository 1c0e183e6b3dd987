import { Badge, Button, Checkbox, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AgentPresence } from '@switchboard/protocol';
import { notifyError } from '../../forms/notify';
import { useSetOnCall, useSetStatus } from '../api/agent-api';
import { useNow } from '../../shared/use-now';
import { isBusyWithChat, STATUS_COLOR, statusLabel } from './status-label';

/** The agent's own status and the menu to change it; pausing always names one of the configured reasons. */
export function AgentStatusMenu({ me, pauseReasons }: { me: AgentPresence; pauseReasons: readonly string[] }) {
  const { t } = useTranslation();
  const now = useNow();
  const setStatus = useSetStatus();
  const setOnCall = useSetOnCall();

  const busyWithChat = isBusyWithChat(me);
  const color = busyWithChat ? 'orange' : STATUS_COLOR[me.status];
  const change = (body: { status: 'available' | 'paused' | 'offline'; reason?: string }) =>
    setStatus.mutate(body, { onError: (error) => notifyError(error) });

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="light"
          color={color}
          loading={setStatus.isPending || setOnCall.isPending}
          data-testid="agent-status"
          data-status={me.status}
          data-busy-with-chat={busyWithChat || undefined}
          aria-label={`${t('agent.status.label')}: ${statusLabel(me, now, t)}`}
          leftSection={<StatusDot color={color} />}
          rightSection={
            (me.busy && !busyWithChat) || me.onCall ? (
              <>
                {me.onCall && (
                  <Badge size="xs" variant="outline" color="grape" data-testid="on-call-badge">
                    {t('agent.status.onCall')}
                  </Badge>
                )}
                {me.busy && !busyWithChat && (
                  <Badge size="xs" variant="outline" color="gray">
                    {t('agent.status.busy')}
                  </Badge>
                )}
              </>
            ) : null
          }
        >
          {statusLabel(me, now, t)}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          data-testid="status-available"
          disabled={me.status === 'available'}
          leftSection={<StatusDot color="green" />}
          onClick={() => change({ status: 'available' })}
        >
          {t('agent.status.goAvailable')}
        </Menu.Item>
        <Menu.Label>{t('agent.status.pauseHeading')}</Menu.Label>
        {pauseReasons.map((reason) => (
          <Menu.Item
            key={reason}
            data-testid="status-pause"
            data-reason={reason}
            disabled={me.status === 'paused' && me.reason === reason}
            leftSection={<StatusDot color="yellow" />}
            onClick={() => change({ status: 'paused', reason })}
          >
            {t('agent.status.pauseWith', { reason })}
          </Menu.Item>
        ))}
        <Menu.Divider />
        {/* Teams without a phone-system integration say it themselves; incall and omni route by it. */}
        <Menu.Item
          data-testid="status-on-call"
          data-on-call={me.onCall}
          closeMenuOnClick
          leftSection={<Checkbox checked={me.onCall} readOnly size="xs" tabIndex={-1} aria-hidden />}
          onClick={() => setOnCall.mutate(!me.onCall, { onError: (error) => notifyError(error) })}
        >
          {t('agent.status.onPhoneCall')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          data-testid="status-offline"
          disabled={me.status === 'offline'}
          leftSection={<StatusDot color="gray" />}
          onClick={() => change({ status: 'offline' })}
        >
          {t('agent.status.goOffline')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function StatusDot({ color }: { color: string }) {
  return (
    <span
      aria-hidden
      style={{
        display: 'inline-block',
        width: 10,
        height: 10,
        borderRadius: '50%',
        background: `var(--mantine-color-${color}-6)`,
      }}
    />
  );
}
