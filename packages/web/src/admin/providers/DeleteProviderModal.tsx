import { useState } from 'react';
import { Alert, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Provider } from '@switchboard/protocol';
import { ApiError } from '../../api/client';
import { useDeleteProvider } from '../../api/providers';
import { notifySaved } from '../../forms/notify';

interface InUse {
  message: string;
  campaigns: { id: string; name: string }[];
}

function campaignsOf(details: unknown): { id: string; name: string }[] {
  const list = (details as { campaigns?: unknown } | null)?.campaigns;
  return Array.isArray(list) ? list.filter((c): c is { id: string; name: string } => typeof c?.name === 'string') : [];
}

export function DeleteProviderModal(props: {
  provider: Provider;
  opened: boolean;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const remove = useDeleteProvider();
  const [problem, setProblem] = useState<InUse | null>(null);

  const close = () => {
    setProblem(null);
    props.onClose();
  };
  const confirm = async () => {
    try {
      await remove.mutateAsync(props.provider.id);
      notifySaved(t('providers.deleted', { name: props.provider.name }));
      close();
      props.onDeleted();
    } catch (error) {
      const campaigns = error instanceof ApiError ? campaignsOf(error.details) : [];
      setProblem({ message: error instanceof Error ? error.message : String(error), campaigns });
    }
  };

  return (
    <Modal opened={props.opened} onClose={close} title={t('providers.deleteTitle')} centered>
      <Stack>
        <Text>{t('providers.deleteConfirm', { name: props.provider.name })}</Text>
        {problem && (
          <Alert color="red" data-testid="delete-error">
            <Text size="sm">{problem.message}</Text>
            {problem.campaigns.length > 0 && (
              <List size="sm" mt="xs">
                {problem.campaigns.map((c) => (
                  <List.Item key={c.id}>{c.name}</List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
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
