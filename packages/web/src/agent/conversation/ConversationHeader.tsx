import { ActionIcon, Group, Menu, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InteractionSummary } from '@switchboard/protocol';
import { customerLabel } from '../customer';
import { ChannelBadge } from '../../shared/ChannelBadge';
import { BackIcon, ContactIcon, DotsIcon } from '../../shared/icons';

interface Props {
  interaction: InteractionSummary;
  earlierCount: number;
  canAct: boolean;
  onTransfer: () => void;
  onClose: () => void;
  onEarlier: () => void;
  /** On a phone: back to the lists (the conversation fills the screen there). */
  onBack?: () => void;
  contactShown: boolean;
  onToggleContact: () => void;
}

/** Campaign name, the provider's platform id and the interaction id, with the three-dot menu. */
export function ConversationHeader(props: Props) {
  const { interaction, earlierCount, canAct, onTransfer, onClose, onEarlier, onBack } = props;
  const { t } = useTranslation();
  const hasCustomerName = !!interaction.customerName?.trim();
  return (
    <Group justify="space-between" wrap="nowrap" px={onBack ? 'xs' : 'md'} py="xs" data-testid="conversation-header">
      {onBack && (
        <ActionIcon
          variant="subtle"
          size="lg"
          onClick={onBack}
          aria-label={t('agent.conversation.back')}
          data-testid="conversation-back"
        >
          <BackIcon size={20} />
        </ActionIcon>
      )}
      <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
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
          <Text size="xs" c="dimmed" visibleFrom="sm">
            {t('agent.conversation.platformId')}:{' '}
            <Text span size="xs" ff="monospace" c="dark" data-testid="header-platform-id">
              {interaction.platformId ?? '—'}
            </Text>
          </Text>
          <Text size="xs" c="dimmed" visibleFrom="sm">
            {t('agent.conversation.interactionId')}:{' '}
            <Text span size="xs" ff="monospace" c="dark" data-testid="header-interaction-id">
              {interaction.id}
            </Text>
          </Text>
        </Group>
      </Stack>
      <ActionIcon
        variant={props.contactShown ? 'light' : 'subtle'}
        size="lg"
        onClick={props.onToggleContact}
        aria-label={t(props.contactShown ? 'agent.conversation.hideContact' : 'agent.conversation.showContact')}
        aria-pressed={props.contactShown}
        data-testid="contact-toggle"
      >
        <ContactIcon size={20} />
      </ActionIcon>
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
