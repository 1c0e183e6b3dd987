import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TimelineEvent } from '@switchboard/protocol';
import { currentLanguage } from '../../i18n';
import { describeExplanation, describeTimelineEvent } from '../../shared/conversation/timeline-text';

/** The router's record of this interaction, oldest first, in the reader's language with people named. */
export function TimelineList({
  timeline,
  agentNames,
}: {
  timeline: readonly TimelineEvent[];
  agentNames?: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  const known = { agent: (id: string) => agentNames?.get(id) };
  const language = currentLanguage();
  const format = new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'medium' });
  const ordered = timeline
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.at - b.event.at || a.index - b.index)
    .map(({ event }) => event);
  if (ordered.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('supervisor.transcript.noTimeline')}
      </Text>
    );
  }
  return (
    <Table verticalSpacing={4} fz="xs" data-testid="timeline">
      <Table.Tbody>
        {ordered.map((event, i) => (
          <Table.Tr key={`${event.at}-${i}`} data-testid="timeline-event" data-type={event.type}>
            <Table.Td ff="monospace" w="1%" style={{ whiteSpace: 'nowrap' }}>
              {format.format(new Date(event.at))}
            </Table.Td>
            <Table.Td>
              <Text span size="xs" fw={600}>
                {describeTimelineEvent(event, t, known)}
              </Text>
              {event.facts?.explanation ? ` — ${describeExplanation(event.facts.explanation, t)}` : ''}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
