import { MAX_ATTACHMENT_BYTES } from '@switchboard/protocol';

const KB = 1024;
const MB = 1024 * KB;

/**
 * The largest inbound file of a type we download. Meta's documented WhatsApp limits (assumptions to re-check
 * in Meta's "Supported media types" page): audio 16 MB, image 5 MB, video 16 MB, document 100 MB, sticker
 * (image/webp) 500 KB animated / 100 KB static — a webp cannot be told animated before it is read, so 500 KB.
 * Our own attachment maximum caps them all: nothing larger is stored, whatever Meta allows.
 */
export function inboundMediaLimit(mimeType: string): number {
  const type = mimeType.split(';')[0]!.trim().toLowerCase();
  let meta: number;
  if (type === 'image/webp') meta = 500 * KB;
  else if (type.startsWith('image/')) meta = 5 * MB;
  else if (type.startsWith('audio/') || type.startsWith('video/')) meta = 16 * MB;
  else meta = 100 * MB;
  return Math.min(meta, MAX_ATTACHMENT_BYTES);
}
