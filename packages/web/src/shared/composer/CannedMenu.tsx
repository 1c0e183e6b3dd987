import { ActionIcon, Menu, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CannedResponse } from '@switchboard/protocol';

/** Every canned response of the campaign, for agents who do not remember the shortcuts. */
export function CannedMenu({
  canned,
  disabled,
  onPick,
}: {
  canned: readonly CannedResponse[];
  disabled?: boolean;
  onPick: (response: CannedResponse) => void;
}) {
  const { t } = useTranslation();
  return (
    <Menu position="top-start" withinPortal width={340} shadow="md">
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          size="lg"
          disabled={disabled}
          aria-label={t('agent.composer.canned')}
          data-testid="canned-button"
        >
          <Text fw={700} size="md" aria-hidden>
            /
          </Text>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown mah={320} style={{ overflowY: 'auto' }}>
        <Menu.Label>{t('agent.composer.canned')}</Menu.Label>
        {canned.length === 0 && (
          <Text size="sm" c="dimmed" px="sm" py={4}>
            {t('agent.composer.cannedEmpty')}
          </Text>
        )}
        {canned.map((response) => (
          <Menu.Item
            key={response.shortcut}
            data-testid="canned-item"
            data-shortcut={response.shortcut}
            onClick={() => onPick(response)}
          >
            <Text size="sm" fw={600}>
              {response.title}{' '}
              <Text span size="xs" c="dimmed" ff="monospace">
                {response.shortcut}
              </Text>
            </Text>
            <Text size="xs" c="dimmed" lineClamp={2}>
              {response.text}
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
