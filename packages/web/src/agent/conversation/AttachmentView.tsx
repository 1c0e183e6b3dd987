import { Anchor, Group, Image, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '@switchboard/protocol';
import { formatSize } from '../format';

/** Images as thumbnails that open full size; anything else as a download link with its name and size. */
export function AttachmentView({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  const name = attachment.name ?? t('agent.attachment.file');
  if (attachment.mimeType.startsWith('image/')) {
    return (
      <Anchor href={attachment.url} target="_blank" rel="noreferrer" data-testid="attachment-image">
        <Image src={attachment.url} alt={name} maw={220} mah={220} radius="sm" fit="contain" />
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
        <span aria-hidden>📎</span>
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
