import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RecordingRow } from '@switchboard/protocol';
import { currentLanguage } from '../../i18n';
import { closeReason } from '../../shared/conversation/timeline-text';
import { DASH, formatMs } from '../format';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { ChannelBadge } from '../../shared/ChannelBadge';

const STATUS_COLOUR = { waiting: 'yellow', offered: 'orange', active: 'green', closed: 'gray' } as const;

export function RecordingsTable({ rows, onOpen }: { rows: readonly RecordingRow[]; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const format = new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'short', timeStyle: 'short' });
  const at = (ms: number | null) => (ms === null ? DASH : format.format(new Date(ms)));
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table highlightOnHover verticalSpacing="xs" data-testid="recordings-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('supervisor.recordings.start')}</Table.Th>
            <Table.Th>{t('supervisor.recordings.end')}</Table.Th>
            <Table.Th>{t('supervisor.recordings.campaign')}</Table.Th>
            <Table.Th>{t('supervisor.recordings.agentsColumn')}</Table.Th>
            <Table.Th>{t('supervisor.recordings.customerColumn')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.recordings.wait')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.recordings.duration')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.recordings.messages')}</Table.Th>
            <Table.Th>{t('supervisor.recordings.disposition')}</Table.Th>
            <Table.Th>{t('supervisor.recordings.status')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.recordings.satisfaction')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && <EmptyTableRow colSpan={11}>{t('supervisor.recordings.empty')}</EmptyTableRow>}
          {rows.map((row) => (
            <Table.Tr
              key={row.id}
              style={{ cursor: 'pointer' }}
              onClick={() => onOpen(row.id)}
              data-testid="recordings-row"
              data-interaction-id={row.id}
            >
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{at(row.startedAt)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{at(row.endedAt)}</Table.Td>
              <Table.Td>{row.campaignName ?? DASH}</Table.Td>
              <Table.Td>{row.agentNames.join(', ') || DASH}</Table.Td>
              <Table.Td>
                <Text size="sm">{row.customerName ?? row.customerNumber}</Text>
                {row.customerName && (
                  <Text size="xs" c="dimmed">
                    {row.customerNumber}
                  </Text>
                )}
                <ChannelBadge channel={row.channel} />
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatMs(row.waitMs)}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatMs(row.durationMs)}
              </Table.Td>
              <Table.Td ta="right">{row.messageCount}</Table.Td>
              <Table.Td>
                <Text size="sm" lineClamp={1} title={row.disposition ?? undefined}>
                  {row.disposition ?? DASH}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={STATUS_COLOUR[row.status]} data-testid="recordings-status">
                  {t(`supervisor.interactionStatus.${row.status}`)}
                </Badge>
                {row.status === 'closed' && (row.closedBy || row.closeReason) && (
                  <Text size="xs" c="dimmed" data-testid="recordings-closed-how">
                    {row.closedBy
                      ? t(
                          row.closedBy.role === 'agent'
                            ? 'supervisor.recordings.closedBy'
                            : 'supervisor.recordings.closedBySupervisor',
                          { name: row.closedBy.name },
                        )
                      : closeReason(row.closeReason ?? '', t)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" data-testid="recording-satisfaction">
                {row.satisfaction ?? DASH}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
