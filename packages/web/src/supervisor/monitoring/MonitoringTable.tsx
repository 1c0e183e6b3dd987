import { ColorSwatch, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CampaignMonitor } from '@switchboard/protocol';
import { colourStyle, formatMs, formatPercent } from '../format';
import { AgentCounts } from './AgentCounts';
import { SatisfactionCell } from './SatisfactionCell';
import { longestWaitNow, waitingColourNow } from './campaign-colour';
import { EmptyTableRow } from '../../components/EmptyTableRow';

interface Props {
  rows: readonly CampaignMonitor[];
  fetchedAt: number;
  now: number;
  /** Without it the rows are not links (the detail page shows its own row). */
  onOpen?: (campaignId: string) => void;
}

/** One row per campaign with the monitor's figures; the waiting cell carries the threshold colour. */
export function MonitoringTable({ rows, fetchedAt, now, onOpen }: Props) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={1100}>
      <Table highlightOnHover verticalSpacing="xs" data-testid="monitor-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('supervisor.monitor.campaign')}</Table.Th>
            <Table.Th>{t('supervisor.monitor.state')}</Table.Th>
            <Table.Th>{t('supervisor.monitor.agents')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.monitor.waiting')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.monitor.active')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.monitor.attended')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.monitor.abandoned')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.monitor.transferred')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.monitor.sl')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.monitor.slAbandoned')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.monitor.abandonRate')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.monitor.avgWait')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.monitor.avgHandle')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.monitor.satisfaction')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && <EmptyTableRow colSpan={14}>{t('supervisor.monitor.empty')}</EmptyTableRow>}
          {rows.map((row) => {
            const colour = waitingColourNow(row, fetchedAt, now);
            const longest = longestWaitNow(row, fetchedAt, now);
            return (
              <Table.Tr
                key={row.campaignId}
                style={onOpen ? { cursor: 'pointer' } : undefined}
                onClick={onOpen ? () => onOpen(row.campaignId) : undefined}
                data-testid="monitor-row"
                data-campaign-id={row.campaignId}
              >
                <Table.Td>
                  <Text fw={600} c={onOpen ? 'blue' : undefined} size="sm">
                    {row.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap" style={{ whiteSpace: 'nowrap' }}>
                    <ColorSwatch
                      color={`var(--mantine-color-${row.open ? 'teal' : 'orange'}-6)`}
                      size={8}
                      withShadow={false}
                    />
                    <Text size="sm" span>
                      {row.open ? t('supervisor.monitor.open') : t('supervisor.monitor.closed')}
                    </Text>
                    {!row.enabled && (
                      <Text size="xs" c="dimmed" span>
                        ({t('supervisor.monitor.disabled')})
                      </Text>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <AgentCounts agents={row.agents} />
                </Table.Td>
                <Table.Td
                  ta="right"
                  style={{ whiteSpace: 'nowrap', ...colourStyle(colour) }}
                  data-testid="monitor-waiting"
                  data-colour={colour}
                >
                  <Text span inherit fw={700}>
                    {row.waiting}
                  </Text>
                  {row.waiting > 0 && longest !== null && (
                    <Text span size="xs" inherit ff="monospace" ml={6} title={t('supervisor.monitor.longestWait')}>
                      {formatMs(longest)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right" data-testid="monitor-active">
                  {row.active}
                </Table.Td>
                <Table.Td ta="right" data-testid="monitor-attended">
                  {row.attendedToday}
                </Table.Td>
                <Table.Td ta="right" data-testid="monitor-abandoned">
                  {row.abandonedToday}
                </Table.Td>
                <Table.Td ta="right">{row.transferredToday}</Table.Td>
                <Table.Td ta="right" data-testid="monitor-sl">
                  {formatPercent(row.serviceLevelPercent)}
                </Table.Td>
                <Table.Td ta="right" data-testid="monitor-sl-abandoned">
                  {formatPercent(row.serviceLevelWithAbandonedPercent)}
                </Table.Td>
                <Table.Td ta="right" data-testid="monitor-abandon-rate">
                  {formatPercent(row.abandonPercent)}
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatMs(row.averageWaitMs)}
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatMs(row.averageHandleMs)}
                </Table.Td>
                <SatisfactionCell today={row.satisfactionToday} recent={row.satisfactionRecent} />
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
