import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { Provider } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { useProviderTemplates, useSyncTemplates } from '../../api/providers';
import { notifyError, notifySaved } from '../../forms/notify';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../shared/format';

/**
 * A WhatsApp Cloud provider's approved templates: when they were last read from the business account, a
 * button to read them now, and what agents will be offered.
 */
export function TemplateSyncPanel({ provider }: { provider: Provider }) {
  const { t } = useTranslation();
  const templates = useProviderTemplates(provider.id);
  const sync = useSyncTemplates(provider.id);
  const hasAccount = provider.wabaId !== undefined;

  const run = async () => {
    try {
      const result = await sync.mutateAsync();
      notifySaved(t('providers.templates.synced', { approved: result.approved, total: result.total }));
    } catch (error) {
      notifyError(error, t('providers.templates.failed'));
    }
  };

  return (
    <Paper withBorder p="md" data-testid="template-sync">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{t('providers.templates.title')}</Title>
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => void run()}
            loading={sync.isPending}
            disabled={!hasAccount}
            data-testid="sync-templates"
          >
            {t('providers.templates.sync')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed" data-testid="templates-synced-at">
          {!hasAccount
            ? t('providers.templates.needsAccount')
            : provider.templatesSyncedAt
              ? t('providers.templates.lastSync', { at: formatDateTime(provider.templatesSyncedAt, currentLanguage()) })
              : t('providers.templates.never')}
        </Text>
        {(templates.data ?? []).length > 0 && (
          <Table striped withTableBorder data-testid="template-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('providers.templates.name')}</Table.Th>
                <Table.Th>{t('providers.templates.language')}</Table.Th>
                <Table.Th>{t('providers.templates.body')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {templates.data!.map((tpl) => (
                <Table.Tr key={`${tpl.name}/${tpl.language}`}>
                  <Table.Td>
                    {tpl.name}{' '}
                    <Badge size="xs" variant="light">
                      {tpl.category}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{tpl.language}</Table.Td>
                  <Table.Td>{tpl.bodyText}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
