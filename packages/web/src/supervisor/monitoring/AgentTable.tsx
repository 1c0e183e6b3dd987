import { Badge, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AgentMonitorRow } from '@switchboard/protocol';
import { currentLanguage } from '../../i18n';
import { formatDuration } from '../../shared/format';
import { colourBeyond, colourStyle, DASH, formatMs, formatTime, worse } from '../format';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { SatisfactionCell } from './SatisfactionCell';

const STATUS_COLOUR = { available: 'green', paused: 'orange', wrapup: 'violet', offline: 'gray' } as const;

const DAY_MS = 24 * 3600_000;

/** Since when the agent is in this status: a time and a ticking duration, a date when it was days ago. */
function Since({ since, now, language }: { since: number; now: number; language: string }) {
  // 0 means the agent never signed in.
  if (since <= 0) return <Text size="sm">{DASH}</Text>;
  if (now - since > DAY_MS) {
    return (
      <Text size="sm">
        {new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(since))}
      </Text>
    );
  }
  return (
    <Text size="sm">
      {formatTime(since, language)}{' '}
      <Text span size="xs" c="dimmed" ff="monospace">
        ({formatDuration(now - since)})
      </Text>
    </Text>
  );
}

/** Each chat the agent holds now, with how long they have had it (red beyond the campaign's chat time). */
function CurrentChats({ chats, chatTime, now }: { chats: AgentMonitorRow['chats']; chatTime: number; now: number }) {
  const { t } = useTranslation();
  if (chats.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        {t('supervisor.agents.noChats')}
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      {chats.map((chat) => {
        const age = chat.takenAt === null ? null : Math.max(0, now - chat.takenAt);
        const colour = colourBeyond(age, chatTime, 'red');
        return (
          <Text
            key={chat.interactionId}
            size="xs"
            data-testid="agent-chat"
            data-interaction-id={chat.interactionId}
            data-colour={colour}
          >
            {chat.customer}{' '}
            <Text span size="xs" ff="monospace" style={colourStyle(colour)}>
              {formatMs(age)}
            </Text>
          </Text>
        );
      })}
    </Stack>
  );
}

interface Props {
  agents: readonly AgentMonitorRow[];
  chatTime: number;
  fetchedAt: number;
  now: number;
}

/** Per agent: status and since when, active/max, the oldest active chat (red beyond chat time), attended today. */
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
            <Table.Th>{t('supervisor.agents.chats')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.agents.attended')}</Table.Th>
            <Table.Th ta="right">{t('supervisor.monitor.satisfaction')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {agents.length === 0 && <EmptyTableRow colSpan={8}>{t('supervisor.agents.empty')}</EmptyTableRow>}
          {agents.map((agent) => {
            const oldest = agent.oldestActiveMs === null ? null : agent.oldestActiveMs + Math.max(0, now - fetchedAt);
            const colour = worse(agent.oldestActiveColour, colourBeyond(oldest, chatTime, 'red'));
            return (
              <Table.Tr
                key={agent.agentId}
                data-testid="agent-row"
                data-agent-id={agent.agentId}
                data-status={agent.status}
                data-on-call={agent.onCall}
              >
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
                  {agent.onCall && (
                    <Badge variant="light" color="grape" ml={4} data-testid="agent-on-call">
                      {t('supervisor.agents.onCall')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Since since={agent.since} now={now} language={language} />
                </Table.Td>
                <Table.Td ta="right">
                  {agent.active}/{agent.max}
                </Table.Td>
                <Table.Td
                  ta="right"
                  ff="monospace"
                  style={colourStyle(colour)}
                  data-testid="agent-oldest"
                  data-colour={colour}
                >
                  {formatMs(oldest)}
                </Table.Td>
                <Table.Td data-testid="agent-chats">
                  <CurrentChats chats={agent.chats} chatTime={chatTime} now={now} />
                </Table.Td>
                <Table.Td ta="right">{agent.attendedToday}</Table.Td>
                <SatisfactionCell today={agent.satisfactionToday} recent={agent.satisfactionRecent} />
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
