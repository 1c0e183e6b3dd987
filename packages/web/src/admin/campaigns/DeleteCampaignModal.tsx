import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Campaign } from '@switchboard/protocol';
import { useDeleteCampaign } from '../../api/campaigns';
import { notifyError, notifySaved } from '../../forms/notify';

export function DeleteCampaignModal(props: {
  campaign: Campaign;
  opened: boolean;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const remove = useDeleteCampaign();
  const confirm = async () => {
    try {
      await remove.mutateAsync(props.campaign.id);
      notifySaved(t('campaign.deleted', { name: props.campaign.name }));
      props.onClose();
      props.onDeleted();
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('campaign.deleteTitle')} centered>
      <Stack>
        <Text>{t('campaign.deleteConfirm', { name: props.campaign.name })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('form.cancel')}
          </Button>
          <Button color="red" onClick={() => void confirm()} loading={remove.isPending} data-testid="confirm-delete">
            {t('form.delete')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
