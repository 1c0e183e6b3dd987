import { ActionIcon, Group, Menu, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InteractionSummary } from '@switchboard/protocol';
import { customerLabel } from '../customer';
import { ChannelBadge } from '../../shared/ChannelBadge';
import { DotsIcon } from '../../shared/icons';

interface Props {
  interaction: InteractionSummary;
  earlierCount: number;
  canAct: boolean;
  onTransfer: () => void;
  onClose: () => void;
  onEarlier: () => void;
}

/** Campaign name, the provider's platform id and the interaction id, with the three-dot menu. */
export function ConversationHeader({ interaction, earlierCount, canAct, onTransfer, onClose, onEarlier }: Props) {
  const { t } = useTranslation();
  const hasCustomerName = !!interaction.customerName?.trim();
  return (
    <Group justify="space-between" wrap="nowrap" px="md" py="xs" data-testid="conversation-header">
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text fw={700} truncate>
          {customerLabel(interaction)}
          {hasCustomerName && (
            <Text span c="dimmed" fw={400} size="sm">
              {' '}
              · {interaction.customerNumber}
            </Text>
          )}
        </Text>
        <Group gap="md" wrap="wrap">
          <ChannelBadge channel={interaction.channel} />
          <Text size="xs" c="dimmed">
            {t('agent.conversation.campaign')}:{' '}
            <Text span size="xs" fw={600} c="dark" data-testid="header-campaign">
              {interaction.campaignName ?? '—'}
            </Text>
          </Text>
          <Text size="xs" c="dimmed">
            {t('agent.conversation.platformId')}:{' '}
            <Text span size="xs" ff="monospace" c="dark" data-testid="header-platform-id">
              {interaction.platformId ?? '—'}
            </Text>
          </Text>
          <Text size="xs" c="dimmed">
            {t('agent.conversation.interactionId')}:{' '}
            <Text span size="xs" ff="monospace" c="dark" data-testid="header-interaction-id">
              {interaction.id}
            </Text>
          </Text>
        </Group>
      </Stack>
      <Menu position="bottom-end" withinPortal shadow="md">
        <Menu.Target>
          <ActionIcon variant="subtle" size="lg" aria-label={t('agent.conversation.more')} data-testid="more-menu">
            <DotsIcon size={20} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item disabled={!canAct} onClick={onTransfer} data-testid="menu-transfer">
            {t('agent.conversation.transfer')}
          </Menu.Item>
          <Menu.Item disabled={!canAct} color="red" onClick={onClose} data-testid="menu-close">
            {t('agent.conversation.close')}
          </Menu.Item>
          {earlierCount > 0 && (
            <>
              <Menu.Divider />
              <Menu.Item onClick={onEarlier} data-testid="menu-earlier">
                {t('agent.conversation.earlier', { count: earlierCount })}
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
