import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SATISFACTION_RECENT_HOURS, type Satisfaction } from '@switchboard/protocol';
import { formatSatisfaction } from '../format';

/** Today's average answer (and how many answers), with the last hours' below it. */
export function SatisfactionCell({ today, recent }: { today: Satisfaction; recent: Satisfaction }) {
  const { t } = useTranslation();
  const label = t('supervisor.monitor.satisfactionHint', { hours: SATISFACTION_RECENT_HOURS });
  return (
    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} title={label} data-testid="satisfaction">
      <Text span fw={600} size="sm" data-testid="satisfaction-today">
        {formatSatisfaction(today.average)}
      </Text>
      {today.count > 0 && (
        <Text span size="xs" c="dimmed" ml={4}>
          ({today.count})
        </Text>
      )}
      <Text size="xs" c="dimmed" data-testid="satisfaction-recent">
        {t('supervisor.monitor.satisfactionRecent', {
          hours: SATISFACTION_RECENT_HOURS,
          value: formatSatisfaction(recent.average),
        })}
      </Text>
    </Table.Td>
  );
}
