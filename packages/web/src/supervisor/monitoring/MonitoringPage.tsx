import { Alert, Group, Loader, Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNow } from '../../shared/use-now';
import { useMonitoring } from '../api/supervision-api';
import { LiveBadge } from '../live/LiveBadge';
import { AgentCountsLegend } from './AgentCounts';
import { MonitoringTable } from './MonitoringTable';

export function MonitoringPage() {
  const { t } = useTranslation();
  const monitoring = useMonitoring();
  const now = useNow();

  return (
    <>
      <Group justify="space-between" mb="md">
        <Group gap="sm">
          <Title order={2}>{t('supervisor.monitor.title')}</Title>
          <LiveBadge />
        </Group>
        <AgentCountsLegend />
      </Group>
      <Paper withBorder>
        {monitoring.isPending && <Loader m="md" size="sm" />}
        {monitoring.error && <Alert color="red">{monitoring.error.message}</Alert>}
        {monitoring.data && (
          <MonitoringTable
            rows={monitoring.data}
            fetchedAt={monitoring.dataUpdatedAt}
            now={now}
            hrefOf={(id) => `/supervisor/monitoring/${encodeURIComponent(id)}`}
          />
        )}
      </Paper>
      <Text size="xs" c="dimmed" mt="xs">
        {t('supervisor.monitor.todayHint')}
      </Text>
    </>
  );
}
