import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../forms/notify';

/**
 * Asks before an action that cannot be undone (revoke, delete). The modal closes only once the action
 * succeeded; a failure is notified and the modal stays open so the user can retry or cancel.
 */
export function ConfirmModal(props: {
  title: string;
  message: string;
  confirmLabel: string;
  confirmTestId: string;
  pending: boolean;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const confirm = async () => {
    try {
      await props.onConfirm();
      props.onClose();
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Modal opened onClose={props.onClose} title={props.title}>
      <Stack>
        <Text>{props.message}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('form.cancel')}
          </Button>
          <Button color="red" onClick={() => void confirm()} loading={props.pending} data-testid={props.confirmTestId}>
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
