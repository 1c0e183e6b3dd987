import { Button, Group, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySaved } from '../../forms/notify';
import { useTakeover } from '../api/supervision-api';

/** Take-over moves the conversation away from its agent: asked for once more before it happens. */
export function TakeoverButton({
  interactionId,
  ownerName,
  disabled,
}: {
  interactionId: string;
  ownerName: string | null;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const takeover = useTakeover(interactionId);

  const confirm = async () => {
    try {
      await takeover.mutateAsync();
      notifySaved(t('supervisor.live.takenOver'));
      close();
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <>
      <Button color="red" variant="outline" onClick={open} disabled={disabled} data-testid="takeover">
        {t('supervisor.live.takeover')}
      </Button>
      <Modal opened={opened} onClose={close} title={t('supervisor.live.takeoverTitle')} centered>
        <Text size="sm" mb="md">
          {ownerName
            ? t('supervisor.live.takeoverConfirm', { name: ownerName })
            : t('supervisor.live.takeoverConfirmNoOwner')}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('form.cancel')}
          </Button>
          <Button
            color="red"
            onClick={() => void confirm()}
            loading={takeover.isPending}
            data-testid="takeover-confirm"
          >
            {t('supervisor.live.takeover')}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
