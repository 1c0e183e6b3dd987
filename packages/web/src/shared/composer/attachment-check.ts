import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '@switchboard/protocol';

export type AttachmentProblem =
  { kind: 'type'; name: string; mimeType: string } | { kind: 'size'; name: string; size: number };

const ALLOWED = new Set<string>(ATTACHMENT_TYPES);

/** Checked before upload so the agent learns at once, instead of after sending megabytes for a 413/415. */
export function checkAttachment(file: { name: string; type: string; size: number }): AttachmentProblem | null {
  if (!ALLOWED.has(file.type)) return { kind: 'type', name: file.name, mimeType: file.type || '?' };
  if (file.size > MAX_ATTACHMENT_BYTES) return { kind: 'size', name: file.name, size: file.size };
  return null;
}

/** The data part of a data: URL, which is what UploadBody carries. */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the file'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}
