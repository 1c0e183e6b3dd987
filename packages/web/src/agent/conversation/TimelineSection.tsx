import { Button, Collapse, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { TimelineEvent } from '@switchboard/protocol';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../shared/format';
import { describeExplanation, describeTimelineEvent, type KnownNames } from '../../shared/conversation/timeline-text';

/** The router's decisions for this interaction in the agent's language, folded away until asked for. */
export function TimelineSection({ timeline, known }: { timeline: readonly TimelineEvent[]; known?: KnownNames }) {
  const { t } = useTranslation();
  const [opened, { toggle }] = useDisclosure(false);
  if (timeline.length === 0) return null;
  return (
    <div>
      <Button variant="subtle" size="compact-xs" onClick={toggle} aria-expanded={opened} data-testid="timeline-toggle">
        {opened ? '▾' : '▸'} {t('agent.conversation.timeline', { count: timeline.length })}
      </Button>
      <Collapse expanded={opened}>
        <Stack gap={2} px="sm" pb="xs" mah={160} style={{ overflowY: 'auto' }} data-testid="timeline">
          {timeline.map((event, i) => (
            <Text key={`${event.at}-${i}`} size="xs" c="dimmed" data-testid="timeline-event" data-type={event.type}>
              <Text span ff="monospace" size="xs">
                {formatDateTime(event.at, currentLanguage())}
              </Text>{' '}
              <Text span fw={600} size="xs">
                {describeTimelineEvent(event, t, known)}
              </Text>
              {event.facts?.explanation ? ` — ${describeExplanation(event.facts.explanation, t)}` : ''}
            </Text>
          ))}
        </Stack>
      </Collapse>
    </div>
  );
}
