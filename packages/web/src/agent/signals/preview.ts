import type { TFunction } from 'i18next';
import type { MessagePreview } from '@switchboard/protocol';

/** The kind of file a MIME type names, as the attachment labels call it. */
export function attachmentKind(mimeType: string): 'image' | 'audio' | 'video' | 'document' {
  if (mimeType.startsWith('image/')) return 'image';
  if (mimeType.startsWith('audio/')) return 'audio';
  if (mimeType.startsWith('video/')) return 'video';
  return 'document';
}

/** A card's one-line preview: the text, or "📎 Image" for a message that is only a file; "You: …" for replies. */
export function previewText(message: MessagePreview | null, t: TFunction): string | null {
  if (!message) return null;
  const body =
    message.text ??
    (message.attachmentType
      ? `📎 ${t(`agent.attachment.kind.${attachmentKind(message.attachmentType)}`)}`
      : t('agent.signals.emptyMessage'));
  return message.direction === 'out' ? t('agent.signals.you', { text: body }) : body;
}
