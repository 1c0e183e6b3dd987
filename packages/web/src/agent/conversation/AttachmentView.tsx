import { Anchor, Group, Image, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '@switchboard/protocol';
import { formatSize } from '../format';
import { PaperclipIcon } from '../icons';

/** Images as thumbnails that open full size; anything else as a download link with its name and size. */
export function AttachmentView({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  const name = attachment.name ?? t('agent.attachment.file');
  if (attachment.mimeType.startsWith('image/')) {
    return (
      <Anchor href={attachment.url} target="_blank" rel="noreferrer" data-testid="attachment-image">
        {/* A floor on the box keeps a tiny or broken image visible as a thumbnail to click. */}
        <Image
          src={attachment.url}
          alt={name}
          maw={220}
          mah={220}
          miw={64}
          mih={64}
          radius="sm"
          fit="contain"
          bg="gray.1"
          style={{ border: '1px solid var(--mantine-color-gray-3)' }}
        />
      </Anchor>
    );
  }
  return (
    <Anchor
      href={attachment.url}
      download={name}
      target="_blank"
      rel="noreferrer"
      data-testid="attachment-file"
      aria-label={t('agent.attachment.download', { name })}
    >
      <Group gap={6} wrap="nowrap">
        <PaperclipIcon size={14} />
        <Text size="sm" span truncate maw={220}>
          {name}
        </Text>
        {attachment.size !== undefined && (
          <Text size="xs" c="dimmed" span>
            {formatSize(attachment.size)}
          </Text>
        )}
      </Group>
    </Anchor>
  );
}
