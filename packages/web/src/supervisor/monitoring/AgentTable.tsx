import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AgentMonitorRow } from '@switchboard/protocol';
import { currentLanguage } from '../../i18n';
import { formatDuration } from '../../agent/format';
import { colourBeyond, colourStyle, formatMs, formatTime, worse } from '../format';

const STATUS_COLOUR = { available: 'green', paused: 'orange', wrapup: 'violet', offline: 'gray' } as const;

interface Props {
  agents: readonly AgentMonitorRow[];
  chatTime: number;
  fetchedAt: number;
  now: number;
}

/** Per agent (D7): status and since when, active/max, the oldest active chat (red beyond chat time), attended today. */
export function AgentTable({ agents, chatTime, fetchedAt, now }: Props) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" data-testid="agent-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('supervisor.agents.agent')}</Table.Th>
            <Table.Th>{t('supervisor.agents.status')}</Table.Th>
            <Table.Th>{t('supervisor.agents.since')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.agents.active')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.agents.oldestActive')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.agents.attended')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {agents.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={6}>
                <Text c="dimmed" size="sm" ta="center" py="sm">
                  {t('supervisor.agents.empty')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {agents.map((agent) => {
            const oldest = agent.oldestActiveMs === null ? null : agent.oldestActiveMs + Math.max(0, now - fetchedAt);
            const colour = worse(agent.oldestActiveColour, colourBeyond(oldest, chatTime, 'red'));
            return (
              <Table.Tr key={agent.agentId} data-testid="agent-row" data-agent-id={agent.agentId} data-status={agent.status}>
                <Table.Td fw={500}>{agent.displayName}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={STATUS_COLOUR[agent.status]}>
                    {t(`supervisor.agentStatus.${agent.status}`)}
                    {agent.reason ? ` · ${agent.reason}` : ''}
                  </Badge>
                  {agent.busy && (
                    <Badge variant="light" color="blue" ml={4}>
                      {t('supervisor.agentStatus.busy')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {formatTime(agent.since, language)}{' '}
                    <Text span size="xs" c="dimmed" ff="monospace">
                      ({formatDuration(now - agent.since)})
                    </Text>
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  {agent.active}/{agent.max}
                </Table.Td>
                <Table.Td ta="right" ff="monospace" style={colourStyle(colour)} data-testid="agent-oldest" data-colour={colour}>
                  {formatMs(oldest)}
                </Table.Td>
                <Table.Td ta="right">{agent.attendedToday}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
