import { Anchor, Group, Image, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '@switchboard/protocol';
import { formatSize } from '../format';
import { PaperclipIcon } from '../icons';

/** The thumbnail's reserved box (4:3). */
export const IMAGE_BOX = { width: 220, height: 165 } as const;

/** What a file is, for a placeholder: image, audio, video or document, by its MIME type. */
function kindOf(mimeType: string): 'image' | 'audio' | 'video' | 'document' {
  const top = mimeType.split('/')[0];
  return top === 'image' || top === 'audio' || top === 'video' ? top : 'document';
}

/**
 * Images as thumbnails that open full size; anything else as a download link with its name and size. A file
 * with nothing to fetch yet (a WhatsApp media id not downloaded, or data that arrived unreadable) is a
 * placeholder saying so, never a broken link.
 */
export function AttachmentView({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  const name = attachment.name ?? t('agent.attachment.file');
  if (attachment.url === null) {
    const kind = t(`agent.attachment.kind.${kindOf(attachment.mimeType)}`);
    return (
      <Group gap={6} wrap="nowrap" data-testid="attachment-placeholder">
        <PaperclipIcon size={14} />
        <Text size="sm" span c="dimmed" fs="italic">
          {attachment.state === 'failed'
            ? attachment.reason
              ? t('agent.attachment.failedWith', { kind, reason: attachment.reason })
              : t('agent.attachment.failed', { kind })
            : t('agent.attachment.pending', { kind })}
        </Text>
        <Text size="xs" c="dimmed" span truncate maw={220}>
          {[attachment.name, attachment.mimeType, attachment.size !== undefined ? formatSize(attachment.size) : null]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      </Group>
    );
  }
  if (attachment.mimeType.startsWith('image/')) {
    return (
      <Anchor
        href={attachment.url}
        target="_blank"
        rel="noreferrer"
        data-testid="attachment-image"
        style={{ display: 'block', width: IMAGE_BOX.width, height: IMAGE_BOX.height }}
      >
        {/*
          The attachment does not carry the image's size, so the thumbnail gets a fixed box before the file
          arrives: loading it never changes the message's height, and the list does not shift under the agent.
          A small image is shown at its own size inside the box, a large one scaled down.
        */}
        <Image
          src={attachment.url}
          alt={name}
          w="100%"
          h="100%"
          radius="sm"
          bg="gray.1"
          style={{ objectFit: 'scale-down', border: '1px solid var(--mantine-color-gray-3)' }}
        />
      </Anchor>
    );
  }
  const link = (
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
  // A customer's voice note plays in place; the link stays for saving it.
  if (attachment.mimeType.startsWith('audio/')) {
    return (
      <Group gap={6} wrap="nowrap">
        <audio controls preload="none" src={attachment.url} data-testid="attachment-audio" />
        {link}
      </Group>
    );
  }
  return link;
}
