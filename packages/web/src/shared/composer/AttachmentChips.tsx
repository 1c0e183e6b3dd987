import { CloseButton, Group, Loader, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatSize } from '../format';
import { PaperclipIcon } from '../icons';
import type { PendingAttachment } from './use-attachments';

export function AttachmentChips({
  items,
  onRemove,
}: {
  items: readonly PendingAttachment[];
  onRemove: (localId: number) => void;
}) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <Group gap={6}>
      {items.map((item) => (
        <Paper
          key={item.localId}
          withBorder
          radius="xl"
          px="sm"
          py={2}
          data-testid="attachment-chip"
          data-ready={item.id !== null}
        >
          <Group gap={6} wrap="nowrap">
            {item.id === null ? (
              <Loader size={12} aria-label={t('agent.composer.uploading')} />
            ) : (
              <PaperclipIcon size={12} />
            )}
            <Text size="xs" truncate maw={180}>
              {item.name}
            </Text>
            <Text size="xs" c="dimmed">
              {formatSize(item.size)}
            </Text>
            <CloseButton
              size="xs"
              aria-label={t('agent.composer.removeAttachment', { name: item.name })}
              onClick={() => onRemove(item.localId)}
            />
          </Group>
        </Paper>
      ))}
    </Group>
  );
}
