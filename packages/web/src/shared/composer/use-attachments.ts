import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_ATTACHMENT_BYTES, routes, type UploadBody } from '@switchboard/protocol';
import { api } from '../../api/client';
import { formatSize } from '../format';
import { checkAttachment, readAsBase64 } from './attachment-check';

export interface PendingAttachment {
  localId: number;
  name: string;
  size: number;
  mimeType: string;
  /** set once the upload answered */
  id: string | null;
}

let nextLocalId = 1;

/** Files chosen for the next message: checked in the browser, uploaded at once, sent by id. */
export function useAttachments() {
  const { t } = useTranslation();
  const [items, setItems] = useState<PendingAttachment[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  const add = async (files: readonly File[]) => {
    setProblem(null);
    for (const file of files) {
      const check = checkAttachment(file);
      if (check?.kind === 'type') {
        setProblem(t('agent.composer.badType', { name: file.name }));
        continue;
      }
      if (check?.kind === 'size') {
        setProblem(
          t('agent.composer.tooBig', {
            name: file.name,
            size: formatSize(file.size),
            limit: formatSize(MAX_ATTACHMENT_BYTES),
          }),
        );
        continue;
      }
      const localId = nextLocalId++;
      setItems((list) => [...list, { localId, name: file.name, size: file.size, mimeType: file.type, id: null }]);
      try {
        const dataBase64 = await readAsBase64(file);
        const body: UploadBody = { name: file.name, mimeType: file.type, dataBase64 };
        const saved = await api.call(routes.upload, { body });
        setItems((list) => list.map((item) => (item.localId === localId ? { ...item, id: saved.id ?? null } : item)));
      } catch (error) {
        setItems((list) => list.filter((item) => item.localId !== localId));
        setProblem(error instanceof Error ? error.message : String(error));
      }
    }
  };

  return {
    items,
    problem,
    uploading: items.some((item) => item.id === null),
    readyIds: items.flatMap((item) => (item.id ? [item.id] : [])),
    add,
    remove: (localId: number) => setItems((list) => list.filter((item) => item.localId !== localId)),
    clear: () => {
      setItems([]);
      setProblem(null);
    },
    dismissProblem: () => setProblem(null),
  };
}
