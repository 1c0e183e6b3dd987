import { useState } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Disposition } from '@switchboard/protocol';
import { ApiError, messageForField } from '../../api/client';
import { notifyError, notifySaved } from '../../forms/notify';
import { useCloseInteraction } from '../../agent/api/agent-api';
import { DispositionCascade } from './DispositionCascade';
import { EMPTY_PATH, isDispositionRequired, toChoice, type DispositionPath } from './disposition-cascade';

interface Props {
  interactionId: string;
  dispositions: readonly Disposition[];
  opened: boolean;
  onClose: () => void;
  onClosed?: () => void;
}

/** Finalize: a disposition down to the last level when the campaign has any, then the server may start wrap-up. */
export function CloseDialog({ interactionId, dispositions, opened, onClose, onClosed }: Props) {
  const { t } = useTranslation();
  const close = useCloseInteraction(interactionId);
  const [path, setPath] = useState<DispositionPath>(EMPTY_PATH);
  const [error, setError] = useState<string | null>(null);
  const required = isDispositionRequired(dispositions);

  const confirm = async () => {
    const choice = toChoice(dispositions, path);
    if (required && !choice) {
      setError(t('agent.close.required'));
      return;
    }
    try {
      await close.mutateAsync(choice ? { disposition: choice } : {});
      notifySaved(t('agent.close.closed'));
      setPath(EMPTY_PATH);
      setError(null);
      onClose();
      onClosed?.();
    } catch (e) {
      if (e instanceof ApiError && e.field?.startsWith('disposition')) setError(messageForField(e));
      else notifyError(e);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('agent.close.title')} data-testid="close-dialog">
      <Stack>
        {required ? (
          <DispositionCascade
            tree={dispositions}
            value={path}
            error={error}
            onChange={(next) => {
              setPath(next);
              setError(null);
            }}
          />
        ) : (
          <Text size="sm" c="dimmed">
            {t('agent.close.none')}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('agent.cancel')}
          </Button>
          <Button color="red" loading={close.isPending} onClick={() => void confirm()} data-testid="close-confirm">
            {t('agent.close.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
